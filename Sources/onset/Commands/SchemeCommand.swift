import ArgumentParser
import Foundation
import OnsetCore
import OnsetStore

struct SchemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scheme",
        abstract: "Check and show annotation schemes.",
        subcommands: [Check.self, Show.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a scheme file; errors name the file and line.",
            discussion: "Example: onset scheme check Sessions/schemes/social-signals.toml")

        @Argument(help: "The scheme file.") var file: String

        func run() throws {
            let scheme: Scheme
            do { scheme = try Scheme.parse(toml: try Workspace.read(file), file: file) } catch { throw CLIError(error.description) }
            let cues = scheme.allCues
            print("\(file): ok — \(scheme.id) v\(scheme.version): \(scheme.signals.count) signals, \(cues.count) cues (\(cues.filter(\.modality.isNonVerbal).count) non-verbal or paraverbal), \(scheme.dimensions.count) clip dimensions")
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show a scheme by name or file.",
            discussion: "Examples: onset scheme show social-signals; onset scheme show video-quality --format json")

        @Argument(help: "A scheme name (from Sessions/schemes) or a file.") var scheme: String
        @Option(help: "text or json") var format: Format = .text

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        func run() throws {
            let s: Scheme
            do { s = try Workspace.locate().scheme(scheme) } catch { throw CLIError(error.description) }
            switch format {
            case .json: print(Output.json(SchemeJSON(s)))
            case .text: print(text(s))
            }
        }

        private func text(_ s: Scheme) -> String {
            var out = ["\(s.title) (\(s.id) v\(s.version))"]
            if !s.description.isEmpty { out.append(s.description) }
            if !s.required.isEmpty { out.append("required on every span: " + s.required.sorted().map(\.rawValue).joined(separator: ", ")) }
            for sig in s.signals {
                out.append("")
                out.append("[\(sig.hotkey)] \(sig.label) (\(sig.id))  valence \(sig.valence)  arousal \(sig.arousal)  \(sig.color)")
                out.append("    " + sig.definition)
                for o in sig.observability { out.append("    observe: " + o) }
                for m in Modality.allCases {
                    let cues = sig.cues.filter { $0.modality == m }
                    if !cues.isEmpty { out.append("    \(m.rawValue): " + cues.map(\.id).joined(separator: ", ")) }
                }
            }
            for scale in [s.confidence, s.intensity].compactMap({ $0 }) + s.dimensions {
                out.append("")
                out.append("\(scale.label) (\(scale.id))" + (scale.description.isEmpty ? "" : ": \(scale.description)"))
                for a in scale.anchors { out.append("    \(a.value) \(a.label)" + (a.description.isEmpty ? "" : " — \(a.description)")) }
            }
            return out.joined(separator: "\n")
        }
    }
}

/// The JSON shape of `onset scheme show --format json`.
struct SchemeJSON: Encodable {
    struct SignalJSON: Encodable {
        var id, label, definition, hotkey, color: String
        var valence, arousal: Double
        var observability: [String]
        var cues: [CueJSON]
    }
    struct CueJSON: Encodable { var id, modality, text: String }
    struct ScaleJSON: Encodable {
        var id, label, description: String
        var min, max: Int
        var shows_prompt: Bool
        var anchors: [AnchorJSON]
    }
    struct AnchorJSON: Encodable { var value: Int; var label, description: String }
    struct AxisJSON: Encodable { var min, max: Double }

    var id: String
    var version: Int
    var title, description: String
    var required: [String]
    var valence, arousal: AxisJSON
    var signals: [SignalJSON]
    var confidence, intensity: ScaleJSON?
    var dimensions: [ScaleJSON]

    init(_ s: Scheme) {
        func scale(_ r: RatingScale) -> ScaleJSON {
            ScaleJSON(id: r.id, label: r.label, description: r.description, min: r.range.lowerBound, max: r.range.upperBound,
                      shows_prompt: r.showsPrompt, anchors: r.anchors.map { AnchorJSON(value: $0.value, label: $0.label, description: $0.description) })
        }
        id = s.id
        version = s.version
        title = s.title
        description = s.description
        required = s.required.sorted().map(\.rawValue)
        valence = AxisJSON(min: s.valenceRange.lowerBound, max: s.valenceRange.upperBound)
        arousal = AxisJSON(min: s.arousalRange.lowerBound, max: s.arousalRange.upperBound)
        signals = s.signals.map { sig in
            SignalJSON(id: sig.id, label: sig.label, definition: sig.definition, hotkey: sig.hotkey, color: sig.color.description,
                       valence: sig.valence, arousal: sig.arousal, observability: sig.observability,
                       cues: sig.cues.map { CueJSON(id: $0.id, modality: $0.modality.rawValue, text: $0.text) })
        }
        confidence = s.confidence.map(scale)
        intensity = s.intensity.map(scale)
        dimensions = s.dimensions.map(scale)
    }
}
