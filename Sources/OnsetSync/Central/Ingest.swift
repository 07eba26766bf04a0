import Foundation
import OnsetStore

/// Taking a bundle into the central store: who sent it, whether it is intact and signed by the
/// annotator's registered key, whether its lines are well formed and the annotator's own — and
/// then all of it in one transaction, or none of it.
public enum Ingest {
    public struct Result: Sendable {
        public var bundleID: String
        public var annotator: String
        public var project: String
        public var sequence: Int64
        public var outcome: IngestOutcome
        /// Held bundles that could be applied once this one was.
        public var released: [String] = []
        public var releaseProblem: String?

        public var summary: String {
            let head = "bundle \(bundleID) (\(annotator), \(project) #\(sequence)): "
            let tail = (released.isEmpty ? "" : "; then applied the held bundle\(released.count == 1 ? "" : "s") \(released.joined(separator: ", "))")
                + (releaseProblem.map { "; \($0)" } ?? "")
            switch outcome {
            case .applied(let records, let unchanged):
                return head + "applied, \(records) record\(records == 1 ? "" : "s")" + (unchanged > 0 ? " (\(unchanged) already known)" : "") + tail
            case .alreadyApplied: return head + "already ingested; nothing changed"
            case .held(let n): return head + "held: bundle #\(n) from this workstation has not arrived yet"
            case .alreadyHeld(let n): return head + "already held, still waiting for bundle #\(n)"
            }
        }
    }

    /// Ingests `bytes`. `sender` is the annotator the request was authenticated as (a token),
    /// nil for bundles handed over as files (`onset ingest`), where the signature alone speaks.
    public static func ingest(_ bytes: [UInt8], into store: CentralStore, sender: String? = nil,
                              limits: OpenedBundle.Limits = .init()) throws(BundleError) -> Result {
        let bundle = try OpenedBundle.open(bytes, limits: limits)
        let m = bundle.manifest
        do {
            if let sender, sender != m.annotator {
                throw BundleError("the bundle is annotator \(m.annotator)'s, but the token is \(sender)'s")
            }
            guard try store.projectExists(m.project) else { throw BundleError("unknown project \(m.project)") }
            guard let key = try store.publicKey(annotator: m.annotator) else { throw BundleError("unknown annotator \(m.annotator); register their key first") }
            guard try store.isMember(annotator: m.annotator, project: m.project) else {
                throw BundleError("annotator \(m.annotator) is not registered for project \(m.project)")
            }
            let sha256 = BundleFile.sha256(bytes)
            // The same file again: it was verified when it was applied, so the answer is quick.
            if try store.isApplied(bundleID: m.bundle_id, sha256: sha256) {
                return Result(bundleID: m.bundle_id, annotator: m.annotator, project: m.project, sequence: m.sequence, outcome: .alreadyApplied)
            }
            try bundle.verify(registeredKey: key)
            // A bundle that will wait for an earlier one is checked line by line now, so that
            // a bad one is refused at once rather than blocking its successors later.
            if m.sequence > (try store.expectedSequence(workstation: m.workstation, project: m.project)) { try bundle.verifyLines() }
            let meta = IngestBundle(id: m.bundle_id, sha256: sha256, annotator: m.annotator, workstation: m.workstation,
                                    project: m.project, sequence: m.sequence)
            let outcome = try store.ingest(meta, bytes: bytes) { writer in try apply(bundle, to: writer) }
            var result = Result(bundleID: m.bundle_id, annotator: m.annotator, project: m.project, sequence: m.sequence, outcome: outcome)
            if case .applied = outcome {
                if let next = try store.nextHeld(workstation: m.workstation, project: m.project) {
                    // This bundle is in; a problem with a held one is reported, not thrown.
                    do {
                        let r = try ingest(next, into: store, sender: nil, limits: limits)
                        if case .applied = r.outcome { result.released = [r.bundleID] + r.released }
                        result.releaseProblem = r.releaseProblem
                    } catch {
                        result.releaseProblem = "the held bundle after it could not be applied: \(error.description)"
                    }
                }
            }
            return result
        } catch let error as BundleError {
            throw error
        } catch let error as StoreError {
            throw BundleError(error.description)
        } catch {
            throw BundleError("\(error)")
        }
    }

