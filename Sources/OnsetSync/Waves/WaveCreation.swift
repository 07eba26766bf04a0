import Foundation
import OnsetCore
import OnsetStore

/// `onset wave create`: checks everything, plans, and commits the wave in one transaction.
public enum WaveCreation {
    public struct Request: Sendable {
        public var project: String
        public var wave: String
        public var phase: String
        public var mode: SessionMode = .spans
        public var annotators: [String]
        public var overlap: Double
        public var perItem: Int
        public var seed: UInt64 = 0
        public var dueUs: Int64?
        public var schemeVersion: Int?
        /// Who gets gold items; nil: the annotators who have delivered no work to the project yet.
        public var calibrate: [String]?
        public var goldPerAnnotator: Int?
        public var createdBy: String

        public init(project: String, wave: String, phase: String, annotators: [String], overlap: Double, perItem: Int, createdBy: String) {
            self.project = project
            self.wave = wave
            self.phase = phase
            self.annotators = annotators
            self.overlap = overlap
            self.perItem = perItem
            self.createdBy = createdBy
        }
    }

    /// A plan ready to print and to commit.
    public struct Planned: Sendable {
        public var wave: WaveRecord
        /// The wave's items, then its gold items.
        public var items: [WaveItemRecord]
        public var plan: WavePlanner.Plan
        public var calibrated: [String]

        public var assignments: [(item: Int, annotator: String, position: Int)] {
            let regular = plan.request.items
            return plan.assignments.map { ($0.gold ? regular + $0.item : $0.item, plan.request.annotators[$0.annotator], $0.position) }
        }
    }

    public struct Failure: Error, CustomStringConvertible, Sendable {
        public var description: String
        init(_ d: String) { description = d }
    }

    public static func plan(_ r: Request, items: [ItemManifest.Item], gold: [ItemManifest.Item], store: CentralStore) throws -> Planned {
        guard WaveRecord.phases.contains(r.phase) else { throw Failure("--phase must be one of \(WaveRecord.phases.joined(separator: ", "))") }
        let goldIDs = Set(gold.map(\.id))
        if let both = items.first(where: { goldIDs.contains($0.id) }) {
            throw Failure("item \(both.id) is both a wave item and a gold item; list it in one of the two")
        }
        func session(_ item: ItemManifest.Item) -> String { item.session ?? "\(r.project).\(r.wave).\(item.id)" }
        let sessions = (items + gold).map(session)
        if let bad = sessions.first(where: { !$0.isSessionID }) { throw Failure("session id \(bad) is too long or malformed; use shorter item ids") }
        let version = try store.checkNewWave(project: r.project, wave: r.wave, schemeVersion: r.schemeVersion, annotators: r.annotators, sessions: sessions)
        let schemeID = try store.schemeVersions(project: r.project).id
        var calibrate = r.calibrate ?? []
        if r.calibrate == nil && !gold.isEmpty {
            let experienced = try store.annotatorsWithWork(project: r.project)
            calibrate = r.annotators.filter { !experienced.contains($0) }
        }
        if let stranger = calibrate.first(where: { !r.annotators.contains($0) }) { throw Failure("--calibrate names \(stranger), who is not among --annotators") }
        let index = Dictionary(uniqueKeysWithValues: r.annotators.enumerated().map { ($1, $0) })
        var request = WavePlanner.Request(items: items.count, goldItems: gold.count, annotators: r.annotators, overlap: r.overlap, perItem: r.perItem,
                                          calibrate: Set(calibrate.compactMap { index[$0] }), goldPerAnnotator: r.goldPerAnnotator, seed: r.seed)
        if gold.isEmpty { request.calibrate = [] }
        let plan: WavePlanner.Plan
        do { plan = try WavePlanner.plan(request) } catch { throw Failure(error.description) }
        var wanted = [Int](repeating: 1, count: items.count + gold.count)
        for i in plan.overlapped { wanted[i] = r.perItem }
        var goldTaken = [Int](repeating: 0, count: gold.count)
        for a in plan.assignments where a.gold { goldTaken[a.item] += 1 }
        for (g, n) in goldTaken.enumerated() { wanted[items.count + g] = n }
        let records = (items + gold).enumerated().map { n, item in
            WaveItemRecord(item: item.id, session: session(item), gold: n >= items.count, media: item.media, fingerprint: item.fingerprint,
                           durationUs: item.durationUs, transcript: item.transcript, prompt: item.prompt, metadata: item.metadata, wanted: wanted[n])
        }
        let wave = WaveRecord(project: r.project, id: r.wave, phase: r.phase, mode: r.mode.rawValue, scheme_id: schemeID, scheme_version: version,
                              overlap: r.overlap, per_item: r.perItem, seed: Int64(bitPattern: r.seed), due_us: r.dueUs,
                              created_at_us: Date().microsecondsSince1970, created_by: r.createdBy)
        return Planned(wave: wave, items: records, plan: plan, calibrated: calibrate)
    }

    public static func commit(_ planned: Planned, store: CentralStore) throws(StoreError) {
        try store.createWave(planned.wave, items: planned.items, assignments: planned.assignments)
    }
}
