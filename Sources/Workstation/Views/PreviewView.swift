import TerminalUI

/// The video pane: the latest decoded picture in half blocks, in the terminal's colour mode.
struct PreviewView {
    let state: AppState
    let colorMode: ColorMode

    func render(into buffer: inout Buffer, area: Rect) {
        let speed = state.isPlaying ? "  ▶ \(Reducer.format(state.clock.speed))×" : "  ❚❚"
        buffer.box(area, title: state.session.mediaName + speed)
        let inner = area.inset(by: 1)
        guard let image = state.preview else {
            buffer.put(state.hasVideo ? "decoding…" : "no picture (audio only)", x: inner.x + 1, y: inner.y, style: .dim, clip: inner)
            return
        }
        HalfBlockImage.draw(rgb: image.rgb, width: image.width, height: image.height, into: &buffer, area: inner, mode: colorMode)
    }
}
