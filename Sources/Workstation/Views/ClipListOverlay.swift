import OnsetCore
import TerminalUI

/// Every clip of a rating queue with its scores, to find one and revise it: a row per clip (the
/// current one marked), a column per dimension, the broken or skipped mark with its reason.
struct ClipListOverlay {
    let state: AppState

    /// Rows of the list in `area` and the clip each shows: the window around the cursor.
    func rows(area: Rect) -> [(y: Int, clip: Int)] {
        guard let q = state.queue, let cursor = q.listCursor else { return [] }
        let inner = area.inset(by: 1)
        let visible = max(0, inner.height - 1)
        let top = max(0, min(cursor - visible / 2, q.clips.count - visible))
        return (0..<min(visible, q.clips.count - top)).map { (inner.y + 1 + $0, top + $0) }
    }

    /// Short column heads: the initials of each dimension's label (`Motion quality` → `MQ`).
    static func head(_ d: RatingScale) -> String {
        let words = d.label.split(whereSeparator: { !$0.isLetter && !$0.isNumber })
        let initials = String(words.compactMap(\.first)).uppercased()
        return String((initials.count >= 2 ? initials : d.label.uppercased()).prefix(3))
    }

    func render(into buffer: inout Buffer, area: Rect) {
        guard let q = state.queue, let cursor = q.listCursor, area.width > 30, area.height > 4 else { return }
        let done = q.doneCount(scheme: state.scheme)
        buffer.fill(area)
        buffer.box(area, title: "clips — \(done) of \(q.clips.count) done · j/k move, enter opens, esc closes", style: .bold)
        let inner = area.inset(by: 1)
        let dims = state.scheme.dimensions
        let heads = dims.map(Self.head)
        let scores = heads.map { $0.padding(toLength: 4, withPad: " ", startingAt: 0) }.joined()
        let number = String(q.clips.count).count
        let nameWidth = max(10, min(40, (inner.width - number - 4 - scores.count - 14) / 2 + 8))
        func field(_ text: String, _ width: Int) -> String {
            let cut = TextWidth.truncate(text, to: width)
            return cut + String(repeating: " ", count: max(0, width - TextWidth.columns(of: cut)))
        }
        let header = String(repeating: " ", count: number + 3) + field("clip", nameWidth) + " " + field("category", 12) + " " + scores + "mark"
        buffer.put(TextWidth.truncate(header, to: inner.width), x: inner.x, y: inner.y, style: .bold, clip: inner)
        for (y, i) in rows(area: area) {
            let clip = q.clips[i]
            let cells = dims.map { d in (q.rating(clip.name, d.id).map { String($0.score) } ?? "·").padding(toLength: 4, withPad: " ", startingAt: 0) }.joined()
            let mark = q.flag(of: clip.name).map { "\($0.flag?.word ?? "")" + ($0.note.isEmpty ? "" : ": " + $0.note) } ?? ""
            let index = String(i + 1)
            let line = (i == q.current ? "▶" : " ") + String(repeating: " ", count: number - index.count + 1) + index + " "
                + field(clip.name, nameWidth) + " " + field(clip.category ?? "", 12) + " " + cells + mark
            let style: Style = i == cursor ? .reverse : q.isDone(clip.name, scheme: state.scheme) ? .plain : .bold
            buffer.put(TextWidth.truncate(line, to: inner.width), x: inner.x, y: y, style: style, clip: inner)
        }
    }
}
