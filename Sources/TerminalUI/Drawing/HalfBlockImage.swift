/// Draws an RGB picture into cells with the upper half block `▀`: each cell shows two pixels
/// stacked, the top one as foreground and the bottom one as background.
///
/// The picture should already be scaled to at most `area.width × 2·area.height` pixels; it is
/// centred. Palettes below true colour use ordered (Bayer) dithering, which is stable from frame
/// to frame (no crawling noise while playing) and cheap. Without colour, each cell becomes a
/// character of matching brightness.
public enum HalfBlockImage {
    private static let bayer4: [Int] = [0, 8, 2, 10, 12, 4, 14, 6, 3, 11, 1, 9, 15, 7, 13, 5]
    /// Brightness ramp from dark to light for colourless terminals.
    static let ramp: [Character] = Array(" .:-=+*#%@")

    public static func draw(rgb: [UInt8], width: Int, height: Int, into buffer: inout Buffer, area: Rect, mode: ColorMode) {
        guard width > 0, height > 0, rgb.count >= width * height * 3, !area.isEmpty else { return }
        let rows = min(area.height, (height + 1) / 2)
        let cols = min(area.width, width)
        let x0 = area.x + (area.width - cols) / 2
        let y0 = area.y + (area.height - rows) / 2
        for row in 0..<rows {
            let topY = row * 2, bottomY = min(height - 1, row * 2 + 1)
            for col in 0..<cols {
                let t = pixel(rgb, width, col, topY)
                let b = bottomY == topY && height % 2 == 1 && row * 2 + 1 >= height ? nil : pixel(rgb, width, col, bottomY)
                buffer[x0 + col, y0 + row] = cell(top: t, bottom: b, x: col, y: topY, mode: mode)
            }
        }
    }

    private static func pixel(_ rgb: [UInt8], _ width: Int, _ x: Int, _ y: Int) -> (Int, Int, Int) {
        let i = (y * width + x) * 3
        return (Int(rgb[i]), Int(rgb[i + 1]), Int(rgb[i + 2]))
    }

    static func cell(top: (Int, Int, Int), bottom: (Int, Int, Int)?, x: Int, y: Int, mode: ColorMode) -> Cell {
        switch mode {
        case .none:
            let l1 = luminance(top), l2 = bottom.map(luminance) ?? l1
            let level = min(ramp.count - 1, (l1 + l2) / 2 * ramp.count / 256)
            return Cell(String(ramp[level]))
        case .truecolor:
            let fg = Color.rgb(UInt8(top.0), UInt8(top.1), UInt8(top.2))
            guard let bottom else { return Cell("▀", style: Style(fg: fg)) }
            let bg = Color.rgb(UInt8(bottom.0), UInt8(bottom.1), UInt8(bottom.2))
            return fg == bg ? Cell(" ", style: Style(bg: bg)) : Cell("▀", style: Style(fg: fg, bg: bg))
        case .palette256, .palette16:
            let fg = quantize(top, x: x, y: y, mode: mode)
            guard let bottom else { return Cell("▀", style: Style(fg: .indexed(fg))) }
            let bg = quantize(bottom, x: x, y: y + 1, mode: mode)
            return fg == bg ? Cell(" ", style: Style(bg: .indexed(bg))) : Cell("▀", style: Style(fg: .indexed(fg), bg: .indexed(bg)))
        }
    }

    /// The palette index for a pixel after adding its Bayer threshold (about one palette step).
    static func quantize(_ p: (Int, Int, Int), x: Int, y: Int, mode: ColorMode) -> UInt8 {
        let threshold = bayer4[(y & 3) * 4 + (x & 3)]
        let amplitude = mode == .palette16 ? 96 : 40
        let offset = (threshold * 2 - 15) * amplitude / 32
        func c(_ v: Int) -> UInt8 { UInt8(max(0, min(255, v + offset))) }
        return mode == .palette16 ? Palette.index16(c(p.0), c(p.1), c(p.2)) : Palette.index256(c(p.0), c(p.1), c(p.2))
    }

    static func luminance(_ p: (Int, Int, Int)) -> Int { (p.0 * 299 + p.1 * 587 + p.2 * 114) / 1000 }
}
