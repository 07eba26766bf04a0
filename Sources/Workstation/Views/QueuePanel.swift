import Foundation
import OnsetCore
import TerminalUI

/// The rating side of a clip queue: progress, the clip's source, every dimension with its score
/// and confidence, and the focused scale's anchors in full (the prompt too, for the dimension
/// that compares with it).
struct QueuePanel {
    let state: AppState

    static let focused = Style(fg: .rgb(20, 20, 20), bg: .rgb(255, 196, 0), bold: true)
    static let chosen = Style(fg: .rgb(120, 220, 140), bold: true)

    /// What a click on a line of the panel does.
    enum Target: Equatable {
        case dimension(Int)
        case score(Int)
    }

    typealias Line = (text: String, style: Style, target: Target?)

    func render(into buffer: inout Buffer, area: Rect) {
        let inner = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height)
        for (i, line) in lines(area: area).prefix(inner.height).enumerated() {
            buffer.put(line.text, x: inner.x, y: inner.y + i, style: line.style, clip: inner)
        }
    }

    /// What the line at row `y` of the panel offers to a click.
    func target(area: Rect, y: Int) -> Target? {
        let row = y - area.y
        let all = lines(area: area)
        return all.indices.contains(row) ? all[row].target : nil
    }

    func lines(area: Rect) -> [Line] {
        guard let q = state.queue, area.width > 4, area.height > 0 else { return [] }
        let inner = Rect(x: area.x + 1, y: area.y, width: area.width - 2, height: area.height)
        var lines: [Line] = []
        func add(_ text: String, _ style: Style = .plain, indent: Int = 0, maxLines: Int = .max, target: Target? = nil) {
            let pad = String(repeating: " ", count: indent)
            for line in TextWidth.wrap(text, width: max(1, inner.width - indent)).prefix(maxLines) { lines.append((pad + line, style, target)) }
        }
        let clip = q.clip
        let done = q.doneCount(scheme: state.scheme)
        var progress = "Clip \(q.current + 1)/\(q.clips.count) · \(done) done"
        if let rate = q.clipsPerHour { progress += " · \(Int(rate.rounded())) clips/h" }
        lines.append((progress, .bold, nil))
        lines.append((bar(done: done, total: q.clips.count, width: inner.width), Theme.ruler, nil))
        var source = [clip.name]
        if let c = clip.category { source.append(c) }
        source += clip.metadata.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }
        add(source.joined(separator: " · "), .dim, maxLines: 2)
        if let flag = q.flag(of: clip.name) {
            add("\(flag.flag?.word.uppercased() ?? "") " + (flag.note.isEmpty ? "(no reason given)" : flag.note), Theme.message)
        }
        lines.append(("", .plain, nil))
        let dimensions = state.scheme.dimensions
        let labelWidth = min(max(8, dimensions.map { TextWidth.columns(of: $0.label) }.max() ?? 8), max(8, inner.width / 2))
        for (i, d) in dimensions.enumerated() {
            let r = q.rating(clip.name, d.id)
            let score = r.map { "\($0.score) \(d.anchor($0.score)?.label ?? "")" } ?? "–"
            let label = TextWidth.truncate(d.label, to: labelWidth)
            var text = (i == q.focus ? "▶ " : "  ") + label + String(repeating: " ", count: max(0, labelWidth - TextWidth.columns(of: label))) + "  " + score
            if let c = r?.confidence {
                text += TextWidth.columns(of: text) + 9 <= inner.width ? " · conf \(c)" : " c\(c)"
            }
            lines.append((text, i == q.focus ? Self.focused : r == nil ? .plain : Self.chosen, .dimension(i)))
        }
        lines.append(("", .plain, nil))
        if let d = q.focus < dimensions.count ? dimensions[q.focus] : nil {
            let rest = inner.height - lines.count
            if let waiting = q.awaitingConfidence, let scale = state.scheme.confidence {
                let given = q.rating(clip.name, waiting)
                add("Confidence in \(state.scheme.dimension(waiting)?.label ?? waiting) = \(given?.score ?? 0)? (Esc skips)", .bold)
                anchors(scale, chosen: given?.confidence, room: inner.height - lines.count) { add($0, $1, maxLines: $2, target: $3) }
            } else {
                if d.showsPrompt {
                    add("Prompt: " + (clip.prompt ?? "(this clip has no prompt)"), Style(fg: .rgb(150, 200, 255), bold: true), maxLines: max(1, rest / 3))
                }
                add(d.label + (d.description.isEmpty ? "" : " — " + d.description), .bold, maxLines: 2)
                anchors(d, chosen: q.rating(clip.name, d.id)?.score, room: inner.height - lines.count) { add($0, $1, maxLines: $2, target: $3) }
            }
        }
        return lines
    }

    /// The scale's points with their descriptions: two lines each when there is room, else one.
    func anchors(_ scale: RatingScale, chosen: Int?, room: Int, add: (String, Style, Int, Target?) -> Void) {
        let perAnchor = room >= scale.anchors.count * 2 ? 2 : 1
        for a in scale.anchors {
            let style: Style = a.value == chosen ? Self.chosen : .plain
            add("\(a.value == chosen ? "●" : " ")\(a.value) \(a.label) — \(a.description)", style, perAnchor, .score(a.value))
        }
    }

    func bar(done: Int, total: Int, width: Int) -> String {
        guard total > 0, width > 0 else { return "" }
        let filled = done * width / total
        return String(repeating: "━", count: filled) + String(repeating: "─", count: width - filled)
    }
}
