import Foundation

/// `$XDG_CONFIG_HOME/onset` (else `~/.config/onset`): keymap, signing identity, sync settings.
enum ConfigFolder {
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.config"
        return config + "/onset"
    }
}
