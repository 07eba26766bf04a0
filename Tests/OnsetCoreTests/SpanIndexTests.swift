import Foundation
import Testing
@testable import OnsetCore

@Suite struct SpanIndexTests {
    func span(_ signal: String, _ on: Int64, _ off: Int64) -> Span {
        Span(sessionID: "s", signal: signal, onset: Timecode(seconds: on), offset: Timecode(seconds: off),
             annotator: "a", schemeID: "x", schemeVersion: 1)
    }

    @Test func findsSpansOverlappingAWindowIncludingLongOnes() {
        let long = span("a", 0, 100)
        let index = SpanIndex([long, span("a", 10, 12), span("a", 50, 51), span("b", 20, 30)])
        let found = index.lane("a")!.spans(overlapping: Timecode(seconds: 40), Timecode(seconds: 60))
        #expect(found.map(\.onset.microseconds) == [0, 50_000_000])
        #expect(index.signals == ["a", "b"])
        #expect(index.count == 4)
    }

    @Test func navigatesByOnset() {
        let index = SpanIndex([span("a", 5, 6), span("b", 3, 9), span("a", 10, 11)])
        #expect(index.next(after: Timecode(seconds: 3))?.onset == Timecode(seconds: 5))
        #expect(index.next(after: Timecode(seconds: 3), signal: "a")?.onset == Timecode(seconds: 5))
        #expect(index.previous(before: Timecode(seconds: 5))?.signal == "b")
        #expect(index.next(after: Timecode(seconds: 10)) == nil)
        #expect(index.spans(at: Timecode(seconds: 5)).map(\.signal) == ["a", "b"])
    }

    @Test func laneSizesOnlyReserveRoom() {
        let spans = [span("a", 5, 6), span("b", 3, 9), span("a", 1, 2)]
        // Sizes that are stale (a lane gone, one larger or smaller than found) change nothing but capacity.
        let sized = SpanIndex(spans, laneSizes: ["a": 2, "b": 5, "gone": 3])
        let plain = SpanIndex(spans)
        #expect(sized.signals == ["a", "b"])
        #expect(sized.lane("gone") == nil)
        #expect(sized.lane("a")!.spans == plain.lane("a")!.spans)
        #expect(sized.lane("a")!.capacity == 2)
        #expect(sized.count == 3)
        #expect(sized.span(spans[1].id) == spans[1])
    }

    /// Lanes hold spans packed; every field comes back exactly as it went in, whatever the
    /// lane shares with its other spans.
    @Test func spansComeBackExactlyAsTheyWentIn() {
        let first = Span(sessionID: "session with a long name", signal: "a", onset: Timecode(microseconds: -5), offset: Timecode(microseconds: 7),
                         confidence: 4, intensity: nil, cues: ["gaze aversion", "a cue whose name is long"], rationale: "why ✓ 日本 🙂",
                         annotator: "ana", schemeID: "social-signals", schemeVersion: 3, createdAt: Date(timeIntervalSince1970: 1_700_000_000.123456789),
                         updatedAt: Date(timeIntervalSince1970: 1_700_000_001.5), revision: 9)
        let second = Span(sessionID: "other", signal: "a", onset: Timecode(microseconds: 1), offset: Timecode(microseconds: 2),
                          confidence: nil, intensity: 2, cues: [], annotator: "bob", schemeID: "social-signals", schemeVersion: 3)
        var index = SpanIndex([first, second])
        #expect(index.span(first.id) == first && index.span(second.id) == second)
        #expect(Array(index.lane("a")!.spans) == [first, second])
        var edited = second
        edited.cues = ["gaze aversion", "a cue whose name is long"]
        edited.confidence = 1
        index.upsert(edited)
        #expect(index.span(edited.id) == edited && index.next(after: Timecode(microseconds: -6)) == first)
        #expect(index.spans(at: Timecode(microseconds: 1)) == [first, edited])
    }

    @Test func upsertsMovesAndRemoves() {
        var s = span("a", 5, 6)
        var index = SpanIndex([s])
        s.signal = "b"
        s.onset = Timecode(seconds: 1)
        index.upsert(s)
        #expect(index.lane("a")?.spans.isEmpty == true)
        #expect(index.lane("b")?.spans.first?.onset == Timecode(seconds: 1))
        s.deletedAt = Date()
        index.upsert(s)
        #expect(index.count == 0)
    }
}

@Suite struct SpanIndexCoverageTests {
    func span(_ on: Int64, _ off: Int64) -> Span {
        Span(sessionID: "s", signal: "a", onset: Timecode(microseconds: on), offset: Timecode(microseconds: off),
             annotator: "a", schemeID: "x", schemeVersion: 1)
    }

    @Test func coverageQueriesAgreeWithAScanAfterEdits() {
        var g: UInt64 = 99
        func next() -> Int64 { g = g &* 6364136223846793005 &+ 1442695040888963407; return Int64(g >> 40) }
        var spans = (0..<300).map { _ -> Span in let on = next() % 100_000; return span(on, on + 1 + next() % 5_000) }
        var index = SpanIndex(spans)
        for _ in 0..<50 {
            let victim = spans.remove(at: Int(next() % Int64(spans.count)))
            var gone = victim
            gone.deletedAt = Date()
            index.upsert(gone)
            let on = next() % 100_000
            let added = span(on, on + 1 + next() % 5_000)
            spans.append(added)
            index.upsert(added)
        }
        let lane = index.lane("a")!
        for a in stride(from: Int64(0), to: 110_000, by: 997) {
            let b = a + 500
            let scan = spans.contains { $0.onset.microseconds < b && $0.offset.microseconds > a }
            #expect(lane.covers(Timecode(microseconds: a), Timecode(microseconds: b)) == scan)
        }
        #expect(index.count == 300)
        #expect(spans.allSatisfy { index.span($0.id)?.id == $0.id })
    }
}

@Suite struct SpanPlacesTests {
    @Test func placesAreFoundMovedAndForgotten() {
        let ids = (0..<1_000).map { _ in UUID() }
        var places = SpanPlaces()
        for (i, id) in ids.enumerated() { places.load(id, signal: i % 2 == 0 ? "a" : "b", onset: Timecode(microseconds: Int64(i))) }
        places.finishLoading()
        #expect(places.count == 1_000)
        #expect(ids.enumerated().allSatisfy { i, id in places.place(of: id)! == (i % 2 == 0 ? "a" : "b", Timecode(microseconds: Int64(i))) })
        #expect(places.place(of: UUID()) == nil)
        places.set(ids[3], signal: "c", onset: Timecode(microseconds: -1))
        #expect(places.place(of: ids[3])! == ("c", Timecode(microseconds: -1)) && places.count == 1_000)
        let added = UUID()
        places.set(added, signal: "a", onset: .zero)
        #expect(places.count == 1_001 && places.place(of: added)! == ("a", .zero))
        #expect(places.remove(ids[7])! == ("b", Timecode(microseconds: 7)))
        #expect(places.remove(ids[7]) == nil && places.place(of: ids[7]) == nil && places.count == 1_000)
        #expect(places.place(of: ids[8])! == ("a", Timecode(microseconds: 8)))
    }
}
