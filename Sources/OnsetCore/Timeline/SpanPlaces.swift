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
        var signal: UInt32

        func precedes(_ high: UInt64, _ low: UInt64) -> Bool { self.high != high ? self.high < high : self.low < low }
    }

    private var entries: [Entry] = []
    private var signals = Interned<String>()
    /// Entries appended by `load` wait here unsorted until `finishLoading`.
    private var sorted = true

    var count: Int { entries.count }

    mutating func reserveCapacity(_ n: Int) { entries.reserveCapacity(n) }

    /// Adds a span's place while loading (any order; ids are unique in a store).
    mutating func load(_ id: UUID, signal: String, onset: Timecode) {
        let (high, low) = Self.key(id)
        entries.append(Entry(high: high, low: low, onset: onset.microseconds, signal: signals.number(signal)))
        sorted = false
    }

    mutating func finishLoading() {
        guard !sorted else { return }
        entries.sort { $0.precedes($1.high, $1.low) }
        sorted = true
    }

    func place(of id: UUID) -> (signal: String, onset: Timecode)? {
        let (i, found) = index(of: id)
        return found ? place(entries[i]) : nil
    }

    /// Records where the span `id` now lies (added or moved).
    mutating func set(_ id: UUID, signal: String, onset: Timecode) {
        let (high, low) = Self.key(id)
        let entry = Entry(high: high, low: low, onset: onset.microseconds, signal: signals.number(signal))
        let (i, found) = index(of: id)
        if found { entries[i] = entry } else { entries.insert(entry, at: i) }
    }

    /// Forgets the span `id`; returns where it was.
    mutating func remove(_ id: UUID) -> (signal: String, onset: Timecode)? {
        let (i, found) = index(of: id)
        return found ? place(entries.remove(at: i)) : nil
    }

    private func place(_ entry: Entry) -> (signal: String, onset: Timecode) {
        (signals[entry.signal], Timecode(microseconds: entry.onset))
    }

    /// Where `id`'s entry is, or would go, and whether it is there.
    private func index(of id: UUID) -> (Int, found: Bool) {
        let (high, low) = Self.key(id)
        let i = firstIndex(high, low)
        return (i, i < entries.count && entries[i].high == high && entries[i].low == low)
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

    /// The id's 16 bytes as two words: any fixed order will do.
    private static func key(_ id: UUID) -> (UInt64, UInt64) {
        withUnsafeBytes(of: id.uuid) { ($0.loadUnaligned(fromByteOffset: 0, as: UInt64.self), $0.loadUnaligned(fromByteOffset: 8, as: UInt64.self)) }
    }
}
