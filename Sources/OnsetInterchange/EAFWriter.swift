import Foundation
import OnsetCore

/// ELAN Annotation Format 3.0: one tier per signal per annotator, with the span's confidence,
/// intensity, cues and rationale on symbolic-association child tiers (so ELAN keeps them attached
/// to their span), the signals as a controlled vocabulary, the media descriptor and the
/// transcript as a tier of its own.
public enum EAFWriter {
    /// Child tiers: name suffix, linguistic type, and the value a span gives it (nil: no annotation).
    static let children: [(suffix: String, type: String, value: @Sendable (Span) -> String?)] = [
        ("confidence", "confidence", { $0.confidence.map(String.init) }),
        ("intensity", "intensity", { $0.intensity.map(String.init) }),
        ("cues", "cues", { $0.cues.isEmpty ? nil : $0.cues.joined(separator: ";") }),
        ("rationale", "rationale", { $0.rationale.isEmpty ? nil : $0.rationale }),
    ]

    public static func tierName(signal: String, annotator: String) -> String { "\(signal)@\(annotator)" }

    public static func write(_ doc: InterchangeDocument, date: Date = Date()) -> String {
        var slots: [Int64] = []
        var slotIndex: [Int64: Int] = [:]
        func slot(_ t: Timecode) -> String {
            let ms = t.milliseconds
            if let i = slotIndex[ms] { return "ts\(i)" }
            slots.append(ms)
            slotIndex[ms] = slots.count
            return "ts\(slots.count)"
        }
        var annotationCount = 0
        func nextID() -> String { annotationCount += 1; return "a\(annotationCount)" }

        var tiers = ""
        let labels = Dictionary(uniqueKeysWithValues: doc.scheme.signals.map { ($0.id, $0.label) })
        for annotator in doc.annotators {
            let used = doc.scheme.signals.map(\.id).filter { s in doc.spans.contains { $0.signal == s && $0.annotator == annotator } }
                + Set(doc.spans.filter { $0.annotator == annotator && labels[$0.signal] == nil }.map(\.signal)).sorted()
            for signal in used {
                let spans = doc.spans.filter { $0.signal == signal && $0.annotator == annotator }
                let parent = tierName(signal: signal, annotator: annotator)
                var ids: [UUID: String] = [:]
                tiers += "    <TIER LINGUISTIC_TYPE_REF=\"signal\" TIER_ID=\"\(xml(parent))\" ANNOTATOR=\"\(xml(annotator))\">\n"
                for span in spans {
                    let id = nextID()
                    ids[span.id] = id
                    tiers += alignable(id, slot(span.onset), slot(span.offset), signal)
                }
                tiers += "    </TIER>\n"
                for child in children {
                    tiers += "    <TIER LINGUISTIC_TYPE_REF=\"\(child.type)\" PARENT_REF=\"\(xml(parent))\" TIER_ID=\"\(xml(parent))/\(child.suffix)\" ANNOTATOR=\"\(xml(annotator))\">\n"
                    for span in spans {
                        guard let value = child.value(span), let ref = ids[span.id] else { continue }
                        tiers += """
                                    <ANNOTATION>
                                        <REF_ANNOTATION ANNOTATION_ID="\(nextID())" ANNOTATION_REF="\(ref)">
                                            <ANNOTATION_VALUE>\(xml(value))</ANNOTATION_VALUE>
                                        </REF_ANNOTATION>
                                    </ANNOTATION>

                            """
                    }
                    tiers += "    </TIER>\n"
                }
            }
        }
        if let transcript = doc.transcript, !transcript.segments.isEmpty {
            tiers += "    <TIER LINGUISTIC_TYPE_REF=\"transcript\" TIER_ID=\"transcript\">\n"
            for segment in transcript.segments where segment.end > segment.start {
                let text = (segment.speaker.map { "\($0): " } ?? "") + segment.text
                tiers += alignable(nextID(), slot(segment.start), slot(segment.end), text)
            }
            tiers += "    </TIER>\n"
        }

        let order = slots.enumerated().sorted { ($0.element, $0.offset) < ($1.element, $1.offset) }
        let timeSlots = order.map { "        <TIME_SLOT TIME_SLOT_ID=\"ts\($0.offset + 1)\" TIME_VALUE=\"\($0.element)\"/>" }.joined(separator: "\n")
        let mediaURL = doc.mediaPath.map { URL(fileURLWithPath: $0).absoluteString } ?? ""
        let mime = doc.mediaPath.map(mimeType) ?? "video/mp4"
        let relative = doc.mediaPath.map { ($0 as NSString).lastPathComponent } ?? ""
        let entries = doc.scheme.signals.map { s in
            "        <CV_ENTRY_ML CVE_ID=\"cve_\(xml(s.id))\"><CVE_VALUE DESCRIPTION=\"\(xml(s.definition))\" LANG_REF=\"eng\">\(xml(s.id))</CVE_VALUE></CV_ENTRY_ML>"
        }.joined(separator: "\n")
        let iso = ISO8601DateFormatter().string(from: date)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <ANNOTATION_DOCUMENT AUTHOR="\(xml(doc.annotators.joined(separator: ", ")))" DATE="\(iso)" FORMAT="3.0" VERSION="3.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="http://www.mpi.nl/tools/elan/EAFv3.0.xsd">
                <HEADER MEDIA_FILE="" TIME_UNITS="milliseconds">
                    <MEDIA_DESCRIPTOR MEDIA_URL="\(xml(mediaURL))" MIME_TYPE="\(mime)" RELATIVE_MEDIA_URL="./\(xml(relative))"/>
                    <PROPERTY NAME="onset:session">\(xml(doc.sessionID))</PROPERTY>
                    <PROPERTY NAME="onset:scheme">\(xml(doc.scheme.id))@\(doc.scheme.version)</PROPERTY>
                    <PROPERTY NAME="lastUsedAnnotationId">\(annotationCount)</PROPERTY>
                </HEADER>
                <TIME_ORDER>
            \(timeSlots)
                </TIME_ORDER>
            \(tiers)    <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="signal" TIME_ALIGNABLE="true" CONTROLLED_VOCABULARY_REF="signals"/>
                <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="confidence" TIME_ALIGNABLE="false"/>
                <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="intensity" TIME_ALIGNABLE="false"/>
                <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="cues" TIME_ALIGNABLE="false"/>
                <LINGUISTIC_TYPE CONSTRAINTS="Symbolic_Association" GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="rationale" TIME_ALIGNABLE="false"/>
                <LINGUISTIC_TYPE GRAPHIC_REFERENCES="false" LINGUISTIC_TYPE_ID="transcript" TIME_ALIGNABLE="true"/>
                <LANGUAGE LANG_DEF="http://cdb.iso.org/lg/CDB-00130975-001" LANG_ID="eng" LANG_LABEL="English (eng)"/>
                <CONSTRAINT DESCRIPTION="Time subdivision of parent annotation's time interval, no time gaps allowed within this interval" STEREOTYPE="Time_Subdivision"/>
                <CONSTRAINT DESCRIPTION="Symbolic subdivision of a parent annotation. Annotations refering to the same parent are ordered" STEREOTYPE="Symbolic_Subdivision"/>
                <CONSTRAINT DESCRIPTION="1-1 association with a parent annotation" STEREOTYPE="Symbolic_Association"/>
                <CONSTRAINT DESCRIPTION="Time alignable annotations within the parent annotation's time interval, gaps are allowed" STEREOTYPE="Included_In"/>
                <CONTROLLED_VOCABULARY CV_ID="signals">
                    <DESCRIPTION LANG_REF="eng">Signals of the \(xml(doc.scheme.title)) scheme (\(xml(doc.scheme.id)) v\(doc.scheme.version))</DESCRIPTION>
            \(entries)
                </CONTROLLED_VOCABULARY>
            </ANNOTATION_DOCUMENT>

            """
    }

    /// A time-aligned annotation between two time slots.
    static func alignable(_ id: String, _ start: String, _ end: String, _ value: String) -> String {
        """
                <ANNOTATION>
                    <ALIGNABLE_ANNOTATION ANNOTATION_ID="\(id)" TIME_SLOT_REF1="\(start)" TIME_SLOT_REF2="\(end)">
                        <ANNOTATION_VALUE>\(xml(value))</ANNOTATION_VALUE>
                    </ALIGNABLE_ANNOTATION>
                </ANNOTATION>

        """
    }

    static func mimeType(_ path: String) -> String {
        switch (path as NSString).pathExtension.lowercased() {
        case "wav": "audio/x-wav"
        case "mp3": "audio/mpeg"
        case "mpg", "mpeg": "video/mpeg"
        case "mov": "video/quicktime"
        default: "video/mp4"
        }
    }

    static func xml(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            case "\t": out += "&#9;"
            // Characters XML 1.0 cannot carry at all are dropped.
            case _ where ch.value < 0x20: break
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
