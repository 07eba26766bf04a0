import OnsetAgreement

/// Who annotates what in a wave: a deterministic plan from the items, the annotators, the
/// overlap asked for and a seed.
///
/// - A share `overlap` of the items (chosen by the seed) goes to `perItem` annotators each, the
///   rest to one. Each overlapped item takes the least-loaded annotator first, then partners who
///   have shared the fewest items with those already chosen, so overlapping pairs spread evenly
///   over all annotator pairs (each pair's agreement can be estimated): with two annotators per
///   item, the items two annotators share differ by one at most between pairs; with k per item,
///   by k − 1 (checked over many shapes of wave in the tests).
/// - Gold items go first, `goldPerAnnotator` to each annotator who needs calibration, rotating
///   through the gold list so every gold item is seen about equally often; they count as work.
/// - Single items go to the least-loaded annotator, so workloads end within one item of each
///   other whenever there are enough single items to even them out.
/// - No annotator gets an item twice. Each annotator's queue keeps the manifest's order, with
///   their gold items spread evenly through it.
/// Ties are broken by a seeded ranking of the annotators: the same inputs and seed give the same plan.
public enum WavePlanner {
    public struct Request: Sendable {
        public var items: Int
        public var goldItems: Int
        public var annotators: [String]
        public var overlap: Double
        public var perItem: Int
        /// Indices into `annotators` of those who get gold items.
        public var calibrate: Set<Int>
        /// Nil: every gold item.
        public var goldPerAnnotator: Int?
        public var seed: UInt64

        public init(items: Int, goldItems: Int = 0, annotators: [String], overlap: Double, perItem: Int,
                    calibrate: Set<Int> = [], goldPerAnnotator: Int? = nil, seed: UInt64 = 0) {
            self.items = items
            self.goldItems = goldItems
            self.annotators = annotators
            self.overlap = overlap
            self.perItem = perItem
            self.calibrate = calibrate
            self.goldPerAnnotator = goldPerAnnotator
            self.seed = seed
        }

        /// How many items are overlapped: the share asked for, rounded, at least one when any is asked.
        public var overlappedItems: Int {
            guard overlap > 0, items > 0 else { return 0 }
            return min(items, max(1, Int((overlap * Double(items)).rounded())))
        }
    }

    public struct Assignment: Sendable, Equatable {
        /// Index into the wave's items, or into the gold items when `gold`.
        public var item: Int
        public var gold: Bool
        public var annotator: Int
        /// Place in the annotator's queue, from 0.
        public var position: Int
    }

    public struct Plan: Sendable {
        public var request: Request
        /// By annotator, then position.
        public var assignments: [Assignment]
        /// Wave items given to several annotators.
        public var overlapped: [Int]
        /// Items per annotator (gold included).
        public var loads: [Int]
        /// Shared items per annotator pair (i < j), row-major over the upper triangle.
        public var pairCounts: [Int32]

        public func pairCount(_ i: Int, _ j: Int) -> Int {
            let (a, b) = i < j ? (i, j) : (j, i)
            return Int(pairCounts[WavePlanner.pairIndex(a, b, annotators: request.annotators.count)])
        }
    }

    public struct PlanError: Error, Equatable, Sendable, CustomStringConvertible {
        public var description: String
        init(_ d: String) { description = d }
    }

    /// Pair tables are annotators² in size; a wave far beyond a real programme is refused.
    public static let maxAnnotators = 4096

