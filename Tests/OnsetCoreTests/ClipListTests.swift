import Foundation
import Testing
@testable import OnsetCore

/// The clips of a rating session, from a list, a manifest or a folder.
struct ClipListTests {
    func folder() throws -> String {
        let dir = NSTemporaryDirectory() + "cliplist-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir + "/clips", withIntermediateDirectories: true)
        for name in ["b.mp4", "a.mov", "notes.txt", ".hidden.mp4"] { FileManager.default.createFile(atPath: dir + "/clips/" + name, contents: Data()) }
        try "a dog surfs a wave\n".write(toFile: dir + "/clips/a.txt", atomically: true, encoding: .utf8)
        return dir
    }

    func session(_ dir: String, _ body: String) throws -> SessionFile {
        try SessionFile.parse(toml: "scheme = \"video-quality\"\nmode = \"rating\"\n" + body, path: dir + "/rate.toml")
    }

    @Test func aManifestGivesPromptCategoryAndMetadataAndListsWhatItLeftOut() throws {
        let dir = try folder()
        try """
        path,category,prompt,seed
        clips/b.mp4,cinematic,"a city at night, rain",42
        clips/missing.mp4,street-level,,7
        clips/a.mov,,,
        clips/b.mp4,cinematic,again,1
        """.write(toFile: dir + "/clips.csv", atomically: true, encoding: .utf8)
        let list = try ClipList.read(try session(dir, "clips_manifest = \"clips.csv\"\n"))
        #expect(list.clips.map(\.name) == ["clips/b.mp4", "clips/a.mov"])
        #expect(list.clips[0].path == dir + "/clips/b.mp4")
        #expect(list.clips[0].prompt == "a city at night, rain" && list.clips[0].category == "cinematic" && list.clips[0].metadata == ["seed": "42"])
        #expect(list.skipped.count == 2)
        #expect(list.skipped.contains { $0.contains("clips.csv:5") && $0.contains("listed again") })
        #expect(list.skipped.contains { $0.contains("clips.csv:3") && $0.contains("missing.mp4: no such clip") })
    }

    @Test func aFolderGivesItsVideosInOrderWithSidecarPrompts() throws {
        let dir = try folder()
        let list = try ClipList.read(try session(dir, "clips_folder = \"clips\"\n"))
        #expect(list.clips.map(\.name) == ["clips/a.mov", "clips/b.mp4"])
        #expect(list.clips[0].prompt == "a dog surfs a wave" && list.clips[1].prompt == nil)
    }

    @Test func nothingToRateIsAnErrorThatSaysWhy() throws {
        let dir = try folder()
        let gone = try session(dir, "clips = [\"gone.mp4\"]\n")
        let error = #expect(throws: FileError.self) { try ClipList.read(gone) }
        #expect(error?.description.contains("no clip to rate") == true && error?.description.contains("gone.mp4: no such clip") == true)
        #expect(throws: FileError.self) { try session(dir, "clips = [\"a.mp4\"]\nclips_folder = \"clips\"\n") }
    }
}
