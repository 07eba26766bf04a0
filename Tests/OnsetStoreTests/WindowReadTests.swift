import Foundation
import OnsetCore
import Testing
@testable import OnsetStore

@Suite struct WindowReadTests {
    @Test func aWindowReadsTheSpansOverlappingItAndTheSummaryCountsTheSession() throws {
        let tmp = TemporaryStore()
        defer { tmp.remove() }
        let store = try tmp.open()
        try register(store)
        let before = makeSpan(0, 1_000)
        let straddling = makeSpan(500, 5_000, signal: "b")
        let inside = makeSpan(2_000, 3_000)
        let touchingEnd = makeSpan(4_000, 9_000)
        let gone = makeSpan(2_500, 2_600, signal: "c")
        try store.createAll([before, straddling, inside, touchingEnd, gone], actor: "ann")
        _ = try store.deleteSpan(gone.id, actor: "ann")

        let window = try store.spans(session: "s1", overlapping: Timecode(microseconds: 1_000), Timecode(microseconds: 4_000))
        #expect(window.map(\.id) == [straddling.id, inside.id], "half-open: ends at 1,000 and starts at 4,000 are outside; deleted spans never show")

        #expect(try store.lanes(session: "s1") == ["a": Timecode(microseconds: 9_000), "b": Timecode(microseconds: 5_000)],
                "the deleted span's lane is not in use")
        #expect(try store.lanes(session: "nobody").isEmpty)
        let index = try store.spanIndex(session: "s1")
        #expect(index.count == 4 && index.span(gone.id) == nil)
        #expect(index.lanes["a"]?.spans.map(\.id) == [before.id, inside.id, touchingEnd.id], "each lane in onset order")
        #expect(index.lanes["a"]?.capacity == 3, "each lane allocated once, at its size")
        #expect(index.lanes["c"] == nil, "a lane whose spans are all deleted is not there")
        #expect(try store.hasSpans(session: "s1", outside: Timecode(microseconds: 1_000), Timecode(microseconds: 4_000)))
        #expect(try store.hasSpans(session: "s1", outside: Timecode(microseconds: 3_000), Timecode(microseconds: 20_000)), "the span ending at 1,000")
        #expect(try !store.hasSpans(session: "s1", outside: .zero, Timecode(microseconds: 4_001)))
    }
}
