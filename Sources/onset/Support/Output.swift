import Foundation
import OnsetCore
import TerminalUI

enum Output {
    static func json<T: Encodable>(_ value: T, snakeCase: Bool = false) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        if snakeCase { encoder.keyEncodingStrategy = .convertToSnakeCase }
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }

    /// Aligned columns; the last column is not padded. Widths count terminal columns.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { i in all.map { TextWidth.columns(of: $0[i]) }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - TextWidth.columns(of: cell))
            }.joined(separator: "  ").trimmingTrailingSpaces
        }.joined(separator: "\n")
    }

}

enum OutputFormat: String, CaseIterable {
    case table, json, csv
}

extension String {
    var trimmingTrailingSpaces: String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
