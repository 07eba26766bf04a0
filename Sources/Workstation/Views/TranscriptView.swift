import OnsetCore
import TerminalUI

/// The transcript pane: segments around the playhead, the current one highlighted. Only the
/// segments on screen are touched, however long the transcript.
struct TranscriptView {
    let state: AppState

    func render(into buffer: inout Buffer, area: Rect) {
        buffer.box(area, title: "transcript")
        let inner = area.inset(by: 1)
        guard let transcript = state.transcript, !inner.isEmpty else { return }
        guard !transcript.segments.isEmpty else {
            buffer.put("empty transcript", x: inner.x + 1, y: inner.y, style: .dim, clip: inner)
            return
        }
        let current = transcript.segment(at: state.playhead)
        let anchor = current ?? transcript.index(at: state.playhead) ?? 0
        // Keep the current segment a third of the way down, wrapping long segments.
        var rows: [(prefix: String, body: String, style: Style)] = []
        var anchorRow = 0
        // Only segments that can reach the screen are wrapped: a third of the pane above the
        // current one, the rest below.
        let first = max(0, anchor - max(1, inner.height / 3))
        let last = min(transcript.segments.count, anchor + inner.height)
        for i in first..<last {
            let s = transcript.segments[i]
            let isCurrent = i == current
            if i == anchor { anchorRow = rows.count }
            let stamp = (isCurrent ? "▶" : " ") + s.start.formatted(fractionDigits: 1) + " "
            let who = s.speaker.map { "\($0): " } ?? ""
            let lines = TextWidth.wrap(who + s.text, width: max(1, inner.width - TextWidth.columns(of: stamp)))
            for (j, line) in lines.enumerated() {
                let prefix = j == 0 ? stamp : String(repeating: " ", count: TextWidth.columns(of: stamp))
                rows.append((prefix, line, isCurrent ? Style(fg: .rgb(255, 230, 150), bold: true) : .plain))
            }
        }
        let top = max(0, min(anchorRow - inner.height / 3, rows.count - inner.height))
        let word = current.flatMap { transcript.segments[$0].word(at: state.playhead) }.map { transcript.segments[current!].words[$0].text }
        var wordMarked = false
        for (row, (prefix, body, style)) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            let y = inner.y + row
            let prefixWidth = TextWidth.columns(of: prefix)
            buffer.put(prefix, x: inner.x, y: y, style: style, clip: inner)
            // Right-to-left lines (Hebrew, Arabic) are right-aligned after the time column.
            let bodyX = Self.isRightToLeft(body) ? max(inner.x + prefixWidth, inner.maxX - TextWidth.columns(of: body)) : inner.x + prefixWidth
            buffer.put(body, x: bodyX, y: y, style: style, clip: inner)
            // The word being spoken, underlined in the current segment.
            if let word, !wordMarked, style != .plain, let range = body.range(of: word) {
                let start = bodyX + TextWidth.columns(of: body[..<range.lowerBound])
                let width = TextWidth.columns(of: word)
                buffer.restyle(Rect(x: start, y: y, width: width, height: 1)) { $0.underline = true; $0.reverse = true }
                wordMarked = true
            }
        }
    }

    /// True when the first strong character is from a right-to-left script.
    static func isRightToLeft(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0590...0x08FF, 0xFB1D...0xFDFF, 0xFE70...0xFEFF: return true
            case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F, 0x3040...0x9FFF: return false
            default: continue
            }
        }
        return false
    }
}
