import Foundation
import GRDB
import GRDBSQLite

/// Rows of a SQLite statement as JSON lines, written from the column bytes into one buffer.
///
/// Bundles hold a million records as JSON lines. SQLite's `json_object` writes them at about
/// 3 µs a row; this writes the same bytes (same keys and order, `json_object`'s escaping) at a
/// fraction of that, reserving each row's room once and copying runs of bytes.
final class JSONRowWriter {
    private let keyText: [UInt8]
    private let keyRanges: [Range<Int>]
    /// Columns that hold JSON already (e.g. a cues array), copied as they are.
    private let raw: [Bool]
    private let types: UnsafeMutablePointer<Int32>
    /// Each text column's bytes, asked for once per row (SQLite's column calls are a good part
    /// of the cost of a million rows).
    private let texts: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    private(set) var buffer: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int

    /// `keys`: one per selected column, in order; `raw`: the keys whose columns hold JSON.
    init(keys: [String], raw: Set<String> = [], capacity: Int = 1 << 16) {
        keyText = Array(keys.enumerated().map { i, key in (i == 0 ? "{\"" : ",\"") + key + "\":" }.joined().utf8)
        var at = 0
        keyRanges = keys.map { key in
            defer { at += key.utf8.count + 4 }
            return at..<(at + key.utf8.count + 4)
        }
        self.raw = keys.map { raw.contains($0) }
        types = .allocate(capacity: keys.count)
        texts = .allocate(capacity: keys.count)
        texts.initialize(repeating: UnsafeBufferPointer(start: nil, count: 0), count: keys.count)
        self.capacity = max(capacity, 64)
        buffer = malloc(self.capacity)!.assumingMemoryBound(to: UInt8.self)
    }

    deinit {
        types.deallocate()
        texts.deallocate()
        free(buffer)
    }

    /// Writes the statement's current row as one line; returns where it lies.
    @discardableResult
    func append(row s: OpaquePointer) -> Range<Int> {
        // Room for the worst case first (every byte escaped as \u00xx), so that writing never checks.
        var need = keyText.count + 2
        for c in 0..<keyRanges.count {
            let type = sqlite3_column_type(s, Int32(c))
            types[c] = type
            switch type {
            case SQLITE_NULL: need += 4
            case SQLITE_INTEGER: need += 20
            default:
                texts[c] = Self.text(s, c)
                need += 6 * texts[c].count + 2
            }
        }
        reserve(count + need)
        let start = count
        var p = buffer + count
        keyText.withUnsafeBufferPointer { keys in
            for c in 0..<keyRanges.count {
                let key = keyRanges[c]
                (p).update(from: keys.baseAddress! + key.lowerBound, count: key.count)
                p += key.count
                switch types[c] {
                case SQLITE_NULL:
                    p[0] = 110; p[1] = 117; p[2] = 108; p[3] = 108 // null
                    p += 4
                case SQLITE_INTEGER:
                    p = Self.write(sqlite3_column_int64(s, Int32(c)), at: p)
                case SQLITE_FLOAT, _ where raw[c]: // a real number in SQLite's spelling, or JSON held as text
                    let value = texts[c]
                    if let base = value.baseAddress { p.update(from: base, count: value.count) }
                    p += value.count
                default:
                    p = Self.writeString(texts[c], at: p)
                }
            }
        }
        p[0] = 125; p[1] = 10 // }\n
        p += 2
        count = p - buffer
        return start..<count
    }

    /// The bytes written so far.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer, count: count) }

    /// Grows by doubling through `realloc`: a block that large is mapped memory, which glibc
    /// moves with `mremap` instead of copying, and which is asked for huge pages (a member of
    /// hundreds of megabytes otherwise takes a page fault every 4 KiB).
    private func reserve(_ needed: Int) {
        guard needed > capacity else { return }
        var grown = capacity
        while grown < needed { grown *= 2 }
        guard let moved = realloc(buffer, grown) else { fatalError("out of memory for \(grown) bytes of JSON lines") }
        buffer = moved.assumingMemoryBound(to: UInt8.self)
        capacity = grown
        Self.adviseHugePages(moved, grown)
    }

    /// The bytes written so far, as an array.
    func array() -> [UInt8] { array(lines: CollectionOfOne(0..<count)) }

