import ArgumentParser
import Foundation
import OnsetMedia

struct Probe: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Describe a media file: container, duration, streams, frame rate, rotation.",
        discussion: "Examples: onset probe Sessions/media/carphone_pristine.mp4; onset probe clip.mp4 --json")

    @Argument(help: "The media file.") var file: String
    @Flag(help: "Print JSON (fields: duration_us, variable_frame_rate, streams[].type ...).") var json = false

    func run() throws {
        let info: MediaInfo
        do { info = try MediaProbe.probe(file) } catch { throw CLIError(error.description) }
        if json { print(Output.json(info)); return }
        print("\(info.path): \(info.container) (\(info.containerLongName)), \(info.duration?.description ?? "unknown length"), \(info.sizeBytes) bytes"
              + (info.variableFrameRate ? ", variable frame rate" : ""))
        for s in info.streams {
            var parts = ["#\(s.index) \(s.type.rawValue) \(s.codec)"]
            if let w = s.width, let h = s.height { parts.append("\(w)×\(h)") }
            if let sar = s.sampleAspectRatio { parts.append("SAR \(sar)") }
            if let r = s.rotation, r != 0 { parts.append("rotated \(r)°") }
            if let fps = s.averageFrameRate { parts.append("\(fps)") }
            if s.variableFrameRate == true { parts.append("VFR") }
            if let rate = s.sampleRate { parts.append("\(rate) Hz") }
            if let ch = s.channels { parts.append("\(ch) ch") }
            if s.isAttachedPicture { parts.append("cover art") }
            print("  " + parts.joined(separator: ", "))
        }
    }
}
