/// What each line of each member must hold: field names and JSON types. Checked for every line
/// on verify and ingest; the contract is written out in docs/bundle-format.md.
enum BundleSchema {
    enum Kind {
        case string, int, strings, object
        case optionalString, optionalInt

        func accepts(_ kind: JSONLine.Kind?) -> Bool {
            switch (self, kind) {
            case (.string, .string?), (.int, .int?), (.strings, .strings?), (.object, .object?), (.optionalString, .string?), (.optionalInt, .int?): true
            case (.optionalString, .null?), (.optionalInt, .null?), (.optionalString, nil), (.optionalInt, nil): true
            default: false
            }
        }

        var name: String {
            switch self {
            case .string: "a string"
            case .int: "an integer"
            case .strings: "an array of strings"
            case .object: "an object"
            case .optionalString: "a string or null"
            case .optionalInt: "an integer or null"
            }
        }
    }

    static let record: [(String, Kind)] = [
        ("annotator", .string), ("scheme_id", .string), ("scheme_version", .int), ("created_at_us", .int),
        ("updated_at_us", .int), ("revision", .int), ("deleted_at_us", .optionalInt),
    ]

    static func fields(_ member: BundleMember) -> [(String, Kind)] {
        switch member {
        case .sessions:
            [("id", .string), ("title", .string), ("project", .string), ("wave", .optionalString), ("mode", .string),
             ("scheme_id", .string), ("scheme_version", .int), ("annotator", .string), ("media", .optionalString)]
        case .spans:
            [("id", .string), ("session", .string), ("signal", .string), ("onset_us", .int), ("offset_us", .int),
             ("confidence", .optionalInt), ("intensity", .optionalInt), ("cues", .strings), ("rationale", .string)] + record
        case .clipRatings:
            [("id", .string), ("session", .string), ("clip", .string), ("dimension", .string), ("score", .int),
             ("confidence", .optionalInt), ("note", .string)] + record
        case .telemetry:
            [("session", .string), ("annotator", .string), ("updated_at_us", .int), ("data", .object)]
        case .operations:
            [("seq", .int), ("session", .string), ("at_us", .int), ("actor", .string), ("kind", .string),
             ("record_type", .string), ("record_id", .string), ("origin", .string)]
        case .predictionReviews:
            [("id", .string), ("prediction", .string), ("session", .string), ("layer", .string), ("type", .string), ("onset_us", .int),
             ("offset_us", .int), ("probability", .optionalString), ("rationale", .string), ("decision", .optionalString), ("reason", .string),
             ("span", .optionalString), ("annotator", .string), ("revision", .int), ("deleted_at_us", .optionalInt)]
        case .calibration:
            [("id", .string)]
        }
    }

    /// Why `line` does not fit `member`'s schema, or nil when it does.
    static func problem(_ line: JSONLine, _ member: BundleMember) -> String? {
        for (key, kind) in fields(member) where !kind.accepts(line.kind(key)) {
            return line.kind(key) == nil ? "\"\(key)\" is missing" : "\"\(key)\" must be \(kind.name)"
        }
        return nil
    }
}
