import Testing
@testable import OnsetSync

/// The promises of a wave plan, checked over many shapes of wave.
struct WavePlannerTests {
    static let shapes: [(items: Int, annotators: Int, overlap: Double, perItem: Int)] = [
        (10, 3, 0.2, 2), (100, 3, 0.3, 2), (100, 5, 0.2, 2), (1000, 12, 0.25, 2), (500, 7, 1.0, 3),
        (400, 10, 0.5, 3), (2000, 40, 0.4, 2), (300, 4, 0.0, 2), (57, 6, 0.33, 4), (5000, 200, 0.2, 2),
        (1000, 12, 0.5, 3), (1000, 8, 0.5, 4), (2000, 30, 0.5, 3), (20000, 200, 0.2, 2),
    ]

    func names(_ n: Int) -> [String] { (0..<n).map { "a\($0)" } }

    @Test(arguments: shapes.indices) func overlapShareItemsPerAnnotatorAndNoItemTwice(_ i: Int) throws {
        let s = Self.shapes[i]
        let plan = try WavePlanner.plan(.init(items: s.items, annotators: names(s.annotators), overlap: s.overlap, perItem: s.perItem, seed: 7))
        let expected = s.overlap == 0 ? 0 : max(1, Int((s.overlap * Double(s.items)).rounded()))
        #expect(plan.overlapped.count == expected)
        var holders = [[Int]](repeating: [], count: s.items)
        for a in plan.assignments { holders[a.item].append(a.annotator) }
        let overlapped = Set(plan.overlapped)
        for (item, h) in holders.enumerated() {
            #expect(h.count == (overlapped.contains(item) ? s.perItem : 1), "item \(item) has \(h.count) annotators")
            #expect(Set(h).count == h.count, "no annotator gets item \(item) twice")
        }
        // Each annotator's queue is numbered 0, 1, 2… without gaps.
        for a in 0..<s.annotators {
            let positions = plan.assignments.filter { $0.annotator == a }.map(\.position)
            #expect(positions == Array(0..<positions.count))
        }
    }

    @Test(arguments: shapes.indices) func workloadAndPairsAreBalanced(_ i: Int) throws {
        let s = Self.shapes[i]
        let plan = try WavePlanner.plan(.init(items: s.items, annotators: names(s.annotators), overlap: s.overlap, perItem: s.perItem, seed: 3))
        let summary = plan.summary
        #expect(summary.max_load - summary.min_load <= 1, "workload \(summary.min_load)–\(summary.max_load)")
        let pairSlots = plan.overlapped.count * s.perItem * (s.perItem - 1) / 2
        if pairSlots >= summary.pairs && s.overlap > 0 {
            #expect(summary.pairs_sharing_items == summary.pairs, "every pair shares an item when there are enough overlapped items")
            // The stated tolerance: with two annotators per item pairs differ by one item at
            // most; with k annotators per item, by k − 1.
            #expect(summary.max_pair_items - summary.min_pair_items <= s.perItem - 1, "pairs share \(summary.min_pair_items)–\(summary.max_pair_items) items")
        }
    }

    @Test func theSameSeedGivesTheSamePlanAndAnotherSeedAnother() throws {
        let request = WavePlanner.Request(items: 300, goldItems: 5, annotators: names(8), overlap: 0.3, perItem: 2, calibrate: [1, 4], seed: 42)
        let a = try WavePlanner.plan(request), b = try WavePlanner.plan(request)
        #expect(a.assignments == b.assignments)
        var other = request
        other.seed = 43
        #expect(try WavePlanner.plan(other).assignments != a.assignments)
    }

    @Test func goldItemsGoToCalibratingAnnotatorsEvenlyAndSpreadThroughTheQueue() throws {
        let plan = try WavePlanner.plan(.init(items: 60, goldItems: 4, annotators: names(6), overlap: 0.2, perItem: 2,
                                              calibrate: [0, 2, 5], goldPerAnnotator: 3, seed: 1))
        var perGold = [Int](repeating: 0, count: 4)
        for a in 0..<6 {
            let golds = plan.assignments.filter { $0.annotator == a && $0.gold }
            #expect(golds.count == ([0, 2, 5].contains(a) ? 3 : 0))
            #expect(Set(golds.map(\.item)).count == golds.count, "no gold item twice")
            for g in golds { perGold[g.item] += 1 }
            if !golds.isEmpty {
                let total = plan.assignments.filter { $0.annotator == a }.count
                #expect(golds.map(\.position) == (0..<3).map { $0 * total / 3 }, "spread through the queue, the first at the start")
            }
        }
        #expect(perGold.max()! - perGold.min()! <= 1, "gold items seen about equally often: \(perGold)")
        #expect(plan.summary.max_load - plan.summary.min_load <= 1, "gold counts as work")
    }

    @Test func impossibleRequestsSayWhatIsPossible() {
        func message(_ r: WavePlanner.Request) -> String {
            do { _ = try WavePlanner.plan(r); return "" } catch { return error.description }
        }
        #expect(message(.init(items: 10, annotators: names(3), overlap: 0.2, perItem: 4)).contains("possible: --per-item 3 or fewer"))
        #expect(message(.init(items: 10, annotators: names(3), overlap: 0.2, perItem: 1)).contains("--per-item 2 or more"))
        #expect(message(.init(items: 10, annotators: ["a", "b", "a"], overlap: 0.2, perItem: 2)).contains("listed twice"))
        #expect(message(.init(items: 10, annotators: [], overlap: 0.2, perItem: 2)).contains("at least one annotator"))
        #expect(message(.init(items: 10, annotators: names(3), overlap: 1.5, perItem: 2)).contains("from 0 to 1"))
        #expect(message(.init(items: 10, goldItems: 2, annotators: names(3), overlap: 0.2, perItem: 2, calibrate: [0], goldPerAnnotator: 3))
            .contains("only 2 gold items"))
        let thin = try? WavePlanner.plan(.init(items: 10, annotators: names(5), overlap: 0.2, perItem: 2))
        #expect(thin?.warnings.first?.contains("share no item") == true, "too little overlap for every pair is said, with what would do")
    }
}
