/// Values numbered in the order first seen, each kept once: a table that stores many copies of
/// a few values (a lane's session and annotator, a session's signals) keeps a number instead.
struct Interned<Value: Hashable & Sendable>: Sendable {
    private(set) var values: [Value] = []
    private var numbers: [Value: UInt32] = [:]

    subscript(number: UInt32) -> Value { values[Int(number)] }

    /// The value's number, given to it now when it is new.
    mutating func number(_ value: Value) -> UInt32 {
        if let n = numbers[value] { return n }
        values.append(value)
        numbers[value] = UInt32(values.count - 1)
        return UInt32(values.count - 1)
    }
}
