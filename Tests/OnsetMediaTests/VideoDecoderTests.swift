import Foundation
import OnsetCore
import Testing
@testable import OnsetMedia

@Suite struct VideoDecoderTests {
    func index(_ frame: VideoFrame, count: Int) -> Int {
        MediaFixtures.frameIndex(of: frame.pixel(x: frame.width / 2, y: frame.height / 2), count: count)
    }

    @Test func probeDescribesTheStreams() throws {
        let info = try MediaProbe.probe(MediaFixtures.withAudio)
        #expect(info.duration.map { abs($0.microseconds - 3_000_000) < 100_000 } == true)
        #expect(info.video?.codec == "h264" && info.video?.width == 96 && info.video?.height == 64)
        #expect(info.video?.averageFrameRate == FrameRate(numerator: 25, denominator: 1))
        #expect(info.audio?.codec == "aac" && info.audio?.sampleRate == 44100 && info.audio?.channels == 1)
        #expect(info.variableFrameRate == false)
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(info)) as? [String: Any]
        #expect(json?["duration_us"] is Int && json?["variable_frame_rate"] as? Bool == false)
        let streams = json?["streams"] as? [[String: Any]]
        #expect(streams?.map { $0["type"] as? String } == ["video", "audio"])
    }

    @Test func theFrameAtTimeTIsTheOneWhoseTimestampCoversT() throws {
        let decoder = try VideoDecoder(path: MediaFixtures.indexed)
        let times = MediaFixtures.ffprobeFrameTimes(MediaFixtures.indexed)
        #expect(times.count == 100)
        // Random access in a scrambled order, including frame boundaries and their neighbours.
        var order = Array(0..<100)
        var seed: UInt64 = 42
        order.sort { _, _ in seed = seed &* 6364136223846793005 &+ 1; return seed >> 63 == 1 }
        for n in order {
            let start = times[n]
            let end = n + 1 < times.count ? times[n + 1] : start + 40_000
            for t in [start, (start + end) / 2, end - 1] {
                let frame = try decoder.frame(at: Timecode(microseconds: t), maxWidth: 64, maxHeight: 48)
                #expect(index(frame, count: 100) == n, "at \(t) µs expected frame \(n)")
                #expect(frame.time.microseconds == start)
            }
        }
    }

    @Test func variableFrameRateUsesRealTimestamps() throws {
        let path = MediaFixtures.variable
        let info = try MediaProbe.probe(path)
        #expect(info.variableFrameRate)
        let times = MediaFixtures.ffprobeFrameTimes(path)
        #expect(times.count == 60)
        let decoder = try VideoDecoder(path: path)
        for n in stride(from: 0, to: 60, by: 1) {
            let start = times[n]
            let end = n + 1 < times.count ? times[n + 1] : start + 20_000
            for t in [start, end - 1] {
                let frame = try decoder.frame(at: Timecode(microseconds: t), maxWidth: 64, maxHeight: 48)
                #expect(index(frame, count: 60) == n, "at \(t) µs expected frame \(n)")
            }
        }
    }

    @Test func sequentialReadingMatchesSeeking() throws {
        let decoder = try VideoDecoder(path: MediaFixtures.indexed)
        try decoder.rewind()
        var seen: [Int] = []
        while let frame = try decoder.nextFrame(maxWidth: 16, maxHeight: 12) { seen.append(index(frame, count: 100)) }
        #expect(seen == Array(0..<100))
    }

    @Test func steppingForwardFrameByFrameIsExact() throws {
        let decoder = try VideoDecoder(path: MediaFixtures.indexed)
        let rate = FrameRate(numerator: 25, denominator: 1)!
        for n in 40..<60 {
            let frame = try decoder.frame(at: rate.time(ofFrame: Int64(n)), maxWidth: 64, maxHeight: 48)
            #expect(index(frame, count: 100) == n)
        }
        for n in (30..<40).reversed() {
            #expect(index(try decoder.frame(at: rate.time(ofFrame: Int64(n)), maxWidth: 64, maxHeight: 48), count: 100) == n)
        }
    }

    @Test func scalingHonoursRotationAndAspect() throws {
        let info = try MediaProbe.probe(MediaFixtures.rotated)
        #expect(info.video?.rotation == 90 || info.video?.rotation == 270)
        #expect(info.video?.displaySize?.width == 32 && info.video?.displaySize?.height == 64)
        let frame = try VideoDecoder(path: MediaFixtures.rotated).frame(at: .zero, maxWidth: 100, maxHeight: 100)
        #expect(frame.width == 50 && frame.height == 100)
        // The same picture as ffmpeg's own auto-rotation, and not the opposite turn.
        let ours = try VideoDecoder(path: MediaFixtures.rotated).frame(at: .zero, maxWidth: 32, maxHeight: 64)
        let theirs = MediaFixtures.ffmpegFrame(MediaFixtures.rotated, width: 32, height: 64)
        #expect(ours.rgb.count == theirs.count)
        let upsideDown = VideoDecoder.rotate(ours.rgb, width: 32, height: 64, degrees: 180)
        #expect(meanDifference(ours.rgb, theirs) < 12)
        #expect(meanDifference(upsideDown, theirs) > 2 * meanDifference(ours.rgb, theirs) + 5)
        let carphone = try VideoDecoder(path: MediaFixtures.root + "/Sessions/media/carphone_pristine.mp4")
        let f = try carphone.frame(at: Timecode(seconds: 1), maxWidth: 200, maxHeight: 200)
        // 176×144 with a 128:117 pixel aspect displays as 193×144.
        #expect(f.width == 200 && f.height == 149)
    }

    func meanDifference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        return Double(zip(a, b).reduce(0) { $0 + abs(Int($1.0) - Int($1.1)) }) / Double(a.count)
    }

    @Test func rotateTurnsClockwise() {
        // 2×1 picture: red, green.
        let src: [UInt8] = [255, 0, 0, 0, 255, 0]
        #expect(VideoDecoder.rotate(src, width: 2, height: 1, degrees: 90) == [255, 0, 0, 0, 255, 0])
        #expect(VideoDecoder.rotate(src, width: 2, height: 1, degrees: 180) == [0, 255, 0, 255, 0, 0])
        #expect(VideoDecoder.rotate(src, width: 2, height: 1, degrees: 270) == [0, 255, 0, 255, 0, 0])
    }

    @Test func oddSizesAndNamesWork() throws {
        let frame = try VideoDecoder(path: MediaFixtures.oddSize).frame(at: Timecode(microseconds: 500_000), maxWidth: 33, maxHeight: 17)
        #expect(frame.width == 33 && frame.height == 17)
        let named = try VideoDecoder(path: MediaFixtures.withAudio).frame(at: Timecode(seconds: 2), maxWidth: 48, maxHeight: 32)
        #expect(named.width == 48 && named.height == 32)
    }
}

