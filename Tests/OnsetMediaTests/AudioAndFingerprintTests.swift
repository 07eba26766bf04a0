import Foundation
import OnsetCore
import Testing
@testable import OnsetMedia

@Suite struct AudioEnvelopeTests {
    @Test func envelopeHasTenMillisecondWindowsAndFindsThePause() throws {
        let envelope = try AudioDecoder(path: MediaFixtures.toneWithPause).envelope()
        #expect(abs(envelope.rms.count - 300) <= 2)
        // A 0.5-amplitude sine has an RMS of about 0.354.
        #expect(abs(envelope.rms[50] - 0.354) < 0.02)
        #expect(envelope.rms[150] < 0.001)
        let pauses = envelope.pauses()
        #expect(pauses.count == 1)
        if let p = pauses.first {
            #expect(abs(p.lowerBound.microseconds - 1_000_000) <= 20_000)
            #expect(abs(p.upperBound.microseconds - 2_000_000) <= 20_000)
        }
        #expect(envelope.peak(from: Timecode(microseconds: 1_200_000), to: Timecode(microseconds: 1_800_000)) < 0.001)
    }

    @Test func shortGapsAreNotPauses() {
        var rms = [Float](repeating: 0.3, count: 100)
        for i in 40..<45 { rms[i] = 0 }       // 50 ms: too short
        for i in 60..<95 { rms[i] = 0 }       // 350 ms: a pause
        let pauses = AudioEnvelope(rms: rms).pauses(minimum: Timecode(microseconds: 300_000))
        #expect(pauses == [Timecode(microseconds: 600_000)...Timecode(microseconds: 950_000)])
    }

    @Test func theCacheMakesAReopenInstantAndSurvivesGarbage() throws {
        let cache = EnvelopeCache(directory: MediaFixtures.folder + "/cache-\(UUID().uuidString)")
        let first = try cache.envelope(for: MediaFixtures.toneWithPause)
        let second = try cache.envelope(for: MediaFixtures.toneWithPause)
        #expect(!first.cached && second.cached)
        #expect(first.envelope == second.envelope)
        for file in try FileManager.default.contentsOfDirectory(atPath: cache.directory) {
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: cache.directory + "/" + file))
        }
        let third = try cache.envelope(for: MediaFixtures.toneWithPause)
        #expect(!third.cached && third.envelope == first.envelope)
        #expect(throws: MediaError.self) { try cache.envelope(for: MediaFixtures.indexed) }
    }
}

