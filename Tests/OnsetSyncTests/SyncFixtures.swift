import Foundation
import OnsetCore
import OnsetStore
@testable import OnsetSync

/// A workstation store, an identity and a central store in a temporary folder.
final class SyncWorld {
    let folder = NSTemporaryDirectory() + "onset-sync-" + UUID().uuidString
    let scheme = Scheme(id: "test", version: 2, title: "Test",
                        signals: [Signal(id: "a", label: "A", definition: "d", valence: 0, arousal: 0, observability: [],
                                         hotkey: "1", color: RGB(1, 2, 3), cues: [])])
    let central: CentralStore

    init() throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        central = try TestCentral.open(folder: folder)
        try central.addProject("p1")
    }

    deinit { try? FileManager.default.removeItem(atPath: folder) }

    struct Workstation {
        let store: LocalStore
        let identity: Identity
        let outbox: String
    }

    /// A workstation of `annotator` with session `session` in `project`, registered centrally.
    func workstation(_ annotator: String = "ann", name: String = "w1", session: String = "s1", project: String = "p1",
                     register: Bool = true, identity: Identity? = nil) throws -> Workstation {
        let store = try LocalStore(path: folder + "/\(name)/store.sqlite")
        try store.register(SessionFile(id: session, media: "m.mp4", scheme: "test", annotator: annotator, project: project, wave: "w1",
                                       directory: folder, path: folder + "/\(session).toml"), scheme: scheme, annotator: annotator)
        let id = identity ?? Identity.create(annotator: annotator)
        if register { try central.registerAnnotator(annotator, publicKey: id.publicKey, projects: [project]) }
        return Workstation(store: store, identity: id, outbox: folder + "/\(name)/outbox")
    }

    func span(_ on: Int64, _ off: Int64, annotator: String = "ann", session: String = "s1") -> Span {
        Span(sessionID: session, signal: "a", onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
             confidence: 3, intensity: 2, cues: ["x", "y"], rationale: "why ✓ \"quoted\" 日本",
             annotator: annotator, schemeID: "test", schemeVersion: 2)
    }

    func bundle(_ w: Workstation, all: Bool = false, project: String = "p1") throws -> BundleBuilder.Made? {
        try BundleBuilder.create(store: w.store, identity: w.identity, project: project, all: all, outbox: w.outbox) { _ in
            SessionDescription(schemeSHA256: "abc", mediaFile: "m.mp4", mediaFingerprint: "v1:1:2:ff", mediaDurationUs: 2)
        }
    }

    func bytes(_ made: BundleBuilder.Made?) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: made!.path)))
    }

    func exported(_ project: String = "p1") throws -> [[String: Any]] {
        var out: [UInt8] = []
        try DatasetExport.export(central, project: project, wave: nil, format: .jsonl) { out += $0 }
        return String(decoding: out, as: UTF8.self).split(separator: "\n").map {
            try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    /// The bundle's members rewritten, optionally keeping the original manifest and signature.
    static func rezip(_ bytes: [UInt8], change: (String, [UInt8]) -> [UInt8]?) throws -> [UInt8] {
        let reader = try ZipReader(bytes, allowed: { _ in true })
        var writer = ZipWriter()
        for m in reader.members {
            let content = try reader.content(m)
            if let replaced = change(m.name, content) { try writer.add(m.name, replaced) } else if !["drop"].contains(m.name) { try writer.add(m.name, content) }
        }
        return writer.finish()
    }
}
