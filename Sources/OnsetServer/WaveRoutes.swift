import Foundation
import Hummingbird
import OnsetStore
import OnsetSync

/// `GET /v1/waves` (a project's waves and where each assignment stands), `GET /v1/assignments`
/// (the caller's own assignments, with the scheme versions they pin) and `GET /v1/calibration`
/// (the caller's own calibration results).
enum WaveRoutes {
    static func add(to router: Router<BasicRequestContext>, store: CentralStore) {
        router.get("/v1/waves") { request, _ -> Response in
            let annotator = try await CentralServer.authenticate(request, store)
            let q = request.uri.queryParameters
            let project = try await ReportRoutes.resolveProject(q.get("project"), store)
            guard try await CentralServer.offload({ try store.isMember(annotator: annotator, project: project) }) else {
                throw HTTPError(.forbidden, message: "\(annotator) is not a member of project \(project)")
            }
            let wave = q.get("wave")
            do {
                return try ReportRoutes.snakeJSON(try await CentralServer.offload { try WaveStatusReport.build(store, project: project, wave: wave) })
            } catch let error as StoreError {
                return try CentralServer.problem(.notFound, error.description)
            }
        }
        router.get("/v1/calibration") { request, _ -> Response in
            let annotator = try await CentralServer.authenticate(request, store)
            let project = try await ReportRoutes.resolveProject(request.uri.queryParameters.get("project"), store)
            // The caller's own results, each with its figures and item-by-item feedback.
            let bytes = try await CentralServer.offload {
                func orNull(_ v: Any?) -> Any { v ?? NSNull() }
                let rows: [[String: Any]] = try store.calibrationResults(project: project, annotator: annotator).map { r in
                    ["project": r.project, "annotator": r.annotator, "wave": orNull(r.wave), "sessions": r.sessions, "measure": r.measure,
                     "threshold": r.threshold, "value": orNull(r.value), "passed": orNull(r.passed), "scored_at_us": r.scored_at_us,
                     "scored_by": r.scored_by, "result": orNull(try? JSONSerialization.jsonObject(with: Data(r.result.utf8)))]
                }
                return try JSONSerialization.data(withJSONObject: rows, options: [.sortedKeys, .withoutEscapingSlashes])
            }
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        router.get("/v1/assignments") { request, _ -> Response in
            let annotator = try await CentralServer.authenticate(request, store)
            let answer = try await CentralServer.offload {
                let list = try store.assignments(annotator: annotator)
                var schemes: [SchemeVersion] = []
                for key in Set(list.map { "\($0.scheme_id)\u{1F}\($0.scheme_version)" }).sorted() {
                    let parts = key.split(separator: "\u{1F}")
                    if let s = try store.schemeVersion(id: String(parts[0]), version: Int(parts[1])!) { schemes.append(s) }
                }
                return AssignmentPull.Answer(annotator: annotator, assignments: list, schemes: schemes)
            }
            return try CentralServer.json(answer)
        }
    }
}
