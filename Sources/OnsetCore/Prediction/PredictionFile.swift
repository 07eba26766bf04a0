import Foundation

/// Reads a model's prediction file: `{"signals": [{"type", "start", "end", "probability":
/// "low|medium|high", "rationale"}], "engagement_state": [...]}` with times in seconds, or the
/// older shape whose items carry `reasoning`, `confidence` and `intensity` instead.
///
/// A file of the wrong shape is refused whole. Within a good file, an item that cannot be placed
/// (no type, a negative or reversed time, past the media's end, an unknown probability) is
/// skipped and said so by its path (`signals[3]`); the rest loads. Types the scheme does not know
/// load as predictions of an unknown signal and are listed.
public enum PredictionFile {
    public struct Loaded: Sendable {
        public var predictions: [Prediction]
        /// `signals[3]: …` for each item left out.
        public var skipped: [String]
        /// Types not in the scheme, with how many predictions name each.
        public var unknownTypes: [String: Int]
        /// `new` or `older` (reasoning / confidence / intensity).
        public var shape: String
    }

    public struct ShapeError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static func read(_ data: Data, file: String, session: String, signals known: Set<String>, mediaDuration: Timecode?) throws(ShapeError) -> Loaded {
        guard let object = try? JSONSerialization.jsonObject(with: data) else { throw ShapeError("\(file): not JSON") }
        guard let root = object as? [String: Any] else { throw ShapeError("\(file): expected an object with a \"signals\" array, found \(kind(object))") }
        guard let signals = root["signals"] else { throw ShapeError("\(file): no \"signals\" array (keys: \(root.keys.sorted().joined(separator: ", ")))") }
        guard let list = signals as? [Any] else { throw ShapeError("\(file): \"signals\" must be an array, found \(kind(signals))") }
        var loaded = Loaded(predictions: [], skipped: [], unknownTypes: [:], shape: "new")
        var older = false
        let stem = (file as NSString).lastPathComponent
        for (layer, items) in [("signals", list), ("engagement_state", root["engagement_state"] as? [Any] ?? [])] {
            for (index, raw) in items.enumerated() {
                let path = "\(layer)[\(index)]"
                guard let item = raw as? [String: Any] else { loaded.skipped.append("\(path): not an object"); continue }
                if item["reasoning"] != nil || item["confidence"] != nil { older = true }
                let typeKeys = layer == "signals" ? ["type", "signal"] : ["state", "type", "label"]
                guard let type = typeKeys.lazy.compactMap({ item[$0] as? String }).first, !type.isEmpty else {
                    loaded.skipped.append("\(path): no \(typeKeys[0])"); continue
                }
                guard let start = seconds(item["start"]), let end = seconds(item["end"]) else {
                    loaded.skipped.append("\(path) (\(type)): start and end must be numbers of seconds"); continue
                }
                guard start >= 0 else { loaded.skipped.append("\(path) (\(type)): negative start \(start) s"); continue }
                guard end > start else { loaded.skipped.append("\(path) (\(type)): end \(end) s is not after start \(start) s"); continue }
                let onset = Timecode(microseconds: Int64((start * 1_000_000).rounded())), offset = Timecode(microseconds: Int64((end * 1_000_000).rounded()))
                if let d = mediaDuration, offset > d {
                    loaded.skipped.append("\(path) (\(type)): ends at \(offset), past the media's end \(d)"); continue
                }
                var probability: Prediction.Probability?
                if let p = item["probability"] {
                    guard let text = p as? String, let value = Prediction.Probability(rawValue: text.lowercased()) else {
                        loaded.skipped.append("\(path) (\(type)): probability \(describe(p)) is not low, medium or high"); continue
                    }
                    probability = value
                } else if let c = item["confidence"] {
                    probability = bucket(c)
                }
                let isKnown = layer != "signals" || known.contains(type)
                if !isKnown { loaded.unknownTypes[type, default: 0] += 1 }
                let rationale = (item["rationale"] as? String) ?? (item["reasoning"] as? String) ?? ""
                loaded.predictions.append(Prediction(
                    id: stableID(session: session, file: stem, path: path), sessionID: session, layer: layer, type: type, onset: onset, offset: offset,
                    probability: probability, confidence: item["confidence"].map(describe), intensity: item["intensity"].map(describe),
                    rationale: rationale, known: isKnown))
            }
        }
        loaded.shape = older ? "older" : "new"
        return loaded
    }

    /// The older shape's confidence as a probability: low/medium/high as words; 0–1 in thirds;
    /// a 1–5 score as 1–2 low, 3 medium, 4–5 high.
    static func bucket(_ value: Any) -> Prediction.Probability? {
        if let s = value as? String { return Prediction.Probability(rawValue: s.lowercased()) ?? Double(s).flatMap { bucket($0) } }
        guard let n = (value as? NSNumber)?.doubleValue else { return nil }
        if n >= 0 && n <= 1 { return n < 1.0 / 3 ? .low : n < 2.0 / 3 ? .medium : .high }
        if n >= 1 && n <= 5 { return n < 3 ? .low : n < 4 ? .medium : .high }
        return nil
    }

    static func seconds(_ value: Any?) -> Double? {
        // `is Bool` holds for any NSNumber of 0 or 1 on Linux; a JSON true/false has its own class.
        guard let n = value as? NSNumber, !String(describing: type(of: n)).contains("Boolean") else { return nil }
        let d = n.doubleValue
        return d.isFinite ? d : nil
    }

    static func describe(_ value: Any) -> String {
        if let s = value as? String { return s }
        if let n = value as? NSNumber { return n.stringValue }
        return "\(value)"
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is [Any]: "an array"
        case is String: "a string"
        case is NSNumber: "a number"
        default: "\(type(of: value))"
        }
    }

    static func stableID(session: String, file: String, path: String) -> String {
        var h = SHA256()
        h.update(Array("\(session)\u{1F}\(file)\u{1F}\(path)".utf8))
        return "p-" + String(SHA256.hex(h.finalize()).prefix(16))
    }
}
