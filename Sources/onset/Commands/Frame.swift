import ArgumentParser
import Foundation
import NcursesBackend
import OnsetCore
import OnsetMedia
import TerminalUI

struct Frame: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the frame showing at a time, drawn with half blocks and ANSI colours.",
        discussion: """
            The frame is the one a player shows at that time (frame-exact, variable frame rates included).
            Example: onset frame Sessions/media/carphone_pristine.mp4 --at 1.5 --cols 60 --rows 20 --color 256
            """)

    @Argument(help: "The media file.") var file: String
    @Option(help: "Time: seconds, MM:SS.mmm, or a frame number such as 45f.") var at: String = "0"
    @Option(help: "Width in terminal columns (default: the terminal's, else 80).") var cols: Int?
    @Option(help: "Height in terminal rows (default: the terminal's less one, else 24).") var rows: Int?
    @Option(help: "truecolor, 256, 16 or none (default: from the terminal).") var color: Open.ColorChoice?

    func run() throws {
        let terminal = Self.terminalSize()
        let width = cols ?? terminal?.cols ?? 80
        let height = rows ?? terminal.map { max(1, $0.rows - 1) } ?? 24
        guard width > 0, height > 0, width <= 4000, height <= 2000 else { throw CLIError("--cols and --rows must be between 1 and 4000/2000") }
        let mode = color?.mode ?? ColorCapability.detect(environment: ProcessInfo.processInfo.environment,
                                                         terminfoExists: NcursesTerminal.terminfoExists).mode
        do {
            let decoder = try VideoDecoder(path: file)
            let time: Timecode
            if at.hasSuffix("f"), let n = Int64(at.dropLast()), n >= 0 {
                // Frame numbers follow the real timestamps on variable-frame-rate media.
                time = try FrameIndex.time(ofFrame: n, in: MediaProbe.probe(file))
            } else {
                time = try parseTime(at, "at", frameRate: decoder.info.frameRate)
            }
            if let duration = decoder.info.duration, time >= duration {
                throw CLIError("--at \(time) is at or past the end of the media (\(duration))")
            }
            let frame = try decoder.frame(at: time, maxWidth: width, maxHeight: height * 2)
            var buffer = Buffer(width: frame.width, height: (frame.height + 1) / 2)
            HalfBlockImage.draw(rgb: frame.rgb, width: frame.width, height: frame.height, into: &buffer, area: buffer.area, mode: mode)
            FileHandle.standardOutput.write(Data(AnsiWriter.render(buffer, mode: mode).utf8))
        } catch let error as MediaError {
            throw CLIError(error.description)
        }
    }

    static func terminalSize() -> (cols: Int, rows: Int)? {
        var ws = winsize()
        guard isatty(STDOUT_FILENO) == 1, ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return (Int(ws.ws_col), Int(ws.ws_row))
    }
}
