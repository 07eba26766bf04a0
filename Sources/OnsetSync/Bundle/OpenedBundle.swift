import Foundation

/// Why a bundle is refused. Every case says precisely what is wrong and where.
public struct BundleError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// A bundle read from bytes that came from anywhere: nothing in it is trusted until `verify`
/// and the line checks say so.
public struct OpenedBundle: Sendable {
    public let manifest: BundleManifest
    let manifestBytes: [UInt8]
    let signature: Data?
    let zip: ZipReader

    public typealias Limits = ZipReader.Limits

    public static func open(_ bytes: [UInt8], limits: Limits = Limits()) throws(BundleError) -> OpenedBundle {
        let zip: ZipReader
        do { zip = try ZipReader(bytes, allowed: BundleMember.isAllowed, limits: limits) } catch { throw BundleError(error.description) }
        guard let m = zip.member(BundleMember.manifest) else { throw BundleError("no manifest.json in the bundle") }
        let manifestBytes: [UInt8]
        do { manifestBytes = try zip.content(m) } catch { throw BundleError(error.description) }
        // The format and version first: a newer bundle gets a clear message, not a decode error.
        guard let loose = try? JSONSerialization.jsonObject(with: Data(manifestBytes)) as? [String: Any] else {
            throw BundleError("manifest.json is not a JSON object")
        }
        guard loose["format"] as? String == BundleManifest.formatName else { throw BundleError("manifest.json: not an Onset bundle (format is not \"onset-bundle\")") }
        guard let version = loose["format_version"] as? Int, version == BundleManifest.currentVersion else {
            throw BundleError("manifest.json: bundle format version \(loose["format_version"] ?? "none"); this Onset reads version \(BundleManifest.currentVersion)")
        }
        let manifest: BundleManifest
        do { manifest = try JSONDecoder().decode(BundleManifest.self, from: Data(manifestBytes)) } catch {
            throw BundleError("manifest.json: \(Self.describe(error))")
        }
        var signature: Data?
        if let s = zip.member(BundleMember.signature), let text = try? zip.content(s) {
            signature = Data(base64Encoded: String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        return OpenedBundle(manifest: manifest, manifestBytes: manifestBytes, signature: signature, zip: zip)
    }

    /// Checks the signature (against `registeredKey` when the verifier knows the annotator's
    /// key, else against the manifest's own key) and every member's size, SHA-256 and line count.
    /// Does not read the lines themselves: `eachLine` checks those.
    public func verify(registeredKey: String? = nil) throws(BundleError) {
        guard let signature else { throw BundleError("the bundle is not signed (manifest.sig is missing or not base64)") }
        if let registeredKey, registeredKey != manifest.public_key {
            throw BundleError("signed with key \(Self.fingerprint(manifest.public_key)), not the key registered for annotator \"\(manifest.annotator)\" (\(Self.fingerprint(registeredKey)))")
        }
        guard Identity.verify(signature, over: manifestBytes, publicKey: registeredKey ?? manifest.public_key) else {
            throw BundleError("bad signature: manifest.json was changed after signing, or signed by another key")
        }
        let present = Set(zip.members.map(\.name)).subtracting([BundleMember.manifest, BundleMember.signature])
        let listed = Set(manifest.members.keys)
        if let extra = present.subtracting(listed).sorted().first { throw BundleError("member \(extra) is not listed in the manifest") }
        // Each member is inflated, hashed and counted on its own core.
        let names = listed.sorted()
        let problems = ResultSlots<Void>(count: names.count)
        DispatchQueue.concurrentPerform(iterations: names.count) { i in
            problems[i] = Result { try check(member: names[i]) }
        }
        for i in names.indices { if case .failure(let error)? = problems[i] { throw error as? BundleError ?? BundleError("\(error)") } }
    }

    private func check(member name: String) throws(BundleError) {
        guard let entry = manifest.members[name] else { return }
        guard BundleMember(rawValue: name) != nil else { throw BundleError("the manifest lists an unknown member \(name)") }
        guard let member = zip.member(name) else { throw BundleError("member \(name) is listed in the manifest but missing") }
        let content: [UInt8]
        do { content = try zip.content(member) } catch { throw BundleError(error.description) }
        guard content.count == entry.bytes else { throw BundleError("member \(name) is \(content.count) bytes; the manifest says \(entry.bytes)") }
        guard BundleFile.sha256(content) == entry.sha256 else { throw BundleError("member \(name) was changed: its SHA-256 does not match the manifest") }
        let lines = BundleFile.lineCount(content)
        guard lines == entry.lines else { throw BundleError("member \(name) has \(lines) lines; the manifest says \(entry.lines)") }
    }

    /// Calls `body` with every line of `member`, checked against its schema; the first bad
    /// line is an error naming the member and line number.
    func eachLine(_ member: BundleMember, _ body: (Int, JSONLine) throws -> Void) throws {
        guard let entry = zip.member(member.rawValue) else { return }
        let content = try zip.content(entry)
        try content.withUnsafeBytes { raw in
            var start = 0, number = 0
            while start < raw.count {
                let end = raw[start...].firstIndex(of: 10) ?? raw.count
                number += 1
                let line: JSONLine
                do { line = try JSONLine(UnsafeRawBufferPointer(rebasing: raw[start..<end])) } catch let error as JSONLine.ParseError {
                    throw BundleError("\(member.rawValue):\(number): malformed JSON: \(error.message)")
                }
                if let problem = BundleSchema.problem(line, member) { throw BundleError("\(member.rawValue):\(number): \(problem)") }
                try body(number, line)
                start = end + 1
            }
        }
    }

    /// The bundle's checks that need its lines: schema, ownership (every record is the
    /// annotator's own) and sessions that exist in the bundle. Used by `onset bundle verify`;
    /// ingest does the same while applying.
    public func verifyLines() throws {
        // The op log and the other members are checked on another core meanwhile.
        let others = checkInBackground([.telemetry, .operations, .calibration])
        var sessions = Set<String>()
        try eachLine(.sessions) { _, line in
            if case .string(let id)? = line["id"] { sessions.insert(id) }
            if line["project"] != .string(manifest.project) { throw BundleError("sessions.jsonl: session \(line["id"].map { "\($0)" } ?? "") is not in project \(manifest.project)") }
        }
        for member in [BundleMember.spans, .clipRatings, .predictionReviews] {
            var seen: [String: Int64] = [:]
            try eachLine(member) { number, line in
                guard case .string(let id)? = line["id"], case .string(let session)? = line["session"] else { return }
                guard line["annotator"] == .string(manifest.annotator) else {
                    throw BundleError("\(member.rawValue):\(number): record \(id) belongs to another annotator than the bundle's (\(manifest.annotator))")
                }
                guard sessions.contains(session) else { throw BundleError("\(member.rawValue):\(number): session \(session) is not in sessions.jsonl") }
                guard case .int(let revision)? = line["revision"] else { return }
                if let earlier = seen[id], earlier == revision { throw BundleError("\(member.rawValue):\(number): record \(id) revision \(revision) appears twice") }
                seen[id] = revision
            }
        }
        try others()
    }

    /// Checks the lines of `members` on another thread; the returned function waits and rethrows.
    func checkInBackground(_ members: [BundleMember]) -> () throws -> Void {
        let done = DispatchGroup()
        let outcome = ResultSlots<Void>(count: 1)
        DispatchQueue.global(qos: .userInitiated).async(group: done) { [self] in
            outcome[0] = Result { for member in members { try eachLine(member) { _, _ in } } }
        }
        return {
            done.wait()
            try outcome[0]?.get()
        }
    }

    static func fingerprint(_ publicKey: String) -> String {
        Data(base64Encoded: publicKey).map(Identity.fingerprint(ofPublicKey:)) ?? "(not a key)"
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): "\"\(key.stringValue)\" is missing"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "."))\" has the wrong type"
        default: "\(error)"
        }
    }
}
