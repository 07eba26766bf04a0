import OnsetCore
import Testing
import TerminalUI
@testable import Workstation

@Suite struct KeymapTests {
    @Test func shippedKeymapsLoadAndBindEveryAction() throws {
        let k = try Fixtures.keymap()
        for action in ActionName.allCases { #expect(!k.keys(for: action).isEmpty, "\(action.rawValue) is unbound") }
        var vim = try Fixtures.keymap()
        let path = Fixtures.root + "/Keymaps/vim.toml"
        try vim.merge(toml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        #expect(vim.lookup([.char("g")], in: .timeline) == .pending)
        #expect(vim.lookup([.char("g"), .char("g")], in: .timeline) == .action(.goStart))
    }

    @Test func contextBindingsWinAndGlobalOnesFallThrough() throws {
        let k = try Fixtures.keymap("[timeline]\n\"q\" = \"zoom-fit\"\n")
        #expect(k.lookup([.char("q")], in: .timeline) == .action(.zoomFit))
        #expect(k.lookup([.char("q")], in: .global) == .action(.quit))
        #expect(k.lookup([.char("?")], in: .timeline) == .action(.toggleHelp))
        #expect(k.lookup([.char("Y")], in: .timeline) == .unbound)
    }

    @Test func userFilesOverrideAndUnbind() throws {
        let k = try Fixtures.keymap("[timeline]\n\"h\" = \"none\"\n\"C-z\" = \"zoom-in\"\n")
        #expect(k.lookup([.char("h")], in: .timeline) == .unbound)
        #expect(k.lookup([KeyEvent(.char("z"), .control)], in: .timeline) == .action(.zoomIn))
        #expect(k.keys(for: .stepBackward) == ["left"])
    }

    @Test func loadErrorsNameFileAndLine() throws {
        let cases: [(String, Int, String)] = [
            ("[timeline]\n\"k\" = \"zoom-inn\"\n", 2, "unknown action `zoom-inn`"),
            ("[timeline]\n\"x\" = \"quit\"\n\"Ctrl-x\" = \"quit\"\n", 3, "is not a key"),
            ("[timelime]\n", 1, "unknown context"),
            ("[timeline]\n\"l\" = \"quit\"\n\"l\" = \"quit\"\n", 3, "defined twice"),
            ("[timeline]\n\"z\" = \"zoom-in\"\n\"z z\" = \"zoom-fit\"\n", 2, "is a prefix of"),
        ]
        for (text, line, fragment) in cases {
            var k = try Fixtures.keymap()
            do {
                try k.merge(toml: text, file: "user.toml")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.file == "user.toml")
                #expect(error.line == line, "\(error)")
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }
}
