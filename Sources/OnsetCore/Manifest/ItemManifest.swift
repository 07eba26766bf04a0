import Foundation

/// Media items read from a manifest (CSV with a header, or JSON Lines): a wave's items, or the
/// clips of a rating queue.
///
/// Per item: `media` (a path or URI as the annotation servers see it; `path` and `uri` are
/// accepted names), and optionally `id` (default: the media's file name without extension),
/// `session` (the session id annotators work in; default `<project>.<wave>.<id>`),
/// `fingerprint`, `duration` (seconds) or `duration_us`, `transcript`, `prompt`. Any other
/// column or key (and a JSONL `metadata` object) is the item's source metadata, kept as given.
/// Every problem is collected with its line, so a whole manifest is fixed in one pass.
public struct ItemManifest: Sendable {
    public struct Item: Sendable, Equatable {
        public var line: Int
        public var id: String
        public var media: String
        public var session: String?
        public var fingerprint: String?
        public var durationUs: Int64?
        public var transcript: String?
        public var prompt: String?
        /// A JSON object, keys sorted.
        public var metadata: String

        public init(line: Int, id: String, media: String, session: String? = nil, fingerprint: String? = nil, durationUs: Int64? = nil,
                    transcript: String? = nil, prompt: String? = nil, metadata: String) {
            self.line = line
            self.id = id
            self.media = media
            self.session = session
            self.fingerprint = fingerprint
            self.durationUs = durationUs
            self.transcript = transcript
            self.prompt = prompt
            self.metadata = metadata
        }
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var file: String
        public var line: Int?
        public var message: String
        public var description: String { "\(file)\(line.map { ":\($0)" } ?? ""): \(message)" }

        public init(file: String, line: Int?, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }
    }

    public var file: String
    public var items: [Item] = []
    public var problems: [Problem] = []

    static let known: Set<String> = ["id", "media", "path", "uri", "session", "fingerprint", "duration", "duration_us", "transcript", "prompt", "metadata"]

    /// Reads `text`; JSON Lines when the file name ends in `.jsonl`/`.ndjson` or the first
    /// non-blank character is `{`, CSV otherwise.
    public static func parse(_ text: String, file: String) -> ItemManifest {
        var manifest = ItemManifest(file: file)
        let firstChar = text.first { !$0.isWhitespace }
        if file.hasSuffix(".jsonl") || file.hasSuffix(".ndjson") || firstChar == "{" {
            manifest.readJSONLines(text)
        } else {
            manifest.readCSV(text)
        }
        manifest.checkDuplicates()
        if manifest.items.isEmpty && manifest.problems.isEmpty { manifest.fail(nil, "lists no items") }
        return manifest
    }

    mutating func fail(_ line: Int?, _ message: String) { problems.append(Problem(file: file, line: line, message: message)) }

    mutating func readCSV(_ text: String) {
        let records: [(line: Int, fields: [String])]
        do { records = try CSV.records(text) } catch { return fail(error.line, error.message) }
        guard let header = records.first else { return }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard names.contains("media") || names.contains("path") || names.contains("uri") else {
            return fail(header.line, "the header needs a `media` (or `path`, `uri`) column; it has: \(names.joined(separator: ", "))")
        }
        for record in records.dropFirst() {
            guard record.fields.count == names.count else {
                fail(record.line, "\(record.fields.count) fields where the header has \(names.count)")
                continue
            }
            var values: [String: Any] = [:]
            var extra: [(String, String)] = []
            for (name, value) in zip(names, record.fields) where !value.isEmpty {
                if Self.known.contains(name) { values[name] = value } else { extra.append((name, value)) }
            }
            // Text columns only: written directly (Foundation's JSON writer costs more than the rest of the line).
            let metadata = "{" + extra.sorted { $0.0 < $1.0 }.map { JSONText.quoted($0.0) + ":" + JSONText.quoted($0.1) }.joined(separator: ",") + "}"
            add(values, line: record.line, metadata: metadata)
        }
    }

