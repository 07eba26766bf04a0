import Foundation

/// One user edit of one record, as the state before and after it.
///
/// `before == nil` is a creation; an `after` with `deletedAt` set is a (soft) deletion. The
/// inverse swaps the two, which is all undo needs — and because the pair is kept in the store's
/// operation log, undo works across restarts and the log doubles as the audit trail.
public struct Change<Record: Codable & Sendable & Hashable>: Sendable, Hashable {
    public var before: Record?
    public var after: Record?

    public init(before: Record?, after: Record?) {
        self.before = before
        self.after = after
    }

    public var inverse: Change { Change(before: after, after: before) }
}

/// What an operation-log entry did, for the audit trail and for sync.
public enum ChangeKind: String, Sendable, Codable, Hashable {
    case create, update, delete, restore
}

/// A record that is deleted by marking it, so history, undo and sync keep it.
public protocol SoftDeletable {
    var deletedAt: Date? { get set }
}

extension Span: SoftDeletable {}
extension ClipRating: SoftDeletable {}

extension Change where Record: SoftDeletable {
    public var kind: ChangeKind {
        switch (before, after) {
        case (nil, _): .create
        case (_, nil): .delete
        case (let b?, let a?) where b.deletedAt == nil && a.deletedAt != nil: .delete
        case (let b?, let a?) where b.deletedAt != nil && a.deletedAt == nil: .restore
        default: .update
        }
    }
}
