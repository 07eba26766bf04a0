import Foundation
import GRDB

/// Which kind of store a file is, told from its migrations without changing it: report
/// commands accept either a workstation store or the central one.
public enum StoreKind: Equatable, Sendable {
    case workstation, central

    public static func of(path: String) throws(StoreError) -> StoreKind {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError.cannotOpen(path: path, reason: "no such store")
        }
        do {
            var config = Configuration()
            config.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: config)
            defer { try? queue.close() }
            let applied = try queue.read { db -> [String] in
                guard try db.tableExists("grdb_migrations") else { return [] }
                return try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations")
            }
            if applied.isEmpty { throw StoreError.cannotOpen(path: path, reason: "not an Onset store (no schema)") }
            return applied.allSatisfy { $0.hasPrefix("central-") } ? .central : .workstation
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "not an Onset store (\(error))")
        }
    }
}
