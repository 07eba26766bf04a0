import Foundation

/// A set of record ids (byte strings) for membership tests over a million rows.
///
/// A bundle of a million changes asks "did the op log touch this span?" once per span. A Swift
/// `Set` of 56-byte keys hashed by SipHash spent ~1.4 s of a 5.7 s bundle on that: hashing, and
/// a cache and TLB miss per probe into 120 MB of keys and table. Here the ids' bytes lie end to
/// end in one arena, and the table holds one 8-byte word per slot — the upper half of the id's
/// hash as a tag, the id's number in the lower half — so a probe reads the arena only when the
/// tags match, which for an absent id is almost never.
struct IDSet {
    private var arena: [UInt8] = []
    /// Where id `n` starts in `arena`; it ends where id `n + 1` starts.
    private var starts: [UInt32] = [0]
    private var table: [UInt64]
    private var mask: Int

    /// How many distinct ids it holds.
    var count: Int { starts.count - 1 }

    /// Room for `capacity` ids before the table grows.
    init(capacity: Int = 16) {
        let slots = max(16, (max(capacity, 1) * 2).nextPowerOfTwo)
        table = [UInt64](repeating: 0, count: slots)
        mask = slots - 1
        starts.reserveCapacity(capacity + 1)
        arena.reserveCapacity(capacity * 36)
    }

    mutating func insert(_ id: UnsafeBufferPointer<UInt8>) {
        let (hash, slot, found) = probe(id)
        guard !found else { return }
        precondition(arena.count + id.count < Int(UInt32.max) && count < Int(UInt32.max) - 1, "more ids than a bundle can hold")
        arena.append(contentsOf: id)
        starts.append(UInt32(arena.count))
        table[slot] = hash & 0xFFFF_FFFF_0000_0000 | UInt64(count)
        if count * 2 > table.count { grow() }
    }

    func contains(_ id: UnsafeBufferPointer<UInt8>) -> Bool { probe(id).found }

    /// The id's hash and its slot: the one holding it, or the empty one where it would go.
    private func probe(_ id: UnsafeBufferPointer<UInt8>) -> (hash: UInt64, slot: Int, found: Bool) {
        let hash = Self.hash(id)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while table[slot] != 0 {
            if table[slot] >> 32 == hash >> 32, equals(Int(table[slot] & 0xFFFF_FFFF) - 1, id) { return (hash, slot, true) }
            slot = (slot + 1) & mask
        }
        return (hash, slot, false)
    }

    private func equals(_ n: Int, _ id: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = Int(starts[n]), end = Int(starts[n + 1])
        guard end - start == id.count else { return false }
        return arena.withUnsafeBufferPointer { memcmp($0.baseAddress! + start, id.baseAddress ?? $0.baseAddress!, id.count) == 0 }
    }

    private mutating func grow() {
        let old = table
        table = [UInt64](repeating: 0, count: old.count * 2)
        mask = table.count - 1
        arena.withUnsafeBufferPointer { bytes in
            for entry in old where entry != 0 {
                let n = Int(entry & 0xFFFF_FFFF) - 1
                let id = UnsafeBufferPointer(rebasing: bytes[Int(starts[n])..<Int(starts[n + 1])])
                var slot = Int(truncatingIfNeeded: Self.hash(id)) & mask
                while table[slot] != 0 { slot = (slot + 1) & mask }
                table[slot] = entry
            }
        }
    }

    /// Eight bytes at a time, each word multiplied in and folded (ids are the workstation's own:
    /// no adversary picks them, so a keyed hash buys nothing here).
    static func hash(_ id: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(id.count)
        guard let base = id.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        var at = 0
        while at + 8 <= id.count {
            h = (h ^ raw.loadUnaligned(fromByteOffset: at, as: UInt64.self)) &* 0xFF51_AFD7_ED55_8CCD
            h ^= h >> 32
            at += 8
        }
        var tail: UInt64 = 0
        for i in at..<id.count { tail = tail << 8 | UInt64(base[i]) }
        h = (h ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 29
        h &*= 0xBF58_476D_1CE4_E5B9
        return h ^ (h >> 32)
    }
}

private extension Int {
    var nextPowerOfTwo: Int { self <= 1 ? 1 : 1 << (Int.bitWidth - (self - 1).leadingZeroBitCount) }
}