@Suite struct BadMediaTests {
    @Test func zeroByteTextAndMissingFilesGiveSpecificErrors() {
        let empty = MediaFixtures.file("empty.mp4", bytes: [])
        #expect(throws: MediaError.empty(empty)) { try MediaProbe.probe(empty) }
        let text = MediaFixtures.file("notes.mp4", bytes: Array("these are my notes, not a video\n".utf8))
        #expect(throws: MediaError.self) { try MediaProbe.probe(text) }
        do {
            _ = try MediaProbe.probe(text)
        } catch {
            #expect(error.description.contains("not a media file FFmpeg can read"))
        }
        #expect(throws: MediaError.notFound("/nonexistent/x.mp4")) { try MediaProbe.probe("/nonexistent/x.mp4") }
        #expect(throws: MediaError.self) { try MediaProbe.probe(MediaFixtures.folder) }
    }

    @Test func audioOnlyProbesButHasNoPicture() throws {
        let info = try MediaProbe.probe(MediaFixtures.toneWithPause)
        #expect(info.video == nil && info.audio != nil)
        #expect(throws: MediaError.noVideo(MediaFixtures.toneWithPause)) { try VideoDecoder(path: MediaFixtures.toneWithPause) }
    }

    @Test func aTruncatedFileWithItsIndexCutOffIsAnError() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: MediaFixtures.indexed))
        // The index (moov) is at the end of these files: cutting the tail removes it.
        let cut = MediaFixtures.file("truncated.mp4", bytes: Array(whole.prefix(whole.count * 2 / 3)))
        #expect(throws: MediaError.self) { try VideoDecoder(path: cut) }
    }

    @Test func bitFlipsInTheStreamLeaveTheFramesAroundThemWorking() throws {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: MediaFixtures.withAudio)))
        var seed: UInt64 = 7
        let start = bytes.count / 3, end = bytes.count / 2
        for _ in 0..<200 {
            seed = seed &* 6364136223846793005 &+ 1442695040888963407
            bytes[start + Int(seed >> 33) % (end - start)] ^= 0xFF
        }
        let damaged = MediaFixtures.file("damaged.mp4", bytes: bytes)
        let decoder = try VideoDecoder(path: damaged)
        var shown = 0
        for t in stride(from: Int64(0), to: 3_000_000, by: 250_000) {
            if (try? decoder.frame(at: Timecode(microseconds: t), maxWidth: 32, maxHeight: 32)) != nil { shown += 1 }
        }
        #expect(shown >= 8)
    }

    @Test func aHugeRequestedSizeIsBoundedByTheCaller() throws {
        let frame = try VideoDecoder(path: MediaFixtures.indexed).frame(at: .zero, maxWidth: 1, maxHeight: 1)
        #expect(frame.width == 1 && frame.height == 1 && frame.rgb.count == 3)
    }
}

@Suite struct FrameIndexTests {
    @Test func indexMatchesFFprobeAndIsCached() throws {
        let cache = MediaCacheFolder(directory: MediaFixtures.folder + "/index-\(UUID().uuidString)")
        let index = try FrameIndex.load(path: MediaFixtures.variable, cache: cache)
        #expect(index.times == MediaFixtures.ffprobeFrameTimes(MediaFixtures.variable))
        #expect(try FileManager.default.contentsOfDirectory(atPath: cache.directory).count == 1)
        #expect(try FrameIndex.load(path: MediaFixtures.variable, cache: cache) == index)
        #expect(index.frame(at: Timecode(microseconds: index.times[35] + 1)) == 35)
        #expect(index.frame(at: Timecode(microseconds: index.times[35] - 1)) == 34)
    }

    @Test func frameNumbersFollowRealTimestampsOnVariableRateMedia() throws {
        let cache = MediaCacheFolder(directory: MediaFixtures.folder + "/index-\(UUID().uuidString)")
        let info = try MediaProbe.probe(MediaFixtures.variable)
        let decoder = try VideoDecoder(path: MediaFixtures.variable)
        for n: Int64 in [0, 29, 30, 45, 50, 59] {
            let t = try FrameIndex.time(ofFrame: n, in: info, cache: cache)
            let frame = try decoder.frame(at: t, maxWidth: 64, maxHeight: 48)
            #expect(MediaFixtures.frameIndex(of: frame.pixel(x: 32, y: 24), count: 60) == Int(n))
        }
        let cfr = try MediaProbe.probe(MediaFixtures.indexed)
        #expect(try FrameIndex.time(ofFrame: 30, in: cfr, cache: cache) == Timecode(microseconds: 1_200_000))
    }
}