    /// The given lines (ranges of what was written, each at most once) in that order, as an array.
    func array<Lines: Collection<Range<Int>>>(lines: Lines) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            guard let base = out.baseAddress else { initialized = 0; return }
            var at = 0
            for line in lines {
                (base + at).update(from: buffer + line.lowerBound, count: line.count)
                at += line.count
            }
            initialized = at
        }
    }

    /// Asks for huge pages for a large block not yet written: filling hundreds of megabytes
    /// otherwise takes a page fault every 4 KiB (a quarter of a million for a million spans).
    private static func adviseHugePages(_ start: UnsafeMutableRawPointer, _ count: Int) {
        let huge = 2 << 20
        guard count >= 8 * huge else { return }
        let from = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let end = (Int(bitPattern: start) + count) & ~(huge - 1)
        if end > from { _ = madvise(UnsafeMutableRawPointer(bitPattern: from), end - from, MADV_HUGEPAGE) }
    }

    /// Whether column `c` of the current row holds exactly `bytes`.
    static func column(_ s: OpaquePointer, _ c: Int, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let value = text(s, c)
        guard value.count == bytes.count else { return false }
        return value.count == 0 || memcmp(value.baseAddress!, bytes.baseAddress!, value.count) == 0
    }

    static func text(_ s: OpaquePointer, _ c: Int) -> UnsafeBufferPointer<UInt8> {
        guard let p = sqlite3_column_text(s, Int32(c)) else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: p, count: Int(sqlite3_column_bytes(s, Int32(c))))
    }

    private static func write(_ value: Int64, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = p
        if value < 0 { p[0] = 45; p += 1 }
        var magnitude = value.magnitude
        // At most 19 digits (Int64.min's magnitude is below 10^19), counted without dividing.
        var digits = 1
        var limit: UInt64 = 10
        while digits < 19, magnitude >= limit { digits += 1; limit &*= 10 }
        // Two digits per division: timestamps in microseconds have sixteen.
        var i = digits
        while magnitude >= 100 {
            let q = magnitude / 100
            let r = UInt8(truncatingIfNeeded: magnitude &- q &* 100)
            i -= 2
            p[i] = 48 &+ r / 10
            p[i + 1] = 48 &+ r % 10
            magnitude = q
        }
        let r = UInt8(truncatingIfNeeded: magnitude)
        if magnitude >= 10 {
            p[0] = 48 &+ r / 10
            p[1] = 48 &+ r % 10
        } else {
            p[0] = 48 &+ r
        }
        return p + digits
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// Whether any of the eight bytes is below 0x20, a quote or a backslash (bytes of UTF-8
    /// sequences, 0x80 and up, never are). The classic zero-byte tests: exact for "any".
    @inline(__always)
    private static func mayNeedEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & high }
        let below = (word &- ones &* 0x20) & ~word & high
        return below | hasZero(word ^ (ones &* 34)) | hasZero(word ^ (ones &* 92)) != 0
    }

    /// A JSON string as `json_object` writes it: `"` and `\` escaped, control characters as
    /// \b \f \n \r \t or \u00xx, everything else (UTF-8 included) as it is.
    private static func writeString(_ value: UnsafeBufferPointer<UInt8>, at p: UnsafeMutablePointer<UInt8>) -> UnsafeMutablePointer<UInt8> {
        var p = p
        p[0] = 34
        p += 1
        guard let base = value.baseAddress else { p[0] = 34; return p + 1 }
        var runStart = 0
        var i = 0
        while i < value.count {
            // Eight bytes at a time while none of them needs escaping (nearly all text).
            if i + 8 <= value.count, !mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) {
                i += 8
                continue
            }
            let byte = base[i]
            i += 1
            guard byte < 0x20 || byte == 34 || byte == 92 else { continue }
            let at = i - 1
            p.update(from: base + runStart, count: at - runStart)
            p += at - runStart
            runStart = at + 1
            p[0] = 92
            switch byte {
            case 34: p[1] = 34; p += 2
            case 92: p[1] = 92; p += 2
            case 8: p[1] = 98; p += 2
            case 12: p[1] = 102; p += 2
            case 10: p[1] = 110; p += 2
            case 13: p[1] = 114; p += 2
            case 9: p[1] = 116; p += 2
            default:
                p[1] = 117; p[2] = 48; p[3] = 48; p[4] = hex[Int(byte >> 4)]; p[5] = hex[Int(byte & 15)]
                p += 6
            }
        }
        p.update(from: base + runStart, count: value.count - runStart)
        p += value.count - runStart
        p[0] = 34
        return p + 1
    }
}
