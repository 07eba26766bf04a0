import Foundation
import OnsetCore
import OnsetMedia
import TerminalUI

/// Media engine benchmarks on a 2-hour 1280×720 H.264 file with a 2 s GOP, built by
/// concatenating a generated 60 s clip with stream copy (cached between runs).
enum MediaBenchmark {
    /// Only the random-seek measurement, across decoder thread counts (to find where time goes).
    static func seekExperiment(cacheFolder: String, seeks: Int) throws {
        let file = try longFile(folder: cacheFolder)
        let times = randomTimes(file: file, count: seeks)
        for threads in [1, 2] {
            let decoder = try VideoDecoder(path: file, threads: threads)
            decoder.quality = .scrub
            var decode: [Double] = []
            for t in times { decode.append(try Measure.time { _ = try decoder.frame(at: t, maxWidth: 120, maxHeight: 80) }) }
            print("- threads \(threads): seek + decode + scale median \(Measure.ms(Measure.percentile(decode, 0.5))), p95 \(Measure.ms(Measure.percentile(decode, 0.95)))")
        }
    }

    static func randomTimes(file: String, count: Int) -> [Timecode] {
        let duration = (try? MediaProbe.probe(file, vfrSample: 0).duration?.microseconds) ?? 7_200_000_000
        var generator = SplitMix(seed: 2026)
        return (0..<count).map { _ in Timecode(microseconds: Int64(generator.next() % UInt64(duration - 1_000_000))) }
    }