    public static func plan(_ r: Request) throws(PlanError) -> Plan {
        let m = r.annotators.count
        guard m > 0 else { throw PlanError("a wave needs at least one annotator") }
        guard m <= maxAnnotators else { throw PlanError("\(m) annotators in one wave; at most \(maxAnnotators) (split the wave)") }
        if let dup = Dictionary(grouping: r.annotators, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw PlanError("annotator \(dup) is listed twice")
        }
        // A calibration wave may be gold items only.
        guard r.items > 0 || (r.goldItems > 0 && !r.calibrate.isEmpty) else { throw PlanError("the wave has no items") }
        guard r.overlap >= 0, r.overlap <= 1 else { throw PlanError("--overlap is a share of the items, from 0 to 1 (0.2 = a fifth of the items)") }
        guard r.perItem >= 1 else { throw PlanError("--per-item must be at least 1") }
        if r.overlap > 0 {
            guard r.perItem >= 2 else { throw PlanError("an overlap needs --per-item 2 or more (each overlapped item goes to that many annotators)") }
            guard r.perItem <= m else {
                throw PlanError("--per-item \(r.perItem) needs \(r.perItem) different annotators per item, but the wave has \(m) (\(r.annotators.joined(separator: ", "))); "
                                + (m >= 2 ? "possible: --per-item \(m) or fewer, or add annotators" : "add annotators, or use --overlap 0 for a wave without overlap"))
            }
        }
        if !r.calibrate.isEmpty {
            guard r.goldItems > 0 else { throw PlanError("annotators need calibration but no gold items were given (--gold-items FILE)") }
            if let g = r.goldPerAnnotator, g > r.goldItems {
                throw PlanError("--gold-per-annotator \(g), but there are only \(r.goldItems) gold items; possible: \(r.goldItems) or fewer")
            }
        }

        var rng = SplitMix64(seed: r.seed)
        var rank = Array(0..<m)
        shuffle(&rank, &rng)
        // Ties go to the annotator ranked first: `order` lists annotators by rank.
        var order = [Int](repeating: 0, count: m)
        for (a, k) in rank.enumerated() { order[k] = a }
        var loads = [Int](repeating: 0, count: m)
        var pairs = [Int32](repeating: 0, count: m * (m - 1) / 2)
        var regular: [[Int]] = Array(repeating: [], count: m)
        var gold: [[Int]] = Array(repeating: [], count: m)

        var goldOrder = Array(0..<r.goldItems)
        shuffle(&goldOrder, &rng)
        var cursor = 0
        for a in order where r.calibrate.contains(a) {
            for _ in 0..<(r.goldPerAnnotator ?? r.goldItems) {
                gold[a].append(goldOrder[cursor % goldOrder.count])
                cursor += 1
            }
            loads[a] += gold[a].count
        }

        var itemOrder = Array(0..<r.items)
        shuffle(&itemOrder, &rng)
        let overlapped = Array(itemOrder.prefix(r.overlappedItems)).sorted()
        var isOverlapped = [Bool](repeating: false, count: r.items)
        var chosen: [Int] = []
        chosen.reserveCapacity(r.perItem)
        var taken = [Bool](repeating: false, count: m)
        for item in overlapped {
            isOverlapped[item] = true
            chosen.removeAll(keepingCapacity: true)
            var first = order[0]
            for a in order where loads[a] < loads[first] { first = a }
            chosen.append(first)
            taken[first] = true
            while chosen.count < r.perItem {
                var best = -1, bestShared = Int.max
                for a in order where !taken[a] {
                    var shared = 0
                    for c in chosen { shared += Int(pairs[pairIndex(min(a, c), max(a, c), annotators: m)]) }
                    if best < 0 || shared < bestShared || (shared == bestShared && loads[a] < loads[best]) {
                        best = a
                        bestShared = shared
                    }
                }
                for c in chosen { pairs[pairIndex(min(best, c), max(best, c), annotators: m)] += 1 }
                chosen.append(best)
                taken[best] = true
            }
            for a in chosen {
                loads[a] += 1
                regular[a].append(item)
                taken[a] = false
            }
        }
        for item in 0..<r.items where !isOverlapped[item] {
            var least = order[0]
            for a in order where loads[a] < loads[least] { least = a }
            loads[least] += 1
            regular[least].append(item)
        }

        var assignments: [Assignment] = []
        assignments.reserveCapacity(r.items + overlapped.count * (r.perItem - 1) + cursor)
        for a in 0..<m {
            let items = regular[a].sorted(), golds = gold[a]
            let total = items.count + golds.count
            // Gold item j sits at position ⌊j·total/G⌋: spread evenly, the first at the start.
            var nextGold = 0, nextItem = 0
            for position in 0..<total {
                if nextGold < golds.count && position == nextGold * total / golds.count {
                    assignments.append(Assignment(item: golds[nextGold], gold: true, annotator: a, position: position))
                    nextGold += 1
                } else {
                    assignments.append(Assignment(item: items[nextItem], gold: false, annotator: a, position: position))
                    nextItem += 1
                }
            }
        }
        return Plan(request: r, assignments: assignments, overlapped: overlapped, loads: loads, pairCounts: pairs)
    }

    /// Index of pair (i, j), i < j, in the upper triangle of an m×m table.
    static func pairIndex(_ i: Int, _ j: Int, annotators m: Int) -> Int {
        i * (2 * m - i - 1) / 2 + (j - i - 1)
    }

    static func shuffle(_ a: inout [Int], _ rng: inout SplitMix64) {
        guard a.count > 1 else { return }
        for i in stride(from: a.count - 1, to: 0, by: -1) { a.swapAt(i, rng.below(i + 1)) }
    }
}

extension WavePlanner.Plan {
    /// Figures for a reader of the plan (and for the tests of its promises).
    public struct Summary: Sendable, Codable, Equatable {
        public var items: Int
        public var overlapped_items: Int
        public var per_item: Int
        public var gold_assignments: Int
        public var assignments: Int
        public var min_load: Int
        public var max_load: Int
        public var pairs: Int
        public var pairs_sharing_items: Int
        public var min_pair_items: Int
        public var max_pair_items: Int
    }

    public var summary: Summary {
        let pairsUsed = pairCounts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) }
        return Summary(items: request.items, overlapped_items: overlapped.count, per_item: overlapped.isEmpty ? 1 : request.perItem,
                       gold_assignments: assignments.reduce(0) { $0 + ($1.gold ? 1 : 0) }, assignments: assignments.count,
                       min_load: loads.min() ?? 0, max_load: loads.max() ?? 0, pairs: pairCounts.count, pairs_sharing_items: pairsUsed,
                       min_pair_items: Int(pairCounts.min() ?? 0), max_pair_items: Int(pairCounts.max() ?? 0))
    }

    /// What the overlap cannot give with these annotators, said with what would.
    public var warnings: [String] {
        let s = summary
        guard !overlapped.isEmpty, s.pairs_sharing_items < s.pairs else { return [] }
        let perItemPairs = request.perItem * (request.perItem - 1) / 2
        let needed = (s.pairs + perItemPairs - 1) / perItemPairs
        let share = Double(needed) / Double(request.items)
        var text = "\(s.pairs - s.pairs_sharing_items) of \(s.pairs) annotator pairs share no item, so their agreement cannot be estimated; "
        text += share <= 1
            ? "every pair shares one with \(needed) overlapped items (--overlap \(String(format: "%.2f", share)) or more)"
            : "even overlapping every item covers \(request.items * perItemPairs) pairs: use a larger --per-item or fewer annotators"
        return [text]
    }
}
