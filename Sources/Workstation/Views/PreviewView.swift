import Foundation
import TerminalUI

/// The video pane: the latest decoded picture in half blocks, in the terminal's colour mode.
struct PreviewView {
    let state: AppState
    let colorMode: ColorMode

    func render(into buffer: inout Buffer, area: Rect) {
        let speed = state.isPlaying ? "  ▶ \(Reducer.format(state.clock.speed))×" : "  ❚❚"
        let name = state.queue.map { ($0.clip.name as NSString).lastPathComponent } ?? state.session.mediaName
        buffer.box(area, title: name + speed)
        let inner = area.inset(by: 1)
        guard let image = state.preview else {
            if let q = state.queue, let why = q.failed[q.clip.path] {
                for (i, line) in TextWidth.wrap("cannot play: " + why, width: max(1, inner.width - 2)).prefix(inner.height).enumerated() {
                    buffer.put(line, x: inner.x + 1, y: inner.y + i, style: Theme.message, clip: inner)
                }
                return
            }
            buffer.put(state.hasVideo || state.queue != nil ? "decoding…" : "no picture (audio only)", x: inner.x + 1, y: inner.y, style: .dim, clip: inner)
            return
        }
        HalfBlockImage.draw(rgb: image.rgb, width: image.width, height: image.height, into: &buffer, area: inner, mode: colorMode)
    }
}
