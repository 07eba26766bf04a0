import Foundation
import Testing
@testable import TerminalUI

@Suite struct HalfBlockImageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// An 8×6 test picture: two colour ramps, a grey ramp two pixels high, and a flat band.
    static let picture: [UInt8] = {
        var rgb: [UInt8] = []
        for y in 0..<6 {
            for x in 0..<8 {
                if y == 4 || y == 5 { rgb += [200, 120, 40]; continue }
                let v = UInt8(x * 36)
                switch y {
                case 0: rgb += [UInt8(255 - x * 36), 0, v]
                case 1: rgb += [0, v, UInt8(255 - x * 36)]
                default: rgb += [v, v, v]
                }
            }
        }
        return rgb
    }()

    func render(_ mode: ColorMode) -> String {
        var buffer = Buffer(width: 8, height: 3)
        HalfBlockImage.draw(rgb: Self.picture, width: 8, height: 6, into: &buffer, area: buffer.area, mode: mode)
        return AnsiWriter.render(buffer, mode: mode)
    }

    /// Compares with `Golden/<name>.ans`; ONSET_RECORD_SNAPSHOTS=1 re-records.
    func assertGolden(_ text: String, _ name: String) throws {
        let path = Self.root + "/Tests/TerminalUITests/Golden/\(name).ans"
        if ProcessInfo.processInfo.environment["ONSET_RECORD_SNAPSHOTS"] == "1" || !FileManager.default.fileExists(atPath: path) {
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(text == (try String(contentsOfFile: path, encoding: .utf8)), "differs from \(path)")
    }

    @Test func truecolorGolden() throws {
        let text = render(.truecolor)
        // Rows 0 and 1 differ: a half block with the top pixel as foreground.
        #expect(text.hasPrefix("\u{1B}[0;38;2;255;0;0;48;2;0;0;255m▀"))
        // Rows 2 and 3 are the same colour per column: a space with a background only.
        #expect(text.split(separator: "\n")[1].hasPrefix("\u{1B}[0;48;2;0;0;0m "))
        // The flat band: identical top and bottom pixels become a space with a background only.
        #expect(text.contains("\u{1B}[0;48;2;200;120;40m        \u{1B}[0m"))
        try assertGolden(text, "truecolor")
    }

    @Test func palette256Golden() throws {
        let text = render(.palette256)
        #expect(text.contains("38;5;") && !text.contains("38;2;"))
        try assertGolden(text, "palette256")
    }

    @Test func palette16Golden() throws {
        let text = render(.palette16)
        #expect(!text.contains("38;5;") && !text.contains("38;2;"))
        try assertGolden(text, "palette16")
    }

    @Test func noColorUsesBrightnessCharacters() throws {
        let text = render(.none)
        #expect(!text.contains("\u{1B}"))
        #expect(text.split(separator: "\n")[1].hasPrefix(" "))
        #expect(text.split(separator: "\n")[1].hasSuffix("@") || text.split(separator: "\n")[1].hasSuffix("%"))
        try assertGolden(text, "none")
    }

    @Test func ditheringIsStableFromFrameToFrame() {
        #expect(render(.palette256) == render(.palette256))
    }

    @Test func pictureIsCentredAndClipped() {
        var buffer = Buffer(width: 12, height: 5)
        HalfBlockImage.draw(rgb: Self.picture, width: 8, height: 6, into: &buffer, area: Rect(x: 0, y: 0, width: 12, height: 5), mode: .none)
        #expect(buffer.lines[0].isEmpty && buffer.lines[4].isEmpty)
        var tiny = Buffer(width: 3, height: 1)
        HalfBlockImage.draw(rgb: Self.picture, width: 8, height: 6, into: &tiny, area: tiny.area, mode: .truecolor)
        #expect((0..<3).allSatisfy { tiny[$0, 0].style.bg != .default })
    }
}
