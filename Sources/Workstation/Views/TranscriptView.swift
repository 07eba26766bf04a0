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
        var rows: [(String, Style)] = []
        var anchorRow = 0
        let first = max(0, anchor - inner.height)
        let last = min(transcript.segments.count, anchor + inner.height)
        for i in first..<last {
            let s = transcript.segments[i]
            let isCurrent = i == current
            if i == anchor { anchorRow = rows.count }
            let marker = isCurrent ? "▶" : " "
            let who = s.speaker.map { "\($0): " } ?? ""
            let lines = wrap(who + s.text, width: max(1, inner.width - 11))
            for (j, line) in lines.enumerated() {
                let prefix = j == 0 ? marker + Timecode(microseconds: s.start.microseconds).formatted(fractionDigits: 1) + " " : String(repeating: " ", count: 10)
                rows.append((prefix + line, isCurrent ? Style(fg: .rgb(255, 230, 150), bold: true) : .plain))
            }
        }
        let top = max(0, min(anchorRow - inner.height / 3, rows.count - inner.height))
        for (row, (text, style)) in rows.dropFirst(top).prefix(inner.height).enumerated() {
            buffer.put(text, x: inner.x, y: inner.y + row, style: style, clip: inner)
        }
    }

    /// Greedy word wrap by display width (wide characters count double).
    func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            let candidate = line.isEmpty ? String(word) : line + " " + word
            if TextWidth.columns(of: candidate) <= width || line.isEmpty {
                line = TextWidth.columns(of: candidate) <= width ? candidate : TextWidth.truncate(candidate, to: width)
            } else {
                lines.append(line)
                line = TextWidth.columns(of: word) <= width ? String(word) : TextWidth.truncate(String(word), to: width)
            }
        }
        if !line.isEmpty { lines.append(line) }
        return lines.isEmpty ? [""] : lines
    }
}
