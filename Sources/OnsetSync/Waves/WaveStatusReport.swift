import OnsetAgreement
import OnsetStore

/// `onset wave status`: every assignment where it stands, per annotator counts and time, the
/// pool of items waiting for an annotator, and agreement so far on the overlapping items.
public struct WaveStatusReport: Encodable, Sendable {
    public struct AnnotatorProgress: Encodable, Sendable {
        public var annotator: String
        /// Assignments per status (every status present, zeros included).
        public var counts: [String: Int]
        public var timeOnTaskS: Double
        /// Mean span F1 against peers on shared items (nil: no shared item yet).
        public var peerF1: Double?
        /// Share of clip ratings equal to a peer's.
        public var peerExact: Double?
    }

    public struct SignalFigures: Encodable, Sendable {
        public var signal: String
        public var items: Int
        public var annotators: Int
        public var timeSliceAlpha: AgreementReport.Figure
        public var uAlpha: AgreementReport.Figure
    }

    public struct DimensionFigures: Encodable, Sendable {
        public var dimension: String
        public var clips: Int
        public var alphaOrdinal: AgreementReport.Figure
        public var exact: AgreementReport.Figure
    }

    public var project: String
    public var wave: String?
    public var waves: [WaveRecord]
    public var counts: [String: Int]
    public var annotators: [AnnotatorProgress]
    public var assignments: [AssignmentStatus]
    public var pool: [PoolItem]
    /// Items delivered by two or more annotators (rejected work left out).
    public var overlappingItems: Int
    public var signals: [SignalFigures]
    public var dimensions: [DimensionFigures]
    public var flags: [AgreementReport.Flag]

    public static func build(_ store: CentralStore, project: String, wave: String?) throws -> WaveStatusReport {
        let (assignments, pool) = try store.waveStatus(project: project, wave: wave)
        let waves = try store.waveRecords(project: project).filter { wave == nil || $0.id == wave }
        var options = AgreementReport.Options()
        options.pairwise = false
        options.trend = false
        let input = try AgreementSource.central(store, project: project, wave: wave)
        let agreement = AgreementReport.compute(input, options: options)
        let quality = try QualitySource.central(store, project: project, wave: wave)
        let qc = QualityReport.compute(work: quality.work, input: quality.input, gold: [])
        var byAnnotator: [String: AnnotatorProgress] = [:]
        var counts = Dictionary(uniqueKeysWithValues: AssignmentStatus.order.map { ($0, 0) })
        for a in assignments {
            var p = byAnnotator[a.annotator] ?? AnnotatorProgress(annotator: a.annotator, counts: counts.mapValues { _ in 0 }, timeOnTaskS: 0)
            p.counts[a.status, default: 0] += 1
            p.timeOnTaskS += a.time_on_task_s ?? 0
            byAnnotator[a.annotator] = p
            counts[a.status, default: 0] += 1
        }
        let sessions = Set(assignments.map(\.session))
        for (annotator, rows) in Dictionary(grouping: qc.sessions.filter { sessions.contains($0.session) }, by: \.annotator) {
            let f1 = rows.compactMap(\.peerF1), exact = rows.compactMap(\.peerExact)
            byAnnotator[annotator]?.peerF1 = f1.isEmpty ? nil : f1.reduce(0, +) / Double(f1.count)
            byAnnotator[annotator]?.peerExact = exact.isEmpty ? nil : exact.reduce(0, +) / Double(exact.count)
        }
        return WaveStatusReport(
            project: project, wave: wave, waves: waves, counts: counts,
            annotators: byAnnotator.keys.sorted().map { byAnnotator[$0]! }, assignments: assignments, pool: pool,
            overlappingItems: input.spanItems.filter { $0.coders.count >= 2 }.count,
            signals: agreement.signals.map { SignalFigures(signal: $0.signal, items: $0.items, annotators: $0.annotators, timeSliceAlpha: $0.timeSliceAlpha, uAlpha: $0.uAlpha) },
            dimensions: agreement.dimensions.map { DimensionFigures(dimension: $0.dimension, clips: $0.clips, alphaOrdinal: $0.alphaOrdinal, exact: $0.exact) },
            flags: agreement.flags)
    }
}
