import Foundation

/// Runs the real `onset` binary (built by `swift build --build-tests`) and other programs.
enum Harness {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static var binary: String { ProcessInfo.processInfo.environment["ONSET_BIN"] ?? root + "/.build/debug/onset" }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Krippendorff's published example (AGREEMENT.md): 4 observers × 12 units.
    static let publishedAlphaCSV = """
        coder,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12
        A,1,2,3,3,2,1,4,1,2,,,
        B,1,2,3,3,2,2,4,1,2,5,,3
        C,,3,3,3,2,3,4,2,2,5,1,
        D,1,2,3,3,2,4,4,1,2,5,1,
        """

    /// A fresh folder with its own store path; removed by `cleanup`.
    struct Sandbox {
        let folder: String
        var store: String { folder + "/onset.sqlite" }
        /// Where this sandbox's central store lives: a SQLite file, or, when `ONSET_TEST_POSTGRES`
        /// names a PostgreSQL database (`make test`'s second pass), a fresh schema in it.
        let central: String

        init() {
            folder = NSTemporaryDirectory() + "onset-e2e-" + UUID().uuidString
            try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            if let url = ProcessInfo.processInfo.environment["ONSET_TEST_POSTGRES"], !url.isEmpty {
                central = url + (url.contains("?") ? "&" : "?") + "schema=e_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            } else {
                central = folder + "/central.sqlite"
            }
        }

        func cleanup() { try? FileManager.default.removeItem(atPath: folder) }

        var environment: [String: String] {
            var env = ProcessInfo.processInfo.environment
            env["ONSET_STORE"] = store
            env["ONSET_HOME"] = Harness.root
            env["ONSET_ANNOTATOR"] = "tester"
            env["XDG_CONFIG_HOME"] = folder + "/config"
            return env
        }

        @discardableResult
        func onset(_ args: [String]) throws -> Result {
            try Harness.run(Harness.binary, args, environment: environment)
        }

        /// As another annotator on the same workstation store.
        @discardableResult
        func onset(as annotator: String, _ args: String...) throws -> Result {
            var env = environment
            env["ONSET_ANNOTATOR"] = annotator
            return try Harness.run(Harness.binary, Array(args), environment: env)
        }

        @discardableResult
        func onset(_ args: String..., input: String? = nil) throws -> Result {
            try Harness.run(Harness.binary, Array(args), environment: environment)
        }
    }

    /// Output goes through temporary files, not pipes: Foundation's pipe descriptors are
    /// inherited by daemons such as the tmux server, which would keep a pipe open forever.
    static func run(_ program: String, _ args: [String], environment: [String: String]? = nil) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        if let environment { p.environment = environment }
        p.currentDirectoryURL = URL(fileURLWithPath: root)
        let outPath = temporaryFile(), errPath = temporaryFile()
        defer {
            try? FileManager.default.removeItem(atPath: outPath)
            try? FileManager.default.removeItem(atPath: errPath)
        }
        let out = FileHandle(forWritingAtPath: outPath)!, err = FileHandle(forWritingAtPath: errPath)!
        p.standardOutput = out
        p.standardError = err
        p.standardInput = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        try? out.close()
        try? err.close()
        return Result(status: p.terminationStatus,
                      stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    static func temporaryFile() -> String {
        let path = NSTemporaryDirectory() + "onset-out-" + UUID().uuidString
        FileManager.default.createFile(atPath: path, contents: nil)
        return path
    }

    static func which(_ name: String) -> String? {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return nil
    }
}
