import Dispatch

/// `map` over independent, CPU-bound pieces of work on every core, results in input order.
enum ParallelMap {
    static func map<T: Sendable, R>(_ items: [T], _ transform: (T) -> R) -> [R] {
        guard items.count > 1 else { return items.map(transform) }
        var results = [R?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { slots in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let out = slots
            withoutActuallyEscaping(transform) { transform in
                nonisolated(unsafe) let work = transform
                DispatchQueue.concurrentPerform(iterations: items.count) { i in out[i] = work(items[i]) }
            }
        }
        return results.map { $0! }
    }
}
