import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import OnsetCore

/// Reads an ELAN file's time-aligned tiers and their symbolic-association children.
public struct EAFFile: Sendable {
    public struct Annotation: Sendable, Equatable {
        public var id: String
        public var start: Timecode
        public var end: Timecode
        public var value: String
    }

    public struct Tier: Sendable {
        public var id: String
        public var parent: String?
        public var annotator: String?
        /// Time-aligned annotations (for tiers with time slots).
        public var annotations: [Annotation] = []
        /// Values of reference annotations by the id of the annotation they refer to.
        public var references: [String: String] = [:]
    }

    public var version: String
    public var tiers: [Tier]

    /// EAF versions this reader understands (ELAN writes 2.7, 2.8 and 3.0).
    static let versions = ["2.6", "2.7", "2.8", "3.0"]

    public static func read(_ data: Data, file: String) throws(InterchangeError) -> EAFFile {
        let delegate = Delegate(file: file)
        // Streamed: given all at once, libxml2 refuses documents over 10 MB (a large ELAN file).
        let parser = XMLParser(stream: InputStream(data: data))
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        if let problem = delegate.problem { throw problem }
        if ok, let unclosed = delegate.open.last {
            throw InterchangeError(file: file, line: parser.lineNumber, "malformed XML: <\(unclosed)> is never closed (a truncated file?)")
        }
        guard ok else {
            throw InterchangeError(file: file, line: parser.lineNumber, "malformed XML: \(parser.parserError.map { "\($0.localizedDescription)" } ?? "unknown error")")
        }
        guard let version = delegate.version else { throw InterchangeError(file: file, line: nil, "not an ELAN file: no ANNOTATION_DOCUMENT element") }
        guard versions.contains(version) else {
            throw InterchangeError(file: file, line: nil, "EAF version \(version) is not supported (this Onset reads \(versions.joined(separator: ", ")))")
        }
        var tiers = delegate.tiers
        for i in tiers.indices {
            for (id, slots) in delegate.pending[tiers[i].id] ?? [] {
                guard let a = delegate.slots[slots.0], let b = delegate.slots[slots.1] else {
                    let missing = delegate.slots[slots.0] == nil ? slots.0 : slots.1
                    throw InterchangeError(file: file, line: nil, delegate.slotIDs.contains(missing)
                        ? "time slot \(missing) (annotation \(id) on tier \(tiers[i].id)) has no time value; align it in ELAN first"
                        : "annotation \(id) on tier \(tiers[i].id) refers to time slot \(missing), which does not exist")
                }
                tiers[i].annotations.append(Annotation(id: id, start: Timecode(milliseconds: a), end: Timecode(milliseconds: b),
                                                       value: delegate.values[id] ?? ""))
            }
        }
        return EAFFile(version: version, tiers: tiers)
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        let file: String
        var version: String?
        var slots: [String: Int64] = [:]
        var slotIDs = Set<String>()
        var tiers: [Tier] = []
        var pending: [String: [(String, (String, String))]] = [:]
        var values: [String: String] = [:]
        var currentTier: Int?
        var currentAnnotation: (id: String, ref: String?)?
        var text: String?
        var problem: InterchangeError?
        /// Open elements: checked here because the parser does not always refuse mismatched tags.
        var open: [String] = []

        init(file: String) { self.file = file }

        func fail(_ parser: XMLParser, _ message: String) {
            if problem == nil { problem = InterchangeError(file: file, line: parser.lineNumber, message) }
            parser.abortParsing()
        }

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
            open.append(name)
            switch name {
            case "ANNOTATION_DOCUMENT":
                version = attributes["VERSION"] ?? attributes["FORMAT"]
            case "TIME_SLOT":
                guard let id = attributes["TIME_SLOT_ID"] else { return fail(parser, "a TIME_SLOT without TIME_SLOT_ID") }
                slotIDs.insert(id)
                if let value = attributes["TIME_VALUE"] {
                    guard let ms = Int64(value), ms >= 0 else { return fail(parser, "time slot \(id) has the value \"\(value)\", not a number of milliseconds") }
                    slots[id] = ms
                }
            case "TIER":
                guard let id = attributes["TIER_ID"] else { return fail(parser, "a TIER without TIER_ID") }
                tiers.append(Tier(id: id, parent: attributes["PARENT_REF"], annotator: attributes["ANNOTATOR"]))
                currentTier = tiers.count - 1
            case "ALIGNABLE_ANNOTATION":
                guard let tier = currentTier, let id = attributes["ANNOTATION_ID"], let a = attributes["TIME_SLOT_REF1"], let b = attributes["TIME_SLOT_REF2"] else {
                    return fail(parser, "an ALIGNABLE_ANNOTATION needs ANNOTATION_ID, TIME_SLOT_REF1 and TIME_SLOT_REF2 inside a TIER")
                }
                pending[tiers[tier].id, default: []].append((id, (a, b)))
                currentAnnotation = (id, nil)
            case "REF_ANNOTATION":
                guard currentTier != nil, let id = attributes["ANNOTATION_ID"], let ref = attributes["ANNOTATION_REF"] else {
                    return fail(parser, "a REF_ANNOTATION needs ANNOTATION_ID and ANNOTATION_REF inside a TIER")
                }
                currentAnnotation = (id, ref)
            case "ANNOTATION_VALUE":
                text = ""
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text? += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard open.last == name else {
                return fail(parser, "malformed XML: </\(name)> closes \(open.last.map { "<\($0)>" } ?? "nothing")")
            }
            open.removeLast()
            switch name {
            case "ANNOTATION_VALUE":
                guard let annotation = currentAnnotation, let tier = currentTier else { break }
                let value = text ?? ""
                if let ref = annotation.ref { tiers[tier].references[ref] = value } else { values[annotation.id] = value }
                text = nil
            case "ALIGNABLE_ANNOTATION", "REF_ANNOTATION":
                currentAnnotation = nil
            case "TIER":
                currentTier = nil
            default:
                break
            }
        }
    }
}
