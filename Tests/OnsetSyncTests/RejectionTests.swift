import Foundation
import OnsetCore
import OnsetStore
import Testing
@testable import OnsetSync

/// Every way a bundle can be wrong is refused with its reason, and the central store is left
/// exactly as it was.
@Suite struct RejectionTests {
    let world: SyncWorld
    let w: SyncWorld.Workstation
    let good: [UInt8]

    init() throws {
        world = try SyncWorld()
        w = try world.workstation()
        _ = try w.store.create(world.span(0, 1_000_000), actor: "ann")
        good = try world.bytes(try world.bundle(w))
    }

    func refused(_ bytes: [UInt8], sender: String? = nil, limits: OpenedBundle.Limits = .init(), because reason: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
        let before = (try? world.exported().count) ?? -1
        do {
            let r = try Ingest.ingest(bytes, into: world.central, sender: sender, limits: limits)
            Issue.record("accepted: \(r.summary)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.description.contains(reason), "\(error.description)", sourceLocation: sourceLocation)
        }
        #expect((try? world.exported().count) == before, "the central store changed", sourceLocation: sourceLocation)
        #expect((try? world.central.projects().first?.bundles) == 0, sourceLocation: sourceLocation)
    }

    /// A properly signed bundle with members of our choosing.
    func craft(_ identity: Identity, project: String = "p1", sequence: Int64 = 1, sessions: String? = nil, spans: String) throws -> [UInt8] {
        let draft = BundleManifest(bundle_id: "", created_at_us: 1, annotator: identity.annotator, workstation: identity.workstation,
                                   public_key: identity.publicKey, project: project, wave: nil, waves: [], sequence: sequence, schemes: [],
                                   media: [], operations: .init(after_seq: 0, through_seq: 0), counts: [:], members: [:])
        let sessionLine = sessions ?? "{\"id\":\"s1\",\"title\":\"t\",\"project\":\"\(project)\",\"mode\":\"spans\",\"scheme_id\":\"test\",\"scheme_version\":2,\"annotator\":\"\(identity.annotator)\"}\n"
        return try BundleFile.make(draft, members: [.sessions: Array(sessionLine.utf8), .spans: Array(spans.utf8)], identity: identity).bytes
    }

    func spanLine(id: String = UUID().uuidString, annotator: String = "ann", rationale: String = "r") -> String {
        "{\"id\":\"\(id)\",\"session\":\"s1\",\"signal\":\"a\",\"onset_us\":0,\"offset_us\":10,\"confidence\":null,\"intensity\":null,\"cues\":[],\"rationale\":\"\(rationale)\",\"annotator\":\"\(annotator)\",\"scheme_id\":\"test\",\"scheme_version\":2,\"created_at_us\":1,\"updated_at_us\":1,\"revision\":1,\"deleted_at_us\":null}\n"
    }

    @Test func aTamperedMember() throws {
        let bytes = try SyncWorld.rezip(good) { name, content in
            name == "spans.jsonl" ? Array(String(decoding: content, as: UTF8.self).replacingOccurrences(of: "\"onset_us\":0", with: "\"onset_us\":5").utf8) : nil
        }
        refused(bytes, because: "member spans.jsonl was changed")
    }

    @Test func aChangedManifestOrAMissingSignature() throws {
        let changed = try SyncWorld.rezip(good) { name, content in
            name == "manifest.json" ? Array(String(decoding: content, as: UTF8.self).replacingOccurrences(of: "\"created_at_us\"", with: "\"created_at_us\" ").utf8) : nil
        }
        refused(changed, because: "bad signature")
        let unsigned = try SyncWorld.rezip(good) { name, content in name == "manifest.sig" ? Array("not base64!\n".utf8) : nil }
        refused(unsigned, because: "not signed")
    }

    @Test func anUnknownAnnotatorOrAKeyThatIsNotTheRegisteredOne() throws {
        let stranger = Identity.create(annotator: "stranger")
        refused(try craft(stranger, spans: spanLine(annotator: "stranger")), because: "unknown annotator stranger")
        let impostor = Identity.create(annotator: "ann")
        refused(try craft(impostor, spans: spanLine()), because: "not the key registered for annotator \"ann\"")
    }

    @Test func aBundleForAnotherProjectOrAWrongToken() throws {
        try world.central.addProject("p2")
        refused(try craft(w.identity, project: "p2", spans: spanLine()), because: "annotator ann is not registered for project p2")
        refused(try craft(w.identity, project: "nope", spans: spanLine()), because: "unknown project nope")
        refused(good, sender: "someone-else", because: "the token is someone-else's")
    }

    @Test func hostileContainers() throws {
        var escaping = ZipWriter()
        try escaping.add("../../etc/cron.d/x", [1])
        refused(escaping.finish(), because: "not a plain file name")
        var limits = OpenedBundle.Limits()
        limits.maxMemberBytes = 100
        refused(good, limits: limits, because: "at most 100")
        refused(Array("garbage".utf8), because: "too short")
        refused(Array(good.prefix(good.count / 2)), because: "no ZIP end record")
    }

    @Test func malformedLinesAndBrokenSchemas() throws {
        refused(try craft(w.identity, spans: "{\"id\": \"x\",\n"), because: "spans.jsonl:1: malformed JSON")
        refused(try craft(w.identity, spans: spanLine().replacingOccurrences(of: "\"onset_us\":0", with: "\"onset_us\":\"zero\"")),
                because: "spans.jsonl:1: \"onset_us\" must be an integer")
        refused(try craft(w.identity, spans: spanLine().replacingOccurrences(of: "\"session\":\"s1\"", with: "\"session\":\"elsewhere\"")),
                because: "session elsewhere is not in sessions.jsonl")
    }

    @Test func duplicateIdsWithOtherContentAndAnotherAnnotatorsWork() throws {
        let id = UUID().uuidString
        _ = try Ingest.ingest(try craft(w.identity, spans: spanLine(id: id)), into: world.central)
        let bundles = try world.central.projects().first?.bundles
        let count = try world.exported().count
        func stillRefused(_ bytes: [UInt8], _ reason: String) {
            do { _ = try Ingest.ingest(bytes, into: world.central); Issue.record("accepted") } catch { #expect(error.description.contains(reason), "\(error)") }
            #expect(try! world.exported().count == count && world.central.projects().first?.bundles == bundles)
        }
        stillRefused(try craft(w.identity, sequence: 2, spans: spanLine(id: id, rationale: "changed")), "already stored with different content")
        let other = try world.workstation("bob", name: "bob")
        stillRefused(try craft(other.identity, spans: spanLine(id: id, annotator: "bob")), "belongs to annotator ann")
        stillRefused(try craft(other.identity, spans: spanLine(annotator: "ann")), "is not annotator bob's")
    }

    /// Every single-byte change anywhere in a real bundle is refused, or leaves what was signed
    /// exactly as it was (a harmless field such as "version made by").
    @Test func everyFlippedByteIsCaughtOrHarmless() throws {
        let original = try OpenedBundle.open(good)
        func contents(_ b: OpenedBundle) throws -> [String: [UInt8]] {
            var out: [String: [UInt8]] = [:]
            for m in b.zip.members { out[m.name] = try b.zip.content(m) }
            return out
        }
        let reference = try contents(original)
        var harmless = 0
        for i in good.indices {
            var bytes = good
            bytes[i] ^= 0x01
            guard let opened = try? OpenedBundle.open(bytes), (try? opened.verify(registeredKey: w.identity.publicKey)) != nil,
                  (try? opened.verifyLines()) != nil else { continue }
            #expect(try contents(opened) == reference, "byte \(i) changed the content and passed")
            harmless += 1
        }
        // What passes is container metadata outside the signed content (versions, attributes).
        #expect(harmless < good.count / 10, "\(harmless) of \(good.count) flips passed")
    }
}