@Suite struct FingerprintTests {
    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256.hex(SHA256.hash([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(SHA256.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(SHA256.hash(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var streaming = SHA256()
        for _ in 0..<1000 { streaming.update([UInt8](repeating: 0x61, count: 1000)) }
        #expect(SHA256.hex(streaming.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test func fingerprintsAreStableAndSensitive() throws {
        let a = try MediaFingerprint.of(MediaFixtures.indexed, duration: Timecode(seconds: 4))
        let b = try MediaFingerprint.of(MediaFixtures.indexed, duration: Timecode(seconds: 4))
        #expect(a == b && a.description.hasPrefix("v1:"))
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: MediaFixtures.indexed)))
        bytes[bytes.count - 10] ^= 1
        let changed = try MediaFingerprint.of(MediaFixtures.file("changed.mp4", bytes: bytes), duration: Timecode(seconds: 4))
        #expect(changed.sha256 != a.sha256)
        // Large files hash only their first and last MiB.
        let big = MediaFixtures.file("big.bin", bytes: [UInt8](repeating: 7, count: 3 << 20))
        #expect(try MediaFingerprint.of(big).size == 3 << 20)
    }
}

@Suite struct PlaybackClockTests {
    @Test func playPauseSpeedAndSeek() {
        var clock = PlaybackClock(duration: Timecode(seconds: 10))
        clock.play(at: 1_000_000)
        #expect(clock.position(at: 3_000_000) == Timecode(seconds: 2))
        clock.setSpeed(2, at: 3_000_000)
        #expect(clock.position(at: 4_000_000) == Timecode(seconds: 4))
        clock.pause(at: 4_000_000)
        #expect(clock.position(at: 9_000_000) == Timecode(seconds: 4))
        clock.seek(to: Timecode(seconds: 9), at: 9_000_000)
        clock.setSpeed(10, at: 9_000_000)
        #expect(clock.speed == 4)
        clock.setSpeed(0.01, at: 9_000_000)
        #expect(clock.speed == 0.1)
        clock.setSpeed(1, at: 9_000_000)
        clock.play(at: 9_000_000)
        #expect(clock.position(at: 20_000_000) == Timecode(seconds: 10))
        #expect(clock.reachedEnd(at: 20_000_000))
        clock.pause(at: 20_000_000)
        clock.play(at: 21_000_000)
        #expect(clock.position(at: 21_500_000) == Timecode(microseconds: 500_000))
    }
}

@Suite struct FramePumpTests {
    @Test func scrubbingCoalescesAndShowsTheLatestRequest() async throws {
        let pump = FramePump(path: MediaFixtures.indexed)
        defer { pump.stop() }
        let size = FramePump.Size(width: 16, height: 12)
        for n in 0..<20 { pump.show(Timecode(microseconds: Int64(n) * 40_000), size: size) }
        let target = Timecode(microseconds: 50 * 40_000)
        pump.show(target, size: size)
        var frame: VideoFrame?
        for _ in 0..<400 {
            frame = pump.frame(for: target)
            if frame?.time == target { break }
            try await Task.sleep(nanoseconds: 5_000_000)
        }
        #expect(frame?.time == target)
        #expect(frame.map { MediaFixtures.frameIndex(of: $0.pixel(x: 8, y: 6), count: 100) } == 50)
        #expect(pump.decodedFrames < 21)
    }

    /// A clock the test moves by hand.
    final class ManualClock: @unchecked Sendable {
        private let lock = NSLock()
        private var nanoseconds: UInt64 = 1_000_000_000
        func now() -> UInt64 { lock.lock(); defer { lock.unlock() }; return nanoseconds }
        func advance(microseconds: Int64) { lock.lock(); nanoseconds += UInt64(microseconds) * 1000; lock.unlock() }
    }

    /// Polls until `body` returns a value (the pump works on its own thread); no fixed sleeps.
    func eventually<T>(_ body: () -> T?) async throws -> T? {
        for _ in 0..<2000 {
            if let v = body() { return v }
            try await Task.sleep(nanoseconds: 2_000_000)
        }
        return nil
    }

    @Test func playbackDeliversEveryFrameInOrderWithABoundedQueue() async throws {
        let clock = ManualClock()
        let pump = FramePump(path: MediaFixtures.indexed, capacity: 3, clock: clock.now)
        defer { pump.stop() }
        pump.play(from: .zero, size: FramePump.Size(width: 16, height: 12))
        var seen: [Int] = []
        for n in 0..<100 {
            let t = Timecode(microseconds: Int64(n) * 40_000)
            let frame = try await eventually { pump.frame(for: t).flatMap { $0.time == t ? $0 : nil } }
            guard let frame else { Issue.record("frame \(n) never arrived"); break }
            #expect(pump.queuedFrames <= 3)
            seen.append(MediaFixtures.frameIndex(of: frame.pixel(x: 8, y: 6), count: 100))
            clock.advance(microseconds: 40_000)
        }
        #expect(seen == Array(0..<100))
        #expect(pump.droppedFrames == 0)
    }

    @Test func aPumpThatFallsBehindDropsFramesToKeepTime() async throws {
        let clock = ManualClock()
        let pump = FramePump(path: MediaFixtures.indexed, capacity: 3, clock: clock.now)
        defer { pump.stop() }
        pump.play(from: .zero, size: FramePump.Size(width: 16, height: 12))
        _ = try await eventually { pump.frame(for: .zero) }
        // Half a second passes with nobody drawing: twelve frames are late by then.
        clock.advance(microseconds: 500_000)
        let due = Timecode(microseconds: 520_000)
        let frame = try await eventually { pump.frame(for: due).flatMap { $0.time >= Timecode(microseconds: 480_000) ? $0 : nil } }
        #expect(frame != nil)
        #expect(pump.droppedFrames >= 8)
    }
}

@Suite struct AudioPlaybackTests {
    @Test func streamsPCMFromThePlayheadIntoAFileSink() throws {
        let out = MediaFixtures.folder + "/pcm-\(UUID().uuidString).raw"
        let player = AudioPlayback(path: MediaFixtures.toneWithPause, sink: .file(out))
        player.play(from: Timecode(microseconds: 1_500_000))
        #expect(player.waitUntilDone(timeout: 20))
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let samples = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)).map { Int(Int16(littleEndian: $0)) } }
        // 1.5 s of a 3 s file at 16 kHz: 0.5 s of silence, then 1 s of a 0.5-amplitude tone.
        #expect(abs(samples.count - 24_000) <= 400, "\(samples.count) samples")
        let silent = samples.prefix(7_000).map(abs).max() ?? 0
        #expect(silent < 200, "the pause should be silent, peak \(silent)")
        let tone = samples.suffix(12_000)
        let rms = (Double(tone.reduce(0) { $0 + $1 * $1 }) / Double(tone.count)).squareRoot()
        #expect(abs(rms - 0.354 * 32767) < 600, "tone RMS \(rms)")
    }

    @Test func stopEndsTheStreamAtOnce() throws {
        let out = MediaFixtures.folder + "/pcm-\(UUID().uuidString).raw"
        let player = AudioPlayback(path: MediaFixtures.withAudio, sink: .file(out))
        player.play(from: .zero)
        player.stop()
        #expect(player.waitUntilDone(timeout: 20))
        let written = (try? Data(contentsOf: URL(fileURLWithPath: out)).count) ?? 0
        #expect(written < 3 * 16_000 * 2)
    }

    @Test func withoutASoundServerItSaysWhatItTried() {
        let none = AudioPlayback.detectSink(environment: ["PATH": "/nowhere"], fileExists: { _ in false })
        guard case .failure(let why) = none else { Issue.record("expected no sink"); return }
        #expect(why.description.contains("none of pw-cat, paplay or aplay"))
        let pulse = AudioPlayback.detectSink(environment: ["PATH": "/usr/bin", "PULSE_SERVER": "tcp:localhost:4713", "XDG_RUNTIME_DIR": "/r"],
                                             fileExists: { $0 == "/usr/bin/paplay" })
        guard case .success(.command(let path, let args)) = pulse else { Issue.record("expected paplay"); return }
        #expect(path == "/usr/bin/paplay" && args.contains("--format=s16le"))
        let noServer = AudioPlayback.detectSink(environment: ["PATH": "/usr/bin", "XDG_RUNTIME_DIR": "/r"],
                                                fileExists: { $0 == "/usr/bin/paplay" || $0 == "/usr/bin/aplay" })
        guard case .failure(let reasons) = noServer else { Issue.record("expected no sink"); return }
        #expect(reasons.tried.count == 2)
    }
}
