import Foundation
import OnsetCore
import OnsetStore

/// The merged dataset of a project: every annotator's current spans and clip ratings (deleted
/// ones left out), as JSON lines or CSV. Columns and fields are documented in the README.
public enum DatasetExport {
    public enum Format: String, CaseIterable, Sendable { case jsonl, csv }

    public static let csvColumns = ["kind", "id", "project", "wave", "session", "annotator", "signal", "onset_us", "offset_us",
                                    "confidence", "intensity", "cues", "rationale", "clip", "dimension", "score", "note", "revision",
                                    "updated_at_us"]

    /// Writes the export through `write` in chunks; returns how many records it held.
    @discardableResult
    public static func export(_ store: CentralStore, project: String, wave: String?, format: Format, qc: QCFilter = .notRejected,
                              write: ([UInt8]) throws -> Void) throws -> Int {
        var buffer: [UInt8] = []
        var count = 0
        if format == .csv { buffer += Array((csvColumns.joined(separator: ",") + "\n").utf8) }
        try store.eachCurrentRecord(project: project, wave: wave, qc: qc) { kind, recordWave, line in
            count += 1
            switch format {
            case .jsonl:
                // The record as its workstation wrote it, led by where it belongs.
                var head = "{\"kind\":\(quote(kind)),\"project\":\(quote(project)),\"wave\":\(recordWave.map(quote) ?? "null")"
                let body = line.utf8.dropFirst()
                if body.first != UInt8(ascii: "}") { head += "," }
                buffer += Array(head.utf8)
                buffer += body
                buffer.append(10)
            case .csv:
                // The parsed line borrows the bytes: the row is read while they are alive.
                let row = try Array(line.utf8).withUnsafeBytes { raw in
                    let parsed = try JSONLine(raw)
                    return csvColumns.map { column -> String in
                        switch column {
                        case "kind": kind
                        case "project": project
                        case "wave": recordWave ?? ""
                        default: text(parsed[column])
                        }
                    }
                }
                buffer += Array((CSV.row(row) + "\n").utf8)
            }
            if buffer.count > 1 << 20 {
                try write(buffer)
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try write(buffer)
        return count
    }

    static func text(_ value: JSONLine.Value?) -> String {
        switch value {
        case .string(let s)?: s
        case .int(let i)?: String(i)
        case .double(let d)?: String(d)
        case .bool(let b)?: String(b)
        case .strings(let list)?: list.joined(separator: ";")
        case .raw(let r)?: r
        case .null?, nil: ""
        }
    }

    static func quote(_ s: String) -> String { JSONText.quoted(s) }
}
