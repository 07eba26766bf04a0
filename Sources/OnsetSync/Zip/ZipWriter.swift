import Foundation

/// Writes a ZIP file (deflated members, UTF-8 names, no ZIP64) byte for byte the same for the
/// same members: fixed timestamps, fixed attributes, members in the order given.
struct ZipWriter {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// 1980-01-01 00:00, the earliest DOS date: no clock reading leaks into the bytes.
    private static let dosTime: UInt16 = 0, dosDate: UInt16 = (1 << 5) | 1

    /// A member compressed and checksummed, ready to be added (packing is the slow part, and
    /// members can be packed at the same time on several cores).
    struct Packed: Sendable {
        let crc: UInt32
        let method: UInt16
        let data: [UInt8]
        let size: Int
    }

    static func pack(_ content: [UInt8]) throws(ZipError) -> Packed {
        guard content.count < Int(UInt32.max) else { throw .limit("a bundle member holds at most 4 GiB; make smaller bundles") }
        let crc = content.withUnsafeBytes { Deflate.crc32($0) }
        let packed = try content.withUnsafeBytes { raw in Result { () throws(ZipError) in try Deflate.compress(raw) } }.get()
        // Deflate can lose on tiny or random input; then the member is stored as it is.
        return packed.count < content.count ? Packed(crc: crc, method: 8, data: packed, size: content.count)
            : Packed(crc: crc, method: 0, data: content, size: content.count)
    }

    mutating func add(_ name: String, _ content: [UInt8]) throws(ZipError) {
        try add(name, packed: Self.pack(content))
    }

    mutating func add(_ name: String, packed: Packed) throws(ZipError) {
        guard bytes.count + packed.data.count < Int(UInt32.max) else {
            throw .limit("a bundle holds at most 4 GiB; make smaller bundles (fewer sessions at a time)")
        }
        let (crc, method, data) = (packed.crc, packed.method, packed.data)
        let name = Array(name.utf8)
        let offset = UInt32(bytes.count)
        var local: [UInt8] = []
        local.le32(0x0403_4B50); local.le16(20); local.le16(0x0800); local.le16(method)
        local.le16(Self.dosTime); local.le16(Self.dosDate); local.le32(crc)
        local.le32(UInt32(data.count)); local.le32(UInt32(packed.size)); local.le16(UInt16(name.count)); local.le16(0)
        bytes += local; bytes += name; bytes += data
        central.le32(0x0201_4B50); central.le16(0x0314); central.le16(20); central.le16(0x0800); central.le16(method)
        central.le16(Self.dosTime); central.le16(Self.dosDate); central.le32(crc)
        central.le32(UInt32(data.count)); central.le32(UInt32(packed.size)); central.le16(UInt16(name.count))
        central.le16(0); central.le16(0); central.le16(0); central.le16(0)
        central.le32(0o100644 << 16); central.le32(offset)
        central += name
        count += 1
    }

    /// The finished file: members, central directory, end record.
    mutating func finish() -> [UInt8] {
        let start = UInt32(bytes.count)
        bytes += central
        bytes.le32(0x0605_4B50); bytes.le16(0); bytes.le16(0); bytes.le16(UInt16(count)); bytes.le16(UInt16(count))
        bytes.le32(UInt32(central.count)); bytes.le32(start); bytes.le16(0)
        return bytes
    }
}

extension [UInt8] {
    mutating func le16(_ v: UInt16) { append(UInt8(v & 0xFF)); append(UInt8(v >> 8)) }
    mutating func le32(_ v: UInt32) { for i in 0..<4 { append(UInt8((v >> (8 * UInt32(i))) & 0xFF)) } }
}
