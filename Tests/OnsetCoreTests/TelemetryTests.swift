import Foundation
import Testing
@testable import OnsetCore

@Suite struct TelemetryTests {
    @Test func intervalsMergeOverlapsAndNeighbours() {
        var set = IntervalSet([10..<20, 30..<40])
        set.insert(15..<32)
        #expect(set.ranges == [10..<40])
        set.insert(40..<50)
        set.insert(0..<5)
        #expect(set.ranges == [0..<5, 10..<50])
        #expect(set.total == 45)
        set.insert(7..<7)
        #expect(set.ranges.count == 2)
    }

    @Test func activeTimeExcludesIdleGapsUnlessPlaying() {
        var t = SessionTelemetry()
        t.activity(at: 0)
        t.activity(at: 10_000_000)
        t.activity(at: 200_000_000)          // 190 s idle: not counted
        #expect(t.activeMicroseconds == 10_000_000)
        t.record(.play(from: .zero, speed: 1), at: 200_000_000)
        t.activity(at: 300_000_000)          // watching for 100 s counts
        #expect(t.activeMicroseconds == 110_000_000)
    }

    @Test func coverageCountsPlaybackAndScrubbing() {
        var t = SessionTelemetry()
        t.record(.play(from: Timecode(seconds: 10), speed: 2), at: 0)
        t.record(.pause(at: Timecode(seconds: 14)), at: 2_000_000)
        t.record(.scrub(to: Timecode(seconds: 20), frame: Timecode(microseconds: 40_000)), at: 3_000_000)
        t.record(.seek(to: Timecode(seconds: 12), frame: Timecode(microseconds: 40_000)), at: 4_000_000)
        #expect(t.coverage.ranges == [10_000_000..<14_000_000, 20_000_000..<20_040_000])
        #expect(t.plays == 1 && t.pauses == 1 && t.scrubs == 1 && t.seeks == 1)
        #expect(abs(t.coverageFraction(of: Timecode(seconds: 100)) - 0.0404) < 1e-9)
        var later = SessionTelemetry()
        later.record(.timeline, at: 0)
        later.coverage.insert(0..<1_000_000)
        t.merge(later)
        #expect(t.timelineInteractions == 1 && t.coverage.total == 5_040_000)
    }

    @Test func telemetrySavedBeforeTheClipCountsStillReads() throws {
        let old = #"{"active_us":5,"coverage":{"ranges":[[0,10]]},"seeks":1,"scrubs":2,"plays":3,"pauses":4,"speed_changes":0,"timeline_interactions":6,"keys":7}"#
        let t = try JSONDecoder().decode(SessionTelemetry.self, from: Data(old.utf8))
        #expect(t.keys == 7 && t.timelineInteractions == 6 && t.clipsFinished == 0 && t.clipsRushed == 0)
        var more = t
        more.clipFinished(rushed: true)
        let again = try JSONDecoder().decode(SessionTelemetry.self, from: try JSONEncoder().encode(more))
        #expect(again.clipsFinished == 1 && again.clipsRushed == 1)
    }
}
