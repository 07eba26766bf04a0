import Testing
@testable import TerminalUI

@Suite struct BufferTests {
    @Test func writesTextAndClips() {
        var b = Buffer(width: 10, height: 2)
        #expect(b.put("hello world", x: 2, y: 0) == 8)
        #expect(b.lines == ["  hello wo", ""])
        b.put("xyz", x: 8, y: 1, clip: Rect(x: 0, y: 0, width: 9, height: 2))
        #expect(b.lines[1] == "        x")
    }

    @Test func wideCharactersTakeTwoCellsAndNeverHalfFit() {
        var b = Buffer(width: 5, height: 1)
        #expect(b.put("日本語", x: 0, y: 0) == 4)
        #expect(b.lines == ["日本"])
        #expect(b[1, 0].symbol == "" && b[4, 0].symbol == " ")
    }

    @Test func controlCharactersCannotMoveTheCursor() {
        var b = Buffer(width: 10, height: 1)
        b.put("a\u{1B}[2Jb\nc", x: 0, y: 0)
        #expect(b.lines == ["a�[2Jb�c"])
    }

    @Test func combiningMarksJoinTheirBase() {
        var b = Buffer(width: 4, height: 1)
        #expect(b.put("e\u{301}x", x: 0, y: 0) == 2)
        #expect(b[0, 0].symbol == "e\u{301}")
        #expect(TextWidth.columns(of: "e\u{301}x") == 2)
    }

    @Test func outOfBoundsDrawingIsIgnored() {
        var b = Buffer(width: 3, height: 1)
        b[-1, 0] = Cell("x")
        b[3, 0] = Cell("x")
        b.put("abc", x: -2, y: 0)
        b.fill(Rect(x: 2, y: -5, width: 10, height: 10), with: Cell("#"))
        #expect(b.lines == ["c #"])
    }

    @Test func diffSendsOnlyChangedRuns() {
        var a = Buffer(width: 6, height: 2)
        a.put("abcdef", x: 0, y: 0)
        var b = a
        b.put("XY", x: 2, y: 0)
        let runs = b.changes(since: a)
        #expect(runs == [CellRun(x: 2, y: 0, cells: [Cell("X"), Cell("Y")])])
        #expect(b.changes(since: b).isEmpty)
        #expect(b.changes(since: nil).count == 2)
        #expect(b.changes(since: Buffer(width: 5, height: 2)).count == 2)
    }

    @Test func diffRedrawsWideCharactersWhole() {
        var a = Buffer(width: 4, height: 1)
        a.put("日x", x: 0, y: 0)
        var b = a
        b[1, 0] = Cell("", style: .bold)
        let runs = b.changes(since: a)
        #expect(runs.first?.x == 0)
    }

    @Test func boxesHaveTitles() {
        var b = Buffer(width: 12, height: 3)
        b.box(b.area, title: "pane")
        #expect(b.lines == ["┌ pane ────┐", "│          │", "└──────────┘"])
    }
}

@Suite struct KeyEventTests {
    @Test func parsesKeymapNotation() {
        #expect(KeyEvent.parse("q") == .char("q"))
        #expect(KeyEvent.parse("Q") == .char("Q"))
        #expect(KeyEvent.parse("C-r") == KeyEvent(.char("r"), .control))
        #expect(KeyEvent.parse("C-R") == KeyEvent(.char("r"), .control))
        #expect(KeyEvent.parse("S-right") == KeyEvent(.right, .shift))
        #expect(KeyEvent.parse("M-C-x") == KeyEvent(.char("x"), [.control, .alt]))
        #expect(KeyEvent.parse("space") == KeyEvent(.space))
        #expect(KeyEvent.parse(" ") == KeyEvent(.space))
        #expect(KeyEvent.parse("f12") == KeyEvent(.function(12)))
        #expect(KeyEvent.parse("-") == .char("-"))
        #expect(KeyEvent.parse("esc") == KeyEvent(.escape))
        for bad in ["", "nope", "X-a", "f99"] { #expect(KeyEvent.parse(bad) == nil, "\(bad)") }
    }

    @Test func describesKeysAsKeymapsWriteThem() {
        for text in ["q", "C-r", "S-right", "space", "f5", "M-x", "backtab"] {
            #expect(KeyEvent.parse(text)?.description == text)
        }
    }
}

@Suite struct ColorCapabilityTests {
    let all: (String) -> Bool = { _ in true }
    let none: (String) -> Bool = { _ in false }

