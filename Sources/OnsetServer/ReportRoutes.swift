import Foundation
import Hummingbird
import OnsetAgreement
import OnsetStore
import OnsetSync

/// `GET /v1/agreement` and `GET /v1/qc`: the reports of `onset agree` and `onset qc`, as JSON.
enum ReportRoutes {
    static func add(to router: Router<BasicRequestContext>, store: CentralStore, monitor: AgreementMonitor) {
        router.get("/v1/agreement") { request, _ -> Response in
            _ = try await CentralServer.authenticate(request, store)
            let q = request.uri.queryParameters
            let project = try await resolveProject(q.get("project"), store)
            var options = AgreementReport.Options()
            var defaults = true
            if let v = q.get("signal") { options.signal = v; defaults = false }
            if let v = q.get("slice_ms") {
                guard let ms = Double(v), ms * 1000 >= 1 else { return try CentralServer.problem(.badRequest, "slice_ms must be a positive number") }
                options.slice = Int64((ms * 1000).rounded()); defaults = false
            }
            for (name, path) in [("min_alpha", \AgreementReport.Thresholds.alpha), ("min_exact", \.exact), ("min_within_one", \.withinOne)] {
                guard let v = q.get(name) else { continue }
                guard let x = Double(v), x <= 1 else { return try CentralServer.problem(.badRequest, "\(name) must be a number at most 1") }
                options.thresholds[keyPath: path] = x; defaults = false
            }
            if q.get("pairs") == "false" { options.pairwise = false; defaults = false }
            let wave = q.get("wave")
            let chosen = options, cached = defaults && wave == nil
            let report = try await CentralServer.offload {
                if cached { return try monitor.report(project: project) }
                return AgreementReport.compute(try AgreementSource.central(store, project: project, wave: wave), options: chosen)
            }
            return try snakeJSON(report)
        }
        router.get("/v1/qc") { request, _ -> Response in
            _ = try await CentralServer.authenticate(request, store)
            let q = request.uri.queryParameters
            let project = try await resolveProject(q.get("project"), store)
            var rules = QualityReport.Rules()
            let numbers: [(String, WritableKeyPath<QualityReport.Rules, Double>)] = [
                ("min_time_on_task", \.minTimeOnTask), ("min_gold_f1", \.minGoldF1), ("min_gold_exact", \.minGoldExact),
                ("min_peer_f1", \.minPeerF1), ("min_coverage", \.minCoverage), ("iou", \.iouThreshold)]
            for (name, path) in numbers {
                guard let v = q.get(name) else { continue }
                guard let x = Double(v), x >= 0 else { return try CentralServer.problem(.badRequest, "\(name) must be a number ≥ 0") }
                rules[keyPath: path] = x
            }
            if q.get("require_timeline_interaction") == "false" { rules.requireTimelineInteraction = false }
            let gold = Set((q.get("gold") ?? "").split(separator: ",").map(String.init))
            let wave = q.get("wave")
            let chosen = rules
            let report = try await CentralServer.offload {
                let loaded = try QualitySource.central(store, project: project, wave: wave)
                return QualityReport.compute(work: loaded.work, input: loaded.input, gold: gold, rules: chosen)
            }
            return try snakeJSON(report)
        }
    }

    /// The named project, or the only one; else 400/404 with what to do.
    static func resolveProject(_ name: String?, _ store: CentralStore) async throws -> String {
        let projects = try await CentralServer.offload { try store.projects().map(\.id) }
        if let name {
            guard projects.contains(name) else { throw HTTPError(.notFound, message: "no project `\(name)`") }
            return name
        }
        guard projects.count == 1 else {
            throw HTTPError(.badRequest, message: projects.isEmpty ? "the central store has no project yet"
                                                                   : "several projects (\(projects.joined(separator: ", "))): add ?project=")
        }
        return projects[0]
    }

    static func snakeJSON(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
