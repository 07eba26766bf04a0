import Foundation
import Testing

@Suite struct CrashTests {
    /// SIGKILL a writer in the middle of a burst: every write it acknowledged must be there after
    /// reopening, and the database must pass SQLite's integrity check.
    @Test func acknowledgedWritesSurviveSIGKILL() throws {
        let box = Harness.Sandbox()
        defer { box.cleanup() }
        let ackFile = Harness.temporaryFile()
        defer { try? FileManager.default.removeItem(atPath: ackFile) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Harness.binary)
        p.arguments = ["_stress-writes", "--session", "stress", "--count", "1000000"]
        p.environment = box.environment
        p.standardOutput = FileHandle(forWritingAtPath: ackFile)!
        p.standardError = FileHandle.nullDevice
        try p.run()
        func acks() -> [String] {
            let text = (try? String(contentsOfFile: ackFile, encoding: .utf8)) ?? ""
            // Only whole lines count: a line is written after its commit has returned.
            return text.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
                .filter { $0.hasPrefix("ack ") }.map { String($0.dropFirst(4)) }
        }
        let deadline = Date().addingTimeInterval(60)
        while acks().count < 400 && p.isRunning && Date() < deadline { usleep(2_000) }
        kill(p.processIdentifier, SIGKILL)
        p.waitUntilExit()
        let acked = acks()
        #expect(p.terminationReason == .uncaughtSignal)
        #expect(acked.count >= 400)

        let ids = try Harness.run("/usr/bin/sqlite3", [box.store, "SELECT id FROM span WHERE deleted_at_us IS NULL"])
        let stored = Set(ids.stdout.split(separator: "\n").map(String.init))
        let lost = acked.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "\(lost.count) acknowledged writes lost")
        let check = try Harness.run("/usr/bin/sqlite3", [box.store, "PRAGMA integrity_check"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "ok")
        // The store still opens and lists after the crash.
        let list = try box.onset("spans", "list", "--session", "stress", "--format", "csv")
        #expect(list.status == 0)
        #expect(list.stdout.split(separator: "\n").count - 1 == stored.count)
    }
}
