import Foundation
import OnsetCore

/// Reads a Praat TextGrid (long or short text format; UTF-8, or UTF-16 with a byte-order mark as
/// Praat writes when text needs it). Praat's files are a stream of values — numbers, quoted
/// strings, `<exists>` — with labels between them that only help the human reader.
public struct TextGridFile: Sendable {
    public struct Interval: Sendable, Equatable {
        public var start: Timecode
        public var end: Timecode
        public var text: String
    }

    public struct Tier: Sendable {
        public var name: String
        public var isInterval: Bool
        public var intervals: [Interval]
    }

    public var tiers: [Tier]

    enum Token { case number(Double), string(String), flag(Bool) }

    public static func read(_ data: Data, file: String) throws(InterchangeError) -> TextGridFile {
        let text = try decode(data, file: file)
        let tokens = tokenize(text)
        var i = 0
        func next(_ what: String) throws(InterchangeError) -> (Token, Int) {
            guard i < tokens.count else { throw InterchangeError(file: file, line: tokens.last?.1, "the file ends where \(what) was expected") }
            defer { i += 1 }
            return tokens[i]
        }
        func number(_ what: String) throws(InterchangeError) -> (Double, Int) {
            let (t, line) = try next(what)
            guard case .number(let v) = t else { throw InterchangeError(file: file, line: line, "expected \(what) (a number)") }
            return (v, line)
        }
        func string(_ what: String) throws(InterchangeError) -> (String, Int) {
            let (t, line) = try next(what)
            guard case .string(let v) = t else { throw InterchangeError(file: file, line: line, "expected \(what) (a quoted string)") }
            return (v, line)
        }
        guard try string("the file type").0 == "ooTextFile" else { throw InterchangeError(file: file, line: 1, "not a Praat text file (File type = \"ooTextFile\")") }
        guard try string("the object class").0.hasPrefix("TextGrid") else { throw InterchangeError(file: file, line: 2, "not a TextGrid (Object class = \"TextGrid\")") }
        _ = try number("xmin")
        _ = try number("xmax")
        guard i < tokens.count, case .flag(let exists) = tokens[i].0 else { throw InterchangeError(file: file, line: tokens.last?.1, "expected `tiers? <exists>`") }
        i += 1
        guard exists else { return TextGridFile(tiers: []) }
        let (count, countLine) = try number("the number of tiers")
        guard count >= 0, count < 100_000, count == count.rounded() else { throw InterchangeError(file: file, line: countLine, "bad tier count \(count)") }
        var tiers: [Tier] = []
        for _ in 0..<Int(count) {
            let (kind, kindLine) = try string("a tier class")
            let name = try string("a tier name").0
            _ = try number("the tier's xmin")
            _ = try number("the tier's xmax")
            let (n, _) = try number("the number of intervals")
            guard n >= 0, n < 10_000_000 else { throw InterchangeError(file: file, line: kindLine, "bad interval count in tier \(name)") }
            var tier = Tier(name: name, isInterval: kind == "IntervalTier", intervals: [])
            switch kind {
            case "IntervalTier":
                var previousEnd = -Double.infinity
                for _ in 0..<Int(n) {
                    let (a, line) = try number("an interval's xmin")
                    let (b, _) = try number("an interval's xmax")
                    let label = try string("an interval's text").0
                    guard b >= a else { throw InterchangeError(file: file, line: line, "tier \(name): an interval ends (\(b)) before it starts (\(a))") }
                    guard a >= previousEnd - 1e-9 else {
                        throw InterchangeError(file: file, line: line, "tier \(name): intervals overlap (one starts at \(a) s before the previous ends at \(previousEnd) s)")
                    }
                    previousEnd = b
                    tier.intervals.append(Interval(start: time(a), end: time(b), text: label))
                }
            case "TextTier":
                for _ in 0..<Int(n) {
                    let (t, _) = try number("a point's time")
                    let label = try string("a point's mark").0
                    tier.intervals.append(Interval(start: time(t), end: time(t), text: label))
                }
            default:
                throw InterchangeError(file: file, line: kindLine, "unknown tier class \"\(kind)\" (expected IntervalTier or TextTier)")
            }
            tiers.append(tier)
        }
        return TextGridFile(tiers: tiers)
    }

    static func time(_ seconds: Double) -> Timecode { Timecode(microseconds: Int64((seconds * 1_000_000).rounded())) }