    static func run(cacheFolder: String, seeks: Int) throws {
        let file = try longFile(folder: cacheFolder)
        print("\n## Media engine (\(file))")

        // Probe, beside ffprobe.
        var ours: [Double] = [], theirs: [Double] = []
        for _ in 0..<10 {
            ours.append(try Measure.time { _ = try MediaProbe.probe(file) })
            theirs.append(Measure.time { _ = shell("/usr/bin/ffprobe", ["-v", "error", "-show_format", "-show_streams", file]) })
        }
        let probeOurs = Measure.percentile(ours, 0.5), probeTheirs = Measure.percentile(theirs, 0.5)
        print("- probe (with VFR detection over 240 packets): median \(Measure.ms(probeOurs)); `ffprobe -show_format -show_streams` as a process: \(Measure.ms(probeTheirs)) (\(String(format: "%.1f", probeTheirs / probeOurs))× ours)")

        // Random seeks: seek + decode + scale + render into a 120×40 preview.
        let decoder = try VideoDecoder(path: file)
        let times = randomTimes(file: file, count: seeks)
        let cols = 120, rows = 40
        for quality in [VideoDecoder.Quality.scrub, .full] {
            decoder.quality = quality
            var samples: [Double] = []
            for t in times {
                samples.append(try Measure.time {
                    let frame = try decoder.frame(at: t, maxWidth: cols, maxHeight: rows * 2)
                    var buffer = Buffer(width: cols, height: rows)
                    HalfBlockImage.draw(rgb: frame.rgb, width: frame.width, height: frame.height, into: &buffer, area: buffer.area, mode: .truecolor)
                })
            }
            print("- seek + decode + scale + render at \(seeks) random times (\(quality == .scrub ? "scrub quality: loop filter skipped" : "full quality")), 120×40 preview: median \(Measure.ms(Measure.percentile(samples, 0.5))), p95 \(Measure.ms(Measure.percentile(samples, 0.95)))")
            if quality == .scrub { ours = samples }
        }
        var subprocess: [Double] = []
        for t in times.prefix(20) {
            subprocess.append(Measure.time {
                _ = shell("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-ss", String(format: "%.6f", t.seconds), "-i", file, "-frames:v", "1",
                                              "-s", "\(cols)x\(rows * 2)", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"])
            })
        }
        let sub = Measure.percentile(subprocess, 0.5), mine = Measure.percentile(ours, 0.5)
        print("- the same frames through `ffmpeg -ss T -i FILE -frames:v 1 -f rawvideo -` (20 of the times): median \(Measure.ms(sub)) — ours is \(String(format: "%.1f", sub / mine))× faster")

        // Sustained playback: sequential decode + scale + render.
        for (c, r) in [(80, 24), (200, 60)] {
            let player = try VideoDecoder(path: file)
            _ = try player.frame(at: Timecode(seconds: 600), maxWidth: c, maxHeight: r * 2)
            var frames = 0
            var buffer = Buffer(width: c, height: r)
            let elapsed = try Measure.time {
                while frames < 500, let frame = try player.nextFrame(maxWidth: c, maxHeight: r * 2) {
                    HalfBlockImage.draw(rgb: frame.rgb, width: frame.width, height: frame.height, into: &buffer, area: buffer.area, mode: .truecolor)
                    frames += 1
                }
            }
            print("- sustained playback into a \(c)×\(r) preview (decode + scale + render, one thread): \(Int(Double(frames) / elapsed)) frames/s")
        }

        // Bytes per frame drawn at 80×24 in true colour (full frame, and the diff while playing).
        let player = try VideoDecoder(path: file)
        var previous: Buffer?
        var full = 0, diffed = 0, n = 0
        _ = try player.frame(at: Timecode(seconds: 1800), maxWidth: 80, maxHeight: 48)
        while n < 100, let frame = try player.nextFrame(maxWidth: 80, maxHeight: 48) {
            var buffer = Buffer(width: 80, height: 24)
            HalfBlockImage.draw(rgb: frame.rgb, width: frame.width, height: frame.height, into: &buffer, area: buffer.area, mode: .truecolor)
            full += AnsiWriter.render(buffer, mode: .truecolor).utf8.count
            var changed = Buffer(width: 80, height: 24, fill: Cell(""))
            for run in buffer.changes(since: previous) {
                for (i, cell) in run.cells.enumerated() { changed[run.x + i, run.y] = cell }
            }
            diffed += AnsiWriter.render(changed, mode: .truecolor).utf8.count
            previous = buffer
            n += 1
        }
        print("- bytes per video frame at 80×24, true colour: \(full / max(1, n)) (whole frame as SGR + ▀), \(diffed / max(1, n)) when only changed cells are sent (timg -ph: ~22 KB)")

        // Envelope extraction through the cache: the first open decodes, a reopen reads the file.
        let cache = EnvelopeCache(directory: cacheFolder + "/envelopes-\(UUID().uuidString)")
        var envelope = AudioEnvelope(rms: [])
        let cold = try Measure.time { envelope = try cache.envelope(for: file).envelope }
        let probed = try MediaProbe.probe(file, vfrSample: 0)
        let warm = try Measure.time { _ = try cache.envelope(for: probed) }
        print("- audio envelope of the 2-hour track (10 ms RMS, \(envelope.rms.count) windows): \(Measure.s(cold)), \(Int(envelope.duration.seconds / cold))× real time; reopening from the cache (probe already done): \(Measure.ms(warm))")
        let indexCache = MediaCacheFolder(directory: cacheFolder + "/index-\(UUID().uuidString)")
        var index = FrameIndex(times: [])
        let scan = try Measure.time { index = try FrameIndex.load(path: file, cache: indexCache) }
        let reload = try Measure.time { _ = try FrameIndex.load(path: file, cache: indexCache) }
        print("- frame index (only needed for variable frame rate): \(index.count) frames scanned in \(Measure.s(scan)), reloaded from the cache in \(Measure.ms(reload))")
        try? FileManager.default.removeItem(atPath: indexCache.directory)
        try? FileManager.default.removeItem(atPath: cache.directory)
    }

    static func longFile(folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let clip = folder + "/clip-60s-720p.mp4", long = folder + "/long-2h-720p.mp4"
        if FileManager.default.fileExists(atPath: long) { return long }
        print("(building the 2-hour file once in \(folder))")
        _ = shell("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=s=1280x720:r=25:d=60",
                                      "-f", "lavfi", "-i", "sine=f=220:d=60:sample_rate=48000", "-c:v", "libx264", "-preset", "veryfast",
                                      "-crf", "26", "-g", "50", "-keyint_min", "50", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
                                      "-c:a", "aac", "-b:a", "64k", "-shortest", clip])
        let list = folder + "/list.txt"
        try String(repeating: "file '\(clip)'\n", count: 120).write(toFile: list, atomically: true, encoding: .utf8)
        _ = shell("/usr/bin/ffmpeg", ["-nostdin", "-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, "-c", "copy", long])
        guard FileManager.default.fileExists(atPath: long) else { throw BenchError("could not build \(long) with ffmpeg") }
        return long
    }

    @discardableResult
    static func shell(_ program: String, _ args: [String]) -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: program)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        p.standardInput = FileHandle.nullDevice
        do { try p.run() } catch { return -1 }
        p.waitUntilExit()
        return p.terminationStatus
    }
}

struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}

/// A tiny seeded generator so every run seeks to the same times.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
