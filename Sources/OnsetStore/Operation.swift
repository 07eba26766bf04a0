import Foundation
import OnsetCore

/// One entry of the operation log: who did what to which record, with the states around it.
public struct Operation: Hashable, Sendable {
    public enum Origin: String, Sendable {
        /// A user's own change.
        case edit
        /// The reversal of an earlier edit (`targetSeq`).
        case undo
        /// The replay of an undone edit (`targetSeq`).
        case redo
    }

    public var seq: Int64
    public var sessionID: String
    public var at: Date
    public var actor: String
    public var kind: ChangeKind
    public var recordType: String
    public var recordID: UUID
    public var beforeJSON: String?
    public var afterJSON: String?
    public var origin: Origin
    public var targetSeq: Int64?
    /// The first edit of the group this edit belongs to (nil: a group of its own).
    public var groupSeq: Int64?
}

/// What an undo or redo changed, so a caller can update its view without reloading everything.
public struct Replay: Sendable, Hashable {
    public var operation: Operation
    /// The span as it is now, when the replayed edit was on a span.
    public var span: Span?
    public var rating: ClipRating?
}
