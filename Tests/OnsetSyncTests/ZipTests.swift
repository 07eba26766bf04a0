import Foundation
import Testing
@testable import OnsetSync

@Suite struct ZipTests {
    static func allow(_ name: String) -> Bool { true }

    @Test func writesTheSameBytesForTheSameMembersAndReadsThemBack() throws {
        func make() throws -> [UInt8] {
            var z = ZipWriter()
            try z.add("a.jsonl", Array(String(repeating: "{\"x\":1}\n", count: 1000).utf8))
            try z.add("empty.jsonl", [])
            try z.add("b.bin", [0, 1, 2])
            return z.finish()
        }
        let bytes = try make()
        #expect(try make() == bytes)
        let r = try ZipReader(bytes, allowed: Self.allow)
        #expect(r.members.map(\.name) == ["a.jsonl", "empty.jsonl", "b.bin"])
        #expect(try r.content(r.member("a.jsonl")!).count == 8000)
        #expect(r.member("a.jsonl")!.method == 8 && r.member("b.bin")!.method == 0)
        #expect(try r.content(r.member("empty.jsonl")!).isEmpty)
    }

    @Test func pythonsZipfileReadsIt() throws {
        var z = ZipWriter()
        try z.add("manifest.json", Array("{\"é\": \"ü\"}\n".utf8))
        let path = NSTemporaryDirectory() + "zip-\(UUID().uuidString).zip"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(z.finish()).write(to: URL(fileURLWithPath: path))
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", "import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print(z.read('manifest.json').decode())", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        #expect(String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) == "{\"é\": \"ü\"}\n\n")
    }

    @Test(arguments: ["../evil", "/etc/passwd", "a/b", "a\\b", ""])
    func refusesNamesThatAreNotPlainFileNames(name: String) throws {
        var z = ZipWriter()
        try z.add(name, [1])
        #expect(throws: ZipError.self) { try ZipReader(z.finish(), allowed: Self.allow) }
    }

    @Test func refusesBombsTruncationDamageAndDuplicates() throws {
        var bomb = ZipWriter()
        try bomb.add("a", [UInt8](repeating: 0, count: 1 << 20))
        let bombBytes = bomb.finish()
        #expect(throws: ZipError.limit("member `a` would inflate 1220 bytes to 1048576 (more than 200:1)")) { try ZipReader(bombBytes, allowed: Self.allow) }

        var ok = ZipWriter()
        try ok.add("a", Array(String(repeating: "some text, ", count: 200).utf8))
        let bytes = ok.finish()
        #expect(throws: ZipError.self) { try ZipReader(Array(bytes.dropLast(5)), allowed: Self.allow) }
        var flipped = bytes
        flipped[40] ^= 0xFF // inside the deflated data
        let reader = try? ZipReader(flipped, allowed: Self.allow)
        #expect(throws: ZipError.self) { try reader.map { try $0.content($0.members[0]) } ?? { throw ZipError.malformed("x") }() }

        var twice = ZipWriter()
        try twice.add("a", [1]); try twice.add("a", [2])
        #expect(throws: ZipError.malformed("member `a` appears twice")) { try ZipReader(twice.finish(), allowed: Self.allow) }
        #expect(throws: ZipError.self) { try ZipReader(Array("PK not really".utf8), allowed: Self.allow) }
        #expect(throws: ZipError.malformed("unexpected member `x`")) { try ZipReader(bytes.isEmpty ? [] : { var w = ZipWriter(); try w.add("x", [1]); return w.finish() }(), allowed: { $0 == "a" }) }
    }

    /// A member inflates to exactly its stated size or not at all: a stream that would grow past
    /// it stops there (no bomb gets its memory), one that falls short or is damaged is refused.
    @Test func inflatingHoldsAMemberToItsStatedSize() throws {
        let text = Array(String(repeating: "{\"signal\":\"interest\",\"onset_us\":1200}\n", count: 500).utf8)
        let packed = try text.withUnsafeBytes { try Deflate.compress($0) }
        #expect(packed.count < text.count / 10)
        #expect(try packed.withUnsafeBytes { try Deflate.decompress($0, expected: text.count) } == text)
        #expect(throws: ZipError.malformed("a member inflates to more than its stated size")) {
            try packed.withUnsafeBytes { try Deflate.decompress($0, expected: text.count - 1) }
        }
        #expect(throws: ZipError.malformed("a member inflates to \(text.count) bytes, not its stated \(text.count + 1)")) {
            try packed.withUnsafeBytes { try Deflate.decompress($0, expected: text.count + 1) }
        }
        #expect(throws: ZipError.self) { try Array(packed.prefix(packed.count / 2)).withUnsafeBytes { try Deflate.decompress($0, expected: text.count) } }
        #expect(try [UInt8]().withUnsafeBytes { try Deflate.compress($0) }.withUnsafeBytes { try Deflate.decompress($0, expected: 0) } == [])
        // CRC-32's check value, and what Python's zlib.crc32 gives for the text.
        #expect(Array("123456789".utf8).withUnsafeBytes { Deflate.crc32($0) } == 0xCBF4_3926)
        #expect(text.withUnsafeBytes { Deflate.crc32($0) } == 0xCB75_8B25)
    }
}
