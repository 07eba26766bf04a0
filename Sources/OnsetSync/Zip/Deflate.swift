import CZlib
import Foundation

/// Raw deflate (as ZIP stores it) and CRC-32, through zlib.
enum Deflate {
    /// Level 1: bundles are mostly JSON lines, which compress about as well at the fastest level,
    /// and a million annotations must be bundled in seconds.
    static let level: Int32 = 1

    static func crc32(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var crc: uLong = 0
        var rest = bytes
        // zlib takes 32-bit lengths.
        while !rest.isEmpty {
            let n = min(rest.count, 1 << 30)
            crc = CZlib.crc32(crc, rest.baseAddress!.assumingMemoryBound(to: Bytef.self), uInt(n))
            rest = UnsafeRawBufferPointer(rebasing: rest[n...])
        }
        return UInt32(crc)
    }

    static func compress(_ input: UnsafeRawBufferPointer) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        guard onset_deflate_init_raw(&stream, level) == Z_OK else { throw .compression("deflateInit failed") }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.count)))
        var output = [UInt8](repeating: 0, count: bound)
        let status: Int32 = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            return deflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else { throw .compression("deflate failed (\(status))") }
        output.removeSubrange(Int(stream.total_out)...)
        return output
    }

    /// Inflates exactly `expected` bytes; more or fewer, or a damaged stream, is an error. The
    /// output never grows past `expected`, so a member that claims to be small cannot expand.
    static func decompress(_ input: UnsafeRawBufferPointer, expected: Int) throws(ZipError) -> [UInt8] {
        var stream = z_stream()
        guard onset_inflate_init_raw(&stream) == Z_OK else { throw .compression("inflateInit failed") }
        defer { inflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: expected + 1)
        let status: Int32 = output.withUnsafeMutableBytes { out in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: Bytef.self))
            stream.avail_in = uInt(input.count)
            stream.next_out = out.baseAddress!.assumingMemoryBound(to: Bytef.self)
            stream.avail_out = uInt(out.count)
            return inflate(&stream, Z_FINISH)
        }
        guard status == Z_STREAM_END else {
            if status == Z_BUF_ERROR || Int(stream.total_out) > expected { throw .malformed("a member inflates to more than its stated size") }
            throw .malformed("a member's compressed data is damaged (zlib status \(status))")
        }
        guard Int(stream.total_out) == expected else { throw .malformed("a member inflates to \(stream.total_out) bytes, not its stated \(expected)") }
        output.removeLast()
        return output
    }
}
