import Foundation
import OnsetAgreement
import OnsetCore
import OnsetStore

/// Fills a quality-control report's input from a store: every session's work (rejected work
/// included: it is what the report is about), its telemetry and the decisions taken on it.
public enum QualitySource {
    public static func central(_ store: CentralStore, project: String, wave: String?) throws -> (work: [QualityReport.Work], input: AgreementInput) {
        let input = try AgreementSource.central(store, project: project, wave: wave, includeRejected: true)
        let decisions = try store.qcDecisions(project: project)
        var telemetry: [String: QualityReport.Work.Telemetry] = [:]
        struct Line: Decodable { var data: SessionTelemetry }
        for t in try store.telemetryLines(project: project) {
            // A line that does not decode counts as missing telemetry (and is flagged as such).
            if let line = try? JSONDecoder().decode(Line.self, from: Data(t.line.utf8)) {
                telemetry[QCDecision.key(t.session, t.annotator)] = .init(line.data)
            }
        }
        let work = try store.sessionFacts(project: project, wave: wave).map { s -> QualityReport.Work in
            let key = QCDecision.key(s.session, s.annotator)
            return QualityReport.Work(session: s.session, annotator: s.annotator, wave: s.wave, item: s.session, mediaDurationUs: s.mediaDurationUs,
                                      telemetry: telemetry[key], decision: decisions[key]?.status.rawValue, reason: decisions[key]?.reason,
                                      rating: s.mode == SessionMode.rating.rawValue)
        }
        return (work, input)
    }

    public static func workstation(_ store: LocalStore, project: String?, wave: String?,
                                   duration: (String) -> Int64?) throws -> (work: [QualityReport.Work], input: AgreementInput) {
        let input = try AgreementSource.workstation(store, project: project, wave: wave, includeRejected: true, duration: duration)
        let lengths = Dictionary(input.spanItems.map { ($0.item, $0.length) }, uniquingKeysWith: { a, _ in a })
        let decisions = try store.qcDecisions()
        var work: [QualityReport.Work] = []
        for session in try store.sessions() where (project == nil || session.project == project) && (wave == nil || session.wave == wave) {
            let item = session.mediaPath ?? session.id
            let key = QCDecision.key(session.id, session.annotator)
            let known = session.mediaPath.flatMap(duration)
            work.append(QualityReport.Work(session: session.id, annotator: session.annotator, wave: session.wave, item: item,
                                           mediaDurationUs: known ?? lengths[item],
                                           telemetry: try store.telemetry(session: session.id, annotator: session.annotator).map(QualityReport.Work.Telemetry.init),
                                           decision: decisions[key]?.status.rawValue, reason: decisions[key]?.reason,
                                           rating: session.mode == .rating))
        }
        return (work, input)
    }
}

extension QualityReport.Work.Telemetry {
    init(_ t: SessionTelemetry) {
        self.init(activeUs: t.activeMicroseconds, coveredUs: t.coverage.total, timelineInteractions: t.timelineInteractions,
                  clipsFinished: t.clipsFinished, clipsRushed: t.clipsRushed)
    }
}
