import Foundation
import OnsetCore

/// Test media made once per test run with the ffmpeg command line.
enum MediaFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let folder: String = {
        let f = NSTemporaryDirectory() + "onset-media-\(getpid())"
        try? FileManager.default.createDirectory(atPath: f, withIntermediateDirectories: true)
        return f
    }()
    private static let lock = NSLock()

    /// Colour of frame `n`: the frame's own index, spread over the three channels.
    static func color(ofFrame n: Int) -> (Int, Int, Int) { ((n * 37) % 256, (n * 73) % 256, (n * 151) % 256) }

    /// The frame index whose colour is nearest to `rgb`, among `count` frames.
    static func frameIndex(of rgb: (UInt8, UInt8, UInt8), count: Int) -> Int {
        (0..<count).min { a, b in distance(color(ofFrame: a), rgb) < distance(color(ofFrame: b), rgb) }!
    }

    private static func distance(_ c: (Int, Int, Int), _ p: (UInt8, UInt8, UInt8)) -> Int {
        let dr = c.0 - Int(p.0), dg = c.1 - Int(p.1), db = c.2 - Int(p.2)
        return dr * dr + dg * dg + db * db
    }

    static let geq = "geq=r='mod(N*37\\,256)':g='mod(N*73\\,256)':b='mod(N*151\\,256)'"

    /// 100 frames at 25 fps, 64×48, lossless, GOP 12 with B-frames: frame n shows `color(ofFrame: n)`.
    static var indexed: String {
        make("indexed.mp4") { out in
            ["-f", "lavfi", "-i", "color=c=black:s=64x48:r=25:d=4,format=rgb24,\(geq)",
             "-c:v", "libx264", "-qp", "0", "-g", "12", "-bf", "2", "-pix_fmt", "yuv444p", out]
        }
    }

    /// Variable frame rate: 30 frames at 25 fps, then 20 frames at 10 fps, then 10 at 50 fps.
    static var variable: String {
        make("variable.mp4") { out in
            ["-f", "lavfi", "-i", "color=c=black:s=64x48:r=25:d=2.4,format=rgb24,\(geq)",
             "-vf", "setpts='if(lt(N,30),N*0.04,if(lt(N,50),1.2+(N-30)*0.1,3.2+(N-50)*0.02))/TB'",
             "-vsync", "0", "-c:v", "libx264", "-qp", "0", "-g", "12", "-pix_fmt", "yuv444p", "-video_track_timescale", "1000", out]
        }
    }

    /// 64×32 stored, flagged to display rotated by 90°.
    static var rotated: String {
        let plain = make("plain-64x32.mp4") { out in
            ["-f", "lavfi", "-i", "testsrc2=s=64x32:r=25:d=1", "-c:v", "libx264", "-pix_fmt", "yuv420p", out]
        }
        return make("rotated.mp4") { out in ["-i", plain, "-c", "copy", "-metadata:s:v:0", "rotate=90", out] }
    }

    /// Audio only: 1 s tone, 1 s silence, 1 s tone (16 kHz WAV).
    static var toneWithPause: String {
        make("tone pause é.wav") { out in
            ["-f", "lavfi", "-i", "aevalsrc='if(between(t\\,1\\,2)\\,0\\,0.5*sin(2*PI*440*t))':d=3:s=16000", out]
        }
    }

    /// Video and audio, with a space and non-ASCII characters in its name.
    static var withAudio: String {
        make("clip é 日本.mp4") { out in
            ["-f", "lavfi", "-i", "testsrc2=s=96x64:r=25:d=3", "-f", "lavfi", "-i", "sine=f=300:d=3",
             "-c:v", "libx264", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", out]
        }
    }

    /// An odd frame size (33×17).
    static var oddSize: String {
        make("odd-33x17.mkv") { out in
            ["-f", "lavfi", "-i", "testsrc2=s=33x17:r=10:d=1", "-c:v", "libx264", "-pix_fmt", "yuv444p", out]
        }
    }

    /// Writes `name` with `bytes` (for damaged and fake files).
    static func file(_ name: String, bytes: [UInt8]) -> String {
        let path = folder + "/" + name
        FileManager.default.createFile(atPath: path, contents: Data(bytes))
        return path
    }

    private static func make(_ name: String, _ args: (String) -> [String]) -> String {
        lock.lock()
        defer { lock.unlock() }
        let out = folder + "/" + name
        if FileManager.default.fileExists(atPath: out) { return out }
        let tmp = folder + "/tmp-" + name
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-nostdin", "-v", "error", "-y"] + args(tmp)
        p.standardInput = FileHandle.nullDevice
        try? p.run()
        p.waitUntilExit()
        try? FileManager.default.moveItem(atPath: tmp, toPath: out)
        return out
    }

    /// The first frame as the ffmpeg command line decodes it (auto-rotated), as RGB24.
    static func ffmpegFrame(_ path: String, width: Int, height: Int) -> [UInt8] {
        let out = folder + "/frame-\(UUID().uuidString).rgb"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-nostdin", "-v", "error", "-i", path, "-frames:v", "1", "-vf", "scale=\(width):\(height)",
                       "-f", "rawvideo", "-pix_fmt", "rgb24", out]
        try? p.run()
        p.waitUntilExit()
        return [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: out))) ?? Data())
    }

    /// Frame timestamps as ffprobe reports them (an independent reading), in microseconds.
    static func ffprobeFrameTimes(_ path: String) -> [Int64] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error", "-select_streams", "v:0", "-show_entries", "frame=pts_time", "-of", "csv=p=0", path]
        let outFile = folder + "/probe-\(UUID().uuidString).txt"
        _ = FileManager.default.createFile(atPath: outFile, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: outFile)
        try? p.run()
        p.waitUntilExit()
        let text = (try? String(contentsOfFile: outFile, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            (try? Timecode.parse(String(line).trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: "")))?.microseconds
        }.sorted()
    }
}