    /// UTF-8 (with or without a BOM) or UTF-16 with a BOM; anything else is refused by name.
    static func decode(_ data: Data, file: String) throws(InterchangeError) -> String {
        let bytes = [UInt8](data)
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let s = String(data: data, encoding: .utf16) else { throw InterchangeError(file: file, line: nil, "damaged UTF-16 text") }
            return s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s
        }
        if bytes.count >= 2, bytes[1] == 0 || bytes[0] == 0 {
            throw InterchangeError(file: file, line: nil, "looks like UTF-16 without a byte-order mark; save it as UTF-8 (or UTF-16 with BOM) from Praat")
        }
        guard let s = String(validating: bytes, as: UTF8.self) else {
            throw InterchangeError(file: file, line: nil, "is neither UTF-8 nor UTF-16 text; convert it (e.g. iconv -f latin1 -t utf-8)")
        }
        return s.hasPrefix("\u{FEFF}") ? String(s.dropFirst()) : s
    }

    /// Numbers, strings ("" is an escaped quote) and <exists>/<absent>, with their line numbers.
    /// Labels and anything between square brackets (`item [1]:`) are skipped, as Praat does.
    static func tokenize(_ text: String) -> [(Token, Int)] {
        var tokens: [(Token, Int)] = []
        let chars = Array(text.unicodeScalars)
        var i = 0, line = 1
        while i < chars.count {
            let c = chars[i]
            if c == "\n" { line += 1; i += 1; continue }
            if c == "\"" {
                var s = String.UnicodeScalarView()
                let startLine = line
                i += 1
                while i < chars.count {
                    if chars[i] == "\"" {
                        if i + 1 < chars.count, chars[i + 1] == "\"" { s.append("\""); i += 2; continue }
                        break
                    }
                    if chars[i] == "\n" { line += 1 }
                    s.append(chars[i])
                    i += 1
                }
                i += 1
                tokens.append((.string(String(s)), startLine))
                continue
            }
            if c == "[" {
                while i < chars.count, chars[i] != "]", chars[i] != "\n" { i += 1 }
                i += 1
                continue
            }
            if c == "<" {
                var word = ""
                while i < chars.count, chars[i] != ">", chars[i] != "\n" { word.unicodeScalars.append(chars[i]); i += 1 }
                i += 1
                tokens.append((.flag(word == "<exists"), line))
                continue
            }
            if c == "!" { // a comment to the end of the line
                while i < chars.count, chars[i] != "\n" { i += 1 }
                continue
            }
            if c == "-" || c == "+" || c == "." || ("0"..."9").contains(c) {
                var word = ""
                while i < chars.count, "0123456789.eE+-".unicodeScalars.contains(chars[i]) { word.unicodeScalars.append(chars[i]); i += 1 }
                if let v = Double(word) { tokens.append((.number(v), line)) }
                continue
            }
            // A label: a run of letters and the like; skipped.
            while i < chars.count, chars[i] != "\n", chars[i] != "\"", chars[i] != "[", chars[i] != "<", chars[i] != "!",
                  !(("0"..."9").contains(chars[i]) && i > 0 && (chars[i - 1] == " " || chars[i - 1] == "=")) { i += 1 }
        }
        return tokens
    }
}

extension SpanImport {
    /// Spans from a TextGrid: every non-empty interval of an interval tier that maps to a signal.
    public static func spans(from grid: TextGridFile, file: String, mapping: TierMapping, scheme: Scheme, session: String,
                             annotator: String, mediaDuration: Timecode?) throws(InterchangeError) -> ImportResult {
        var spans: [Span] = []
        var unmapped: [(String, Int)] = []
        for tier in grid.tiers {
            let labelled = tier.intervals.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            let base = tier.name.replacingOccurrences(of: #" \(\d+\)$"#, with: "", options: .regularExpression)
            guard tier.isInterval, let signal = mapping.signal(forTier: tier.name, scheme: scheme) ?? mapping.signal(forTier: base, scheme: scheme) else {
                unmapped.append((tier.name, labelled.count))
                continue
            }
            for interval in labelled {
                let span = Span(sessionID: session, signal: signal, onset: interval.start, offset: interval.end, annotator: annotator,
                                schemeID: scheme.id, schemeVersion: scheme.version)
                try check(span, scheme: scheme, mediaDuration: mediaDuration, file: file, where: "tier \(tier.name)")
                spans.append(span)
            }
        }
        return ImportResult(spans: spans, unmapped: unmapped)
    }
}
