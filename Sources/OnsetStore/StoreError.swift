/// Why the store refused or failed. Each case says what the user can do about it.
public enum StoreError: Error, Equatable, CustomStringConvertible, Sendable {
    case cannotOpen(path: String, reason: String)
    case notAStore(path: String)
    case newerSchema(path: String, unknown: [String])
    case unknownSession(String)
    case unknownSpan(String)
    case spanDeleted(String)
    case nothingToUndo(session: String)
    case nothingToRedo(session: String)
    case invalid(String)
    case database(String)

    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            "cannot open the store at \(path): \(reason)"
        case .notAStore(let path):
            "\(path) is not an Onset store (not a SQLite database, or it is damaged); nothing was written. Move it aside or pass another --store"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer Onset (schema steps \(unknown.joined(separator: ", ")) are unknown to this version); upgrade Onset to open it. Nothing was changed"
        case .unknownSession(let id):
            "no session `\(id)` in the store"
        case .unknownSpan(let id):
            "no span with id \(id)"
        case .spanDeleted(let id):
            "span \(id) is deleted"
        case .nothingToUndo(let s):
            "nothing to undo in session `\(s)`"
        case .nothingToRedo(let s):
            "nothing to redo in session `\(s)`"
        case .invalid(let why):
            why
        case .database(let why):
            "store error: \(why)"
        }
    }
}
