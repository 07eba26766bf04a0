import OnsetCore
import TerminalUI

/// Where a binding applies. Context bindings win over global ones.
public enum KeyContext: String, CaseIterable, Sendable {
    case global, timeline
    /// While the rating prompt waits for a score.
    case prompt
    /// While the cue checklist is open.
    case checklist
    /// Rating clips in a queue (a `rating` session).
    case queue
    /// While the queue's clip list is open.
    case list
}

/// One or more keys pressed in order, e.g. `g g`.
public typealias KeySequence = [KeyEvent]

/// Key sequences to actions per context, loaded from `Keymaps/*.toml` with user files on top.
public struct Keymap: Sendable {
    public struct Binding: Hashable, Sendable {
        public var keys: KeySequence
        public var action: ActionName
        public var source: String
    }

    public private(set) var bindings: [KeyContext: [Binding]] = [:]
    public private(set) var sources: [String] = []

    public init() {}

    /// Reads a keymap file. The format: one table per context, `"key" = "action-name"`;
    /// `"key" = "none"` removes a binding inherited from an earlier file.
    public static func parse(toml text: String, file: String) throws(FileError) -> [(KeyContext, KeySequence, ActionName?, Int)] {
        let root = TOMLReader(file: file, table: try TOMLParser.parse(text, file: file))
        var out: [(KeyContext, KeySequence, ActionName?, Int)] = []
        for name in root.table.keys {
            let line = root.line(of: name)
            guard let context = KeyContext(rawValue: name) else {
                throw root.fail("unknown context `[\(name)]`; expected one of: \(KeyContext.allCases.map(\.rawValue).joined(separator: ", "))", line: line)
            }
            guard let table = try root.optionalTable(name) else { continue }
            for keyText in table.table.keys {
                let keyLine = table.line(of: keyText)
                let keys = try sequence(keyText, file: file, line: keyLine)
                guard let actionText = try table.optionalString(keyText) else { continue }
                if actionText == "none" {
                    out.append((context, keys, nil, keyLine))
                    continue
                }
                guard let action = ActionName(rawValue: actionText) else {
                    let near = ActionName.allCases.map(\.rawValue).filter { $0.hasPrefix(String(actionText.prefix(3))) }
                    throw FileError(file: file, line: keyLine,
                                    "unknown action `\(actionText)` for key `\(keyText)`" + (near.isEmpty ? "; `onset keys` lists the actions" : "; did you mean \(near.joined(separator: " or "))?"))
                }
                out.append((context, keys, action, keyLine))
            }
        }
        return out
    }

    static func sequence(_ text: String, file: String, line: Int) throws(FileError) -> KeySequence {
        let parts = text == " " ? [" "] : text.split(separator: " ").map(String.init)
        guard !parts.isEmpty else { throw FileError(file: file, line: line, "an empty key") }
        var keys: KeySequence = []
        for part in parts {
            guard let key = KeyEvent.parse(part) else {
                throw FileError(file: file, line: line, "`\(part)` is not a key; write e.g. \"q\", \"C-r\", \"S-right\", \"space\", \"f1\" or a sequence \"g g\"")
            }
            keys.append(key)
        }
        return keys
    }

    /// Adds a file's bindings on top of what is loaded, then checks the result: within one
    /// context a key sequence may not be the prefix of another (it could never be completed).
    public mutating func merge(toml text: String, file: String) throws(FileError) {
        let entries = try Self.parse(toml: text, file: file)
        var lines: [KeyContext: [KeySequence: Int]] = [:]
        for (context, keys, action, line) in entries {
            var list = bindings[context] ?? []
            list.removeAll { $0.keys == keys }
            if let action { list.append(Binding(keys: keys, action: action, source: "\(file):\(line)")) }
            bindings[context] = list
            lines[context, default: [:]][keys] = line
        }
        sources.append(file)
        for (context, list) in bindings {
            for a in list {
                for b in list where a.keys != b.keys && b.keys.count > a.keys.count && Array(b.keys.prefix(a.keys.count)) == a.keys {
                    let line = lines[context]?[a.keys] ?? lines[context]?[b.keys]
                    throw FileError(file: file, line: line,
                                    "in [\(context.rawValue)], `\(Self.text(a.keys))` (\(a.action.rawValue), \(a.source)) is a prefix of `\(Self.text(b.keys))` (\(b.action.rawValue), \(b.source)), so the longer one can never be typed")
                }
            }
        }
    }

    public static func text(_ keys: KeySequence) -> String { keys.map(\.description).joined(separator: " ") }

    public enum Lookup: Equatable {
        case action(ActionName)
        /// The keys so far begin a longer sequence: wait for the next key.
        case pending
        case unbound
    }

    /// Resolves the keys typed so far in `context` (falling back to global bindings).
    public func lookup(_ keys: KeySequence, in context: KeyContext) -> Lookup {
        for ctx in context == .global ? [KeyContext.global] : [context, .global] {
            let list = bindings[ctx] ?? []
            if let exact = list.first(where: { $0.keys == keys }) { return .action(exact.action) }
            if list.contains(where: { $0.keys.count > keys.count && Array($0.keys.prefix(keys.count)) == keys }) { return .pending }
        }
        return .unbound
    }

    /// The keys bound to `action` (in `contexts`, default all), for help and hints ("space", "C-r").
    public func keys(for action: ActionName, in contexts: [KeyContext] = KeyContext.allCases) -> [String] {
        var seen: Set<String> = []
        return contexts.flatMap { ctx in (bindings[ctx] ?? []).filter { $0.action == action }.map { Self.text($0.keys) } }
            .filter { seen.insert($0).inserted }
    }
}