    @Test func decidesFromTheEnvironment() {
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-direct"], terminfoExists: none).mode == .truecolor)
        let viaColorterm = ColorCapability.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"], terminfoExists: all)
        #expect(viaColorterm.mode == .truecolor && viaColorterm.directTerm == "xterm-direct")
        #expect(ColorCapability.detect(environment: ["TERM": "tmux-256color", "COLORTERM": "24bit"], terminfoExists: all).directTerm == "tmux-direct")
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"], terminfoExists: none).mode == .palette256)
        #expect(ColorCapability.detect(environment: ["TERM": "xterm-256color"], terminfoExists: all).mode == .palette256)
        #expect(ColorCapability.detect(environment: ["TERM": "linux"], terminfoExists: all).mode == .palette16)
        #expect(ColorCapability.detect(environment: ["TERM": "dumb"], terminfoExists: all).mode == .none)
        let noColor = ColorCapability.detect(environment: ["TERM": "xterm-direct", "NO_COLOR": "1"], terminfoExists: all)
        #expect(noColor.mode == .none && noColor.reason.contains("NO_COLOR"))
        #expect(ColorCapability.detect(environment: ["NO_COLOR": "1"], forced: .palette16, terminfoExists: all).mode == .palette16)
    }

    @Test func reducesColoursToPalettes() {
        #expect(Palette.index256(0, 0, 0) == 16)
        #expect(Palette.index256(255, 255, 255) == 231)
        #expect(Palette.index256(255, 0, 0) == 196)
        #expect(Palette.index256(128, 128, 128) == 244)
        #expect(Palette.index16(250, 10, 10) == 9)
        #expect(Palette.index16(0, 0, 0) == 0)
    }
}

@Suite struct LineEditorTests {
    func type(_ editor: inout LineEditor, _ text: String) {
        for ch in text { _ = editor.handle(KeyEvent(.char(ch))) }
    }

    @Test func editsByGraphemeWithShellKeys() {
        var e = LineEditor()
        type(&e, "héllo 日本")
        #expect(e.text == "héllo 日本" && e.cursor == 8)
        _ = e.handle(KeyEvent(.left))
        _ = e.handle(KeyEvent(.backspace))
        #expect(e.text == "héllo 本")
        _ = e.handle(KeyEvent(.char("a"), .control))
        type(&e, "» ")
        #expect(e.text == "» héllo 本")
        _ = e.handle(KeyEvent(.end))
        _ = e.handle(KeyEvent(.char("w"), .control))
        #expect(e.text == "» héllo ")
        _ = e.handle(KeyEvent(.char("u"), .control))
        #expect(e.text.isEmpty)
        type(&e, "x\u{1B}y")
        #expect(e.text == "xy")
        #expect(e.handle(KeyEvent(.enter)) == .submit("xy"))
        #expect(e.handle(KeyEvent(.escape)) == .cancel)
    }

    @Test func rendersScrolledToTheCursorWithWideCharacters() {
        var e = LineEditor()
        type(&e, "一二三四五六七八九十")
        var b = Buffer(width: 12, height: 1)
        e.render(prompt: ":", into: &b, x: 0, y: 0, width: 12)
        #expect(b.lines[0].hasPrefix(":"))
        #expect(b.lines[0].contains("十"))
        #expect(!b.lines[0].contains("一"))
        #expect(b[11, 0].style.reverse || b.cells.contains { $0.style.reverse })
    }
}