    /// `8-4-4-4-12` hexadecimal digits, checked on bytes (Foundation's parser is slow on Linux).
    static func isUUID(_ text: String) -> Bool {
        var count = 0
        for (i, b) in text.utf8.enumerated() {
            count += 1
            if i == 8 || i == 13 || i == 18 || i == 23 {
                guard b == UInt8(ascii: "-") else { return false }
            } else {
                guard (b >= 48 && b <= 57) || (b | 0x20 >= UInt8(ascii: "a") && b | 0x20 <= UInt8(ascii: "f")) else { return false }
            }
        }
        return count == 36
    }

    /// Writes every line; any line that breaks a rule throws, which rolls the bundle back.
    static func apply(_ bundle: OpenedBundle, to writer: CentralIngest) throws {
        let m = bundle.manifest
        // The op log and the reserved members only need checking: on another core meanwhile.
        let others = bundle.checkInBackground([.operations, .calibration])
        var waves: [String: String?] = [:]
        try bundle.eachLine(.sessions) { number, line in
            guard case .string(let id)? = line["id"] else { return }
            guard line["project"] == .string(m.project) else { throw BundleError("sessions.jsonl:\(number): session \(id) is not in project \(m.project)") }
            let wave: String? = if case .string(let w)? = line["wave"] { w } else { nil }
            waves[id] = wave
            try writer.session(id: id, project: m.project, wave: wave, line: line.text)
        }
        for (member, kind) in [(BundleMember.spans, "span"), (.clipRatings, "clip_rating"), (.predictionReviews, "prediction_review")] {
            try bundle.eachLine(member) { number, line in
                guard case .string(let id)? = line["id"], case .string(let session)? = line["session"],
                      case .int(let revision)? = line["revision"] else { return }
                guard line["annotator"] == .string(m.annotator) else {
                    throw BundleError("\(member.rawValue):\(number): \(kind) \(id) is not annotator \(m.annotator)'s")
                }
                guard let wave = waves[session] else { throw BundleError("\(member.rawValue):\(number): session \(session) is not in sessions.jsonl") }
                if member == .predictionReviews {
                    // One record per prediction and reviewer: the id says whose decision it is.
                    guard case .string(let prediction)? = line["prediction"], id == prediction + "/" + m.annotator else {
                        throw BundleError("\(member.rawValue):\(number): \"\(id)\" must be the prediction's id, `/`, and the reviewer (\(m.annotator))")
                    }
                } else {
                    guard isUUID(id) else { throw BundleError("\(member.rawValue):\(number): \"\(id)\" is not a UUID") }
                }
                let deleted = if case .int? = line["deleted_at_us"] { true } else { false }
                var columns: CentralIngest.SpanColumns?
                if kind == "span", case .string(let signal)? = line["signal"], case .int(let on)? = line["onset_us"], case .int(let off)? = line["offset_us"] {
                    var intensity: Int64?
                    if case .int(let i)? = line["intensity"] { intensity = i }
                    columns = .init(signal: signal, onsetUs: on, offsetUs: off, intensity: intensity)
                }
                if member == .predictionReviews {
                    return try writer.predictionReview(id: id, revision: revision, session: session, wave: wave, deleted: deleted, line: line.text)
                }
                try writer.record(kind: kind, id: id.utf8.contains(where: { $0 >= UInt8(ascii: "a") }) ? id.uppercased() : id, revision: revision,
                                  session: session, wave: wave, deleted: deleted, line: line.text, span: columns)
            }
        }
        try bundle.eachLine(.telemetry) { number, line in
            guard case .string(let session)? = line["session"], case .int(let at)? = line["updated_at_us"] else { return }
            guard line["annotator"] == .string(m.annotator) else { throw BundleError("telemetry.jsonl:\(number): not annotator \(m.annotator)'s") }
            try writer.telemetry(session: session, updatedAtUs: at, line: line.text)
        }
        // The op log stays in the stored bundle file; a bad line in it still refuses the bundle.
        try others()
    }
}
