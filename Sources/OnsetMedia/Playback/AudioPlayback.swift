import Foundation
import OnsetCore

/// Audible playback through a local or forwarded sound server, when one is reachable.
///
/// Remote terminals cannot carry sound, but an SSH session can forward a PulseAudio/PipeWire
/// socket. Onset streams 16-bit mono PCM from the playhead into `pw-cat`, `paplay` or `aplay`;
/// without a working server it says so once and stays silent.
public final class AudioPlayback: @unchecked Sendable {
    public enum Sink: Equatable, Sendable {
        /// A player reading raw s16le mono PCM at `AudioPlayback.sampleRate` from stdin.
        case command(path: String, arguments: [String])
        /// Raw PCM appended to a file (tests, and `--audio-to FILE`).
        case file(String)
    }

    public static let sampleRate = 16_000

    /// Finds a player whose sound server answers; otherwise explains what was tried.
    public static func detectSink(environment env: [String: String] = ProcessInfo.processInfo.environment,
                                  fileExists: (String) -> Bool = FileManager.default.fileExists(atPath:)) -> Result<Sink, SinkUnavailable> {
        let path = (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
        func find(_ name: String) -> String? { path.map { "\($0)/\(name)" }.first(where: fileExists) }
        let runtime = env["XDG_RUNTIME_DIR"] ?? "/run/user/\(getuid())"
        var tried: [String] = []
        let rate = String(sampleRate)
        if let pw = find("pw-cat") {
            if fileExists(runtime + "/pipewire-0") || env["PIPEWIRE_REMOTE"] != nil {
                return .success(.command(path: pw, arguments: ["--playback", "--format", "s16", "--rate", rate, "--channels", "1", "-"]))
            }
            tried.append("pw-cat (no PipeWire socket in \(runtime))")
        }
        if let pa = find("paplay") {
            if env["PULSE_SERVER"] != nil || fileExists(runtime + "/pulse/native") {
                return .success(.command(path: pa, arguments: ["--raw", "--format=s16le", "--rate=\(rate)", "--channels=1"]))
            }
            tried.append("paplay (no PULSE_SERVER and no socket in \(runtime)/pulse)")
        }
        if let aplay = find("aplay") {
            if fileExists("/dev/snd/controlC0") {
                return .success(.command(path: aplay, arguments: ["-q", "-t", "raw", "-f", "S16_LE", "-r", rate, "-c", "1"]))
            }
            tried.append("aplay (no sound card in /dev/snd)")
        }
        if tried.isEmpty { tried.append("none of pw-cat, paplay or aplay is installed") }
        return .failure(SinkUnavailable(tried: tried))
    }

    public struct SinkUnavailable: Error, Equatable, CustomStringConvertible {
        public let tried: [String]
        public var description: String {
            "no sound: " + tried.joined(separator: "; ") + ". Forward a PulseAudio socket over SSH (PULSE_SERVER) to hear audio; the audio lane still shows it."
        }
    }

    private let path: String
    private let sink: Sink
    private let lock = NSLock()
    private var generation = 0
    private var process: Process?

    public init(path: String, sink: Sink) {
        self.path = path
        self.sink = sink
    }

    deinit { stop() }

    /// Starts sound at `t` (normal speed only; other speeds play silently, as most players do
    /// not pitch-correct). Any earlier stream stops first.
    public func play(from t: Timecode) {
        stop()
        lock.lock()
        generation += 1
        let gen = generation
        // Counted from now, not from when the thread gets going, so `waitUntilDone` cannot return early.
        activeStreams += 1
        lock.unlock()
        let thread = Thread { [weak self] in self?.stream(from: t, generation: gen) }
        thread.name = "onset.audio"
        thread.start()
    }

    /// Stops sound at once (pause, seek, speed change, quit).
    public func stop() {
        lock.lock()
        generation += 1
        let p = process
        process = nil
        lock.unlock()
        if let p, p.isRunning { p.terminate() }
    }

    /// Waits (for tests) until the stream of the current generation has finished writing.
    public func waitUntilDone(timeout: TimeInterval) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let busy = activeStreams > 0
            lock.unlock()
            if !busy { return true }
            usleep(5_000)
        }
        return false
    }

    /// Streams started and not yet finished (an old one may still be winding down after a seek).
    private var activeStreams = 0

    private func isCurrent(_ gen: Int) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return gen == generation
    }

    private func stream(from t: Timecode, generation gen: Int) {
        defer {
            lock.lock()
            activeStreams -= 1
            lock.unlock()
        }
        guard let out = openSink(generation: gen) else { return }
        defer { try? out.close() }
        do {
            let decoder = try AudioDecoder(path: path, sampleRate: Self.sampleRate)
            if t > .zero { try decoder.seek(to: t) }
            try decoder.decode { samples in
                guard isCurrent(gen) else { return false }
                do {
                    try out.write(contentsOf: Self.s16le(samples))
                    return true
                } catch {
                    return false
                }
            }
        } catch {
            return
        }
    }

    private func openSink(generation gen: Int) -> FileHandle? {
        switch sink {
        case .file(let file):
            if !FileManager.default.fileExists(atPath: file) { FileManager.default.createFile(atPath: file, contents: nil) }
            guard let handle = FileHandle(forWritingAtPath: file) else { return nil }
            handle.seekToEndOfFile()
            return handle
        case .command(let path, let arguments):
            let p = Process()
            p.executableURL = URL(fileURLWithPath: path)
            p.arguments = arguments
            let pipe = Pipe()
            p.standardInput = pipe
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
            do { try p.run() } catch { return nil }
            lock.lock()
            guard gen == generation else {
                lock.unlock()
                p.terminate()
                return nil
            }
            process = p
            lock.unlock()
            return pipe.fileHandleForWriting
        }
    }

    /// Float samples (−1…1) as signed 16-bit little-endian PCM.
    static func s16le(_ samples: [Float]) -> Data {
        var data = Data(count: samples.count * 2)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: Int16.self)
            for (i, s) in samples.enumerated() {
                out[i] = Int16(max(-32768, min(32767, (s * 32767).rounded()))).littleEndian
            }
        }
        return data
    }
}
