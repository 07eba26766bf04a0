import Foundation

/// Reads a ZIP file written by `ZipWriter` — or anything else claiming to be a bundle — without
/// trusting it: member names are checked against an allow-list before anything is inflated,
/// sizes against limits, the compression ratio against a ceiling (a small member that would
/// inflate to gigabytes is refused before inflating), local headers against the central
/// directory, and every member's CRC-32.
public struct ZipReader: Sendable {
    public struct Limits: Sendable {
        public var maxFileBytes = 2 << 30
        public var maxMembers = 32
        public var maxMemberBytes = 1 << 30
        /// Uncompressed ÷ compressed. JSON lines deflate about 10:1; 200:1 is a bomb.
        public var maxRatio = 200
        public init() {}
    }

    struct Member: Sendable {
        let name: String
        let method: UInt16
        let crc: UInt32
        let compressedSize: Int
        let size: Int
        let dataOffset: Int
    }

    let bytes: [UInt8]
    private(set) var members: [Member] = []

    /// Parses the directory. `allowed` says which member names may appear (each at most once).
    init(_ bytes: [UInt8], allowed: (String) -> Bool, limits: Limits = Limits()) throws(ZipError) {
        self.bytes = bytes
        guard bytes.count <= limits.maxFileBytes else { throw .limit("the file is \(bytes.count) bytes; at most \(limits.maxFileBytes) are accepted") }
        guard bytes.count >= 22 else { throw .malformed("too short to be a ZIP file") }
        // The end record is the last 22 bytes (bundles have no archive comment).
        let end = bytes.count - 22
        guard u32(end) == 0x0605_4B50 else { throw .malformed("no ZIP end record (a truncated or non-ZIP file, or one with a comment)") }
        let count = Int(u16(end + 10)), dirSize = Int(u32(end + 12)), dirStart = Int(u32(end + 16))
        guard count <= limits.maxMembers else { throw .limit("\(count) members; at most \(limits.maxMembers)") }
        guard dirStart + dirSize == end else { throw .malformed("the central directory is not where the end record says") }
        var seen = Set<String>()
        var p = dirStart
        for _ in 0..<count {
            guard p + 46 <= end, u32(p) == 0x0201_4B50 else { throw .malformed("a damaged central directory entry") }
            let flags = u16(p + 8), method = u16(p + 10), crc = u32(p + 16)
            let compressed = Int(u32(p + 20)), size = Int(u32(p + 24))
            let nameLength = Int(u16(p + 28)), extra = Int(u16(p + 30)), comment = Int(u16(p + 32))
            let localOffset = Int(u32(p + 42))
            guard p + 46 + nameLength + extra + comment <= end else { throw .malformed("a damaged central directory entry") }
            guard let name = String(validating: bytes[(p + 46)..<(p + 46 + nameLength)], as: UTF8.self) else {
                throw .malformed("a member name that is not UTF-8")
            }
            try Self.check(name: name, allowed: allowed)
            guard seen.insert(name).inserted else { throw .malformed("member `\(name)` appears twice") }
            guard flags & 0x0001 == 0 else { throw .malformed("member `\(name)` is encrypted") }
            guard method == 0 || method == 8 else { throw .malformed("member `\(name)` uses compression method \(method); only stored and deflated are read") }
            guard size <= limits.maxMemberBytes else { throw .limit("member `\(name)` is \(size) bytes; at most \(limits.maxMemberBytes)") }
            guard method == 0 ? compressed == size : size <= max(compressed, 1) * limits.maxRatio else {
                throw .limit("member `\(name)` would inflate \(compressed) bytes to \(size) (more than \(limits.maxRatio):1)")
            }
            // The local header must agree with the directory, and the data lie inside the file
            // before the directory.
            guard localOffset + 30 <= dirStart, u32(localOffset) == 0x0403_4B50 else { throw .malformed("member `\(name)` has no local header") }
            let localName = Int(u16(localOffset + 26)), localExtra = Int(u16(localOffset + 28))
            let dataOffset = localOffset + 30 + localName + localExtra
            // Every field the two headers share must agree: flags, method, time, date, CRC, sizes.
            guard localName == nameLength, dataOffset + compressed <= dirStart,
                  Array(bytes[(localOffset + 30)..<(localOffset + 30 + localName)]) == Array(name.utf8),
                  bytes[(localOffset + 6)..<(localOffset + 26)].elementsEqual(bytes[(p + 8)..<(p + 28)]) else {
                throw .malformed("member `\(name)`'s local header disagrees with the directory")
            }
            members.append(Member(name: name, method: method, crc: crc, compressedSize: compressed, size: size, dataOffset: dataOffset))
            p += 46 + nameLength + extra + comment
        }
    }

    /// A member name must be a plain file name: no folders, no way out of wherever it is put.
    static func check(name: String, allowed: (String) -> Bool) throws(ZipError) {
        if name.isEmpty || name.hasPrefix("/") || name.contains("\\") || name.contains("\0")
            || name.split(separator: "/").contains("..") || name.contains("/") {
            throw .malformed("member name `\(name)` is not a plain file name (paths, `..` and absolute names are refused)")
        }
        guard allowed(name) else { throw .malformed("unexpected member `\(name)`") }
    }

    func member(_ name: String) -> Member? { members.first { $0.name == name } }

    /// A member's content, inflated and checked against its CRC-32.
    func content(_ member: Member) throws(ZipError) -> [UInt8] {
        let result: Result<[UInt8], ZipError> = bytes.withUnsafeBytes { raw in
            let slice = UnsafeRawBufferPointer(rebasing: raw[member.dataOffset..<(member.dataOffset + member.compressedSize)])
            return member.method == 0 ? .success(Array(slice)) : Result { () throws(ZipError) in try Deflate.decompress(slice, expected: member.size) }
        }
        let data = try result.get()
        guard data.withUnsafeBytes({ Deflate.crc32($0) }) == member.crc else { throw .malformed("member `\(member.name)` fails its CRC-32 check") }
        return data
    }

    private func u16(_ i: Int) -> UInt16 { UInt16(bytes[i]) | UInt16(bytes[i + 1]) << 8 }
    private func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
}
