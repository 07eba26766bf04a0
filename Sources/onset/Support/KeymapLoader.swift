import Foundation
import OnsetCore
import OnsetStore
import Workstation

/// Loads the shipped default keymap, an optional named one on top, then the user's file.
enum KeymapLoader {
    static func userFile(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ConfigFolder.path(environment: environment) + "/keymap.toml"
    }

    static func load(named name: String?, workspace: Workspace) throws -> Keymap {
        var keymap = Keymap()
        var files = [workspace.keymapsDirectory + "/default.toml"]
        if let name, name != "default" {
            files.append(name.hasSuffix(".toml") || name.contains("/") ? name : workspace.keymapsDirectory + "/\(name).toml")
        }
        let user = userFile()
        if FileManager.default.fileExists(atPath: user) { files.append(user) }
        do {
            for file in files { try keymap.merge(toml: try Workspace.read(file), file: file) }
        } catch {
            throw CLIError("keymap: \(error.description)")
        }
        return keymap
    }
}
