import Foundation

/// Where each live span of a `SpanIndex` lies — its signal and onset — by id.
///
/// A sorted table of 32-byte entries: a dictionary of 100,000 ids took 10.5 MB (a hash table
/// keeps a quarter of its room free and grows by doubling), this takes 3.2 MB. An id is found by
/// binary search; adding or removing one moves the entries after it, which is a fraction of a
/// millisecond and happens once per edit.
struct SpanPlaces: Sendable {
    private struct Entry: Sendable {
        var high: UInt64
        var low: UInt64
        var onset: Int64
        var signal: Int32

        func precedes(_ high: UInt64, _ low: UInt64) -> Bool { self.high != high ? self.high < high : self.low < low }
    }

    private var entries: [Entry] = []
    private var signals: [String] = []
    private var signalNumbers: [String: Int32] = [:]
    /// Entries appended by `load` wait here unsorted until `finishLoading`.
    private var sorted = true

    var count: Int { entries.count }

    mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    /// Adds a span's place while loading (any order; ids are unique in a store).
    mutating func load(_ id: UUID, signal: String, onset: Timecode) {
        let (high, low) = Self.key(id)
        entries.append(Entry(high: high, low: low, onset: onset.microseconds, signal: number(signal)))
        sorted = false
    }

    mutating func finishLoading() {
        guard !sorted else { return }
        entries.sort { $0.precedes($1.high, $1.low) }
        sorted = true
    }

    func place(of id: UUID) -> (signal: String, onset: Timecode)? {
        let (high, low) = Self.key(id)
        let i = firstIndex(high, low)
        guard i < entries.count, entries[i].high == high, entries[i].low == low else { return nil }
        return (signals[Int(entries[i].signal)], Timecode(microseconds: entries[i].onset))
    }

    /// Records where the span `id` now lies (added or moved).
    mutating func set(_ id: UUID, signal: String, onset: Timecode) {
        let (high, low) = Self.key(id)
        let entry = Entry(high: high, low: low, onset: onset.microseconds, signal: number(signal))
        let i = firstIndex(high, low)
        if i < entries.count, entries[i].high == high, entries[i].low == low { entries[i] = entry } else { entries.insert(entry, at: i) }
    }

    /// Forgets the span `id`; returns where it was.
    mutating func remove(_ id: UUID) -> (signal: String, onset: Timecode)? {
        guard let place = place(of: id) else { return nil }
        let (high, low) = Self.key(id)
        entries.remove(at: firstIndex(high, low))
        return place
    }

    private func firstIndex(_ high: UInt64, _ low: UInt64) -> Int {
        precondition(sorted, "SpanPlaces used before finishLoading")
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if entries[mid].precedes(high, low) { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    private mutating func number(_ signal: String) -> Int32 {
        if let n = signalNumbers[signal] { return n }
        signals.append(signal)
        signalNumbers[signal] = Int32(signals.count - 1)
        return Int32(signals.count - 1)
    }

    /// The id's 16 bytes as two words: any fixed order will do.
    private static func key(_ id: UUID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id.uuid) { ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }
}
