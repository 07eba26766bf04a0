import ArgumentParser
import Foundation
import OnsetCore
import OnsetPostgres
import OnsetStore

/// `onset store migrate`: a central store moved to another database.
struct StoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Move a central store between SQLite and PostgreSQL.",
        subcommands: [Migrate.self])

    struct Migrate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Copy a central store into an empty one (another file, or a PostgreSQL database), then compare counts and checksums.",
            discussion: """
              The target is created (its schema) if needed and must hold no data. Everything is copied in one \
              transaction: an interrupted move leaves the target empty. The source is only read.
              Example: onset store migrate --from central.sqlite --to postgres://onset@db.lab/onset
              """)

        @Option(help: ArgumentHelp("The central store to move: a SQLite file or a postgres:// URL.", valueName: "path|url")) var from: String
        @Option(help: ArgumentHelp("The empty store to move it into: a postgres:// URL or a SQLite file.", valueName: "url|path")) var to: String
        @Flag(help: "Print the comparison as JSON.") var json = false

        func run() throws {
            guard from != to else { throw CLIError("--from and --to name the same store") }
            if !PostgresURL.isPostgres(from), !FileManager.default.fileExists(atPath: from) {
                throw CLIError("no central store at \(from)")
            }
            let source: CentralStore, target: CentralStore
            do {
                source = try CentralStore.open(from)
                target = try CentralStore.open(to)
            } catch { throw CLIError(error.description) }
            let started = Date()
            do {
                try source.copy(to: target) { table, rows in
                    FileHandle.standardError.write(Data("\r\(table): \(rows) rows   ".utf8))
                }
                FileHandle.standardError.write(Data("\r".utf8))
            } catch { throw CLIError("nothing was moved: \(error.description)") }
            let before: [CentralStore.TableCheck], after: [CentralStore.TableCheck]
            do {
                before = try source.tableChecks()
                after = try target.tableChecks()
            } catch { throw CLIError("moved, but the comparison failed: \(error.description)") }
            let differing = zip(before, after).filter { $0 != $1 }.map(\.0.table)
            if json {
                let tables = zip(before, after).map { b, a in
                    "{\"table\":\(JSONText.quoted(b.table)),\"rows\":\(b.rows),\"target_rows\":\(a.rows),\"sha256\":\"\(b.sha256)\",\"target_sha256\":\"\(a.sha256)\",\"same\":\(b == a)}"
                }
                print("{\"from\":\(JSONText.quoted(source.path)),\"to\":\(JSONText.quoted(target.path)),\"same\":\(differing.isEmpty),\"tables\":[\(tables.joined(separator: ","))]}")
            } else {
                func cell(_ text: String, _ width: Int) -> String { text.padding(toLength: width, withPad: " ", startingAt: 0) }
                let width = before.map(\.table.count).max() ?? 5
                print(cell("table", width) + "  rows      target    checksum")
                for (b, a) in zip(before, after) {
                    let same = b == a ? "same" : "DIFFERENT"
                    print(cell(b.table, width) + "  " + cell("\(b.rows)", 8) + "  " + cell("\(a.rows)", 8) + "  " + same)
                }
                print(String(format: "moved %@ to %@ in %.1f s", source.path, target.path, Date().timeIntervalSince(started)))
            }
            guard differing.isEmpty else {
                throw CLIError("the target differs from the source in \(differing.joined(separator: ", ")); do not use it")
            }
        }
    }
}
