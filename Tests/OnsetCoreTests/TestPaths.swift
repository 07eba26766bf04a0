import Foundation

/// Paths inside the checkout, found from this file's location (tests run from any folder).
enum TestPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let schemes = root + "/Sessions/schemes"

    static func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }
}
