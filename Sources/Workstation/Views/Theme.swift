import OnsetCore
import TerminalUI

/// Colours and glyphs shared by the views.
enum Theme {
    static let playhead = Color.rgb(255, 196, 0)
    static let header = Style(fg: .rgb(220, 220, 220), bg: .rgb(40, 44, 52), bold: true)
    static let status = Style(fg: .rgb(220, 220, 220), bg: .rgb(40, 44, 52))
    static let statusMode = Style(fg: .rgb(20, 20, 20), bg: .rgb(120, 180, 255), bold: true)
    static let statusPrompt = Style(fg: .rgb(20, 20, 20), bg: .rgb(255, 196, 0), bold: true)
    static let message = Style(fg: .rgb(255, 210, 120), bg: .rgb(40, 44, 52), bold: true)
    static let label = Style(fg: .rgb(200, 200, 200))
    static let ruler = Style(dim: true)

    static func color(_ rgb: RGB) -> Color { .rgb(rgb.r, rgb.g, rgb.b) }

    /// Left-aligned blocks from one eighth (index 1) to a full cell (index 8).
    static let eighths: [String] = [" ", "▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]

    /// A compact length for the zoom readout: "20 s", "1.5 s", "250 ms", "2 min", "1 h 30 min".
    static func length(_ t: Timecode) -> String {
        let us = t.microseconds
        if us < 1_000_000 { return "\(us / 1000) ms" }
        if us < 60_000_000 {
            let tenths = us / 100_000
            return tenths % 10 == 0 ? "\(tenths / 10) s" : "\(tenths / 10).\(tenths % 10) s"
        }
        let minutes = us / 60_000_000
        if minutes < 60 { return us % 60_000_000 == 0 ? "\(minutes) min" : "\(minutes) min \((us / 1_000_000) % 60) s" }
        return "\(minutes / 60) h \(minutes % 60) min"
    }
}