    mutating func readJSONLines(_ text: String) {
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineText = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if lineText.isEmpty { continue }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(lineText.utf8))) as? [String: Any] else {
                fail(index + 1, "not a JSON object")
                continue
            }
            add(object.filter { !($0.value is NSNull) }, line: index + 1)
        }
    }

    /// `metadata`: the item's metadata as JSON when the caller made it; else it is made from
    /// `values`' unknown keys and their `metadata` object.
    mutating func add(_ values: [String: Any], line: Int, metadata given: String? = nil) {
        func text(_ key: String) -> String? {
            switch values[key] {
            case let s as String: s.isEmpty ? nil : s
            case let n as NSNumber: n.stringValue
            default: nil
            }
        }
        for key in ["id", "media", "path", "uri", "session", "fingerprint", "transcript", "prompt"] where values[key] != nil && text(key) == nil {
            return fail(line, "`\(key)` must be text")
        }
        guard let media = text("media") ?? text("path") ?? text("uri") else { return fail(line, "no `media` (the item's path or URI)") }
        var id: String
        if let given = text("id") {
            guard given.isSessionID else { return fail(line, "item id `\(given)` may hold letters, digits, `-`, `_` and `.` only") }
            id = given
        } else {
            let name = (media.split(separator: "/").last.map(String.init) ?? media)
            let stem = name.contains(".") ? String(name[..<name.lastIndex(of: ".")!]) : name
            id = String(stem.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
            if !id.isSessionID { return fail(line, "no `id`, and none can be made from \(media); give one") }
        }
        if let s = text("session"), !s.isSessionID { return fail(line, "session `\(s)` may hold letters, digits, `-`, `_` and `.` only") }
        var durationUs: Int64?
        if let us = values["duration_us"] {
            guard let n = (us as? NSNumber)?.int64Value ?? (us as? String).flatMap({ Int64($0) }), n > 0 else {
                return fail(line, "`duration_us` must be a positive whole number of microseconds")
            }
            durationUs = n
        } else if let s = values["duration"] {
            guard let seconds = (s as? NSNumber)?.doubleValue ?? (s as? String).flatMap({ Double($0) }), seconds.isFinite, seconds > 0 else {
                return fail(line, "`duration` must be a positive number of seconds")
            }
            durationUs = Int64((seconds * 1_000_000).rounded())
        }
        var json = given ?? "{}"
        if given == nil {
            var metadata: [String: Any] = [:]
            if let nested = values["metadata"] {
                guard let object = nested as? [String: Any] else { return fail(line, "`metadata` must be an object") }
                metadata = object
            }
            for (key, value) in values where !Self.known.contains(key) { metadata[key] = value }
            json = (try? JSONSerialization.data(withJSONObject: metadata, options: [.sortedKeys, .withoutEscapingSlashes])).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        }
        items.append(Item(line: line, id: id, media: media, session: text("session"), fingerprint: text("fingerprint"), durationUs: durationUs,
                          transcript: text("transcript"), prompt: text("prompt"), metadata: json))
    }

    /// The same id, media or fingerprint twice is the same item listed twice.
    mutating func checkDuplicates() {
        var ids: [String: Int] = [:], media: [String: Int] = [:], prints: [String: Int] = [:], sessions: [String: Int] = [:]
        var kept: [Item] = []
        for item in items {
            if let first = ids[item.id] { fail(item.line, "item `\(item.id)` is listed again (first on line \(first))"); continue }
            if let first = media[item.media] { fail(item.line, "\(item.media) is listed again (first on line \(first))"); continue }
            if let f = item.fingerprint, let first = prints[f] { fail(item.line, "fingerprint \(f) is listed again (first on line \(first)): the same media twice"); continue }
            if let s = item.session, let first = sessions[s] { fail(item.line, "session `\(s)` is listed again (first on line \(first))"); continue }
            ids[item.id] = item.line
            media[item.media] = item.line
            if let f = item.fingerprint { prints[f] = item.line }
            if let s = item.session { sessions[s] = item.line }
            kept.append(item)
        }
        items = kept
    }
}
