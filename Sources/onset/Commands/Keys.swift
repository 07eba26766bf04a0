import ArgumentParser
import OnsetStore
import Workstation

struct Keys: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the effective keymap (shipped default, --keymap, then your ~/.config/onset/keymap.toml).",
        discussion: "Examples: onset keys; onset keys --keymap vim")

    @Option(help: "A keymap in Keymaps/ (e.g. vim) or a file, loaded over the default.") var keymap: String?

    func run() throws {
        let map = try KeymapLoader.load(named: keymap, workspace: .locate())
        print("# files: " + map.sources.joined(separator: ", "))
        for group in ActionName.Group.allCases {
            print("\n\(group.rawValue)")
            let rows = ActionName.allCases.filter { $0.group == group }.map { a in
                ["  " + a.rawValue, map.keys(for: a).joined(separator: ", ").ifEmpty("(unbound)"), a.summary]
            }
            print(Output.table(["  ACTION", "KEYS", "WHAT IT DOES"], rows))
        }
    }
}

extension String {
    func ifEmpty(_ other: String) -> String { isEmpty ? other : self }
}
