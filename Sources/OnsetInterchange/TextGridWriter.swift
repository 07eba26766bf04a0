import Foundation
import OnsetCore

/// Praat TextGrid, long text format, UTF-8: an interval tier per signal (and per annotator when
/// there are several), extra tiers where spans of one signal overlap (a Praat tier cannot hold
/// overlaps), and the transcript as tiers of its own. Times are written to the millisecond.
public enum TextGridWriter {
    struct Tier {
        var name: String
        var intervals: [(start: Int64, end: Int64, text: String)]
    }

    public static func write(_ doc: InterchangeDocument) -> String {
        let end = doc.duration.milliseconds
        var tiers: [Tier] = []
        let several = doc.annotators.count > 1
        for annotator in doc.annotators {
            let signals = doc.scheme.signals.map(\.id) + Set(doc.spans.map(\.signal)).subtracting(doc.scheme.signals.map(\.id)).sorted()
            for signal in signals {
                let items = doc.spans.filter { $0.signal == signal && $0.annotator == annotator }
                    .map { ($0.onset.milliseconds, $0.offset.milliseconds, signal) }
                guard !items.isEmpty else { continue }
                let name = several ? "\(signal)@\(annotator)" : signal
                tiers += pack(items, name: name)
            }
        }
        if let transcript = doc.transcript {
            let items = transcript.segments.filter { $0.end > $0.start }
                .map { ($0.start.milliseconds, $0.end.milliseconds, ($0.speaker.map { "\($0): " } ?? "") + $0.text) }
            tiers += pack(items, name: "transcript")
        }
        var out = """
            File type = "ooTextFile"
            Object class = "TextGrid"

            xmin = 0 
            xmax = \(seconds(end)) 
            tiers? <exists> 
            size = \(tiers.count) 
            item []: 

            """
        for (i, tier) in tiers.enumerated() {
            let filled = fill(tier.intervals, end: end)
            out += "    item [\(i + 1)]:\n"
            out += "        class = \"IntervalTier\" \n"
            out += "        name = \(quote(tier.name)) \n"
            out += "        xmin = 0 \n"
            out += "        xmax = \(seconds(end)) \n"
            out += "        intervals: size = \(filled.count) \n"
            for (j, interval) in filled.enumerated() {
                out += "        intervals [\(j + 1)]:\n"
                out += "            xmin = \(seconds(interval.start)) \n"
                out += "            xmax = \(seconds(interval.end)) \n"
                out += "            text = \(quote(interval.text)) \n"
            }
        }
        return out
    }

    /// Spreads items over as few tiers as hold them without overlaps: `name`, `name (2)`, …
    static func pack(_ items: [(Int64, Int64, String)], name: String) -> [Tier] {
        var tiers: [Tier] = []
        for item in items.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) where item.1 > item.0 {
            if let i = tiers.firstIndex(where: { ($0.intervals.last?.end ?? 0) <= item.0 }) {
                tiers[i].intervals.append(item)
            } else {
                tiers.append(Tier(name: tiers.isEmpty ? name : "\(name) (\(tiers.count + 1))", intervals: [item]))
            }
        }
        return tiers.isEmpty ? [Tier(name: name, intervals: [])] : tiers
    }

    /// Praat's interval tiers cover the whole extent: gaps become empty intervals.
    static func fill(_ items: [(start: Int64, end: Int64, text: String)], end: Int64) -> [(start: Int64, end: Int64, text: String)] {
        var out: [(start: Int64, end: Int64, text: String)] = []
        var t: Int64 = 0
        for item in items {
            if item.start > t { out.append((t, item.start, "")) }
            out.append(item)
            t = item.end
        }
        if t < end || out.isEmpty { out.append((t, max(end, t + 1), "")) }
        return out
    }

    static func seconds(_ ms: Int64) -> String {
        let whole = ms / 1000, frac = ms % 1000
        guard frac != 0 else { return String(whole) }
        var text = String(format: "%lld.%03lld", whole, frac)
        while text.hasSuffix("0") { text.removeLast() }
        return text
    }

    static func quote(_ s: String) -> String {
        "\"" + s.replacingOccurrences(of: "\"", with: "\"\"").replacingOccurrences(of: "\n", with: " ") + "\""
    }
}
