import Foundation
import Hummingbird
import OnsetStore
import OnsetSync

/// The central store over HTTP: bundles in, progress and the merged dataset out.
///
/// Every endpoint but `/v1/health` needs `Authorization: Bearer <token>` (a token issued with
/// `onset central token issue`). Store work runs on its own threads, never on the server's.
public enum CentralServer {
    public struct Options: Sendable {
        public var limits = OpenedBundle.Limits()
        public init() {}
    }

    /// The answer to `POST /v1/bundles` (a JSON contract: see the README).
    public struct Receipt: ResponseCodable, Equatable {
        public var bundle_id: String
        /// `applied`, `already_applied`, `held` or `already_held`.
        public var status: String
        public var records: Int
        public var unchanged: Int
        public var waiting_for: Int64?
        public var released: [String]
        public var message: String
    }

    public struct Problem: ResponseCodable {
        public var error: String
    }

    public static func router(store: CentralStore, options: Options = Options()) -> Router<BasicRequestContext> {
        router(store: store, monitor: AgreementMonitor(store: store), options: options)
    }

    static func router(store: CentralStore, monitor: AgreementMonitor, options: Options = Options()) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/v1/health") { _, _ -> Response in
            struct Health: Encodable { var status = "ok"; var held_bundles: Int }
            return try json(Health(held_bundles: try await offload { try store.heldBundles().count }))
        }
        router.post("/v1/bundles") { request, context -> Response in
            let annotator = try await authenticate(request, store)
            var request = request
            let body: ByteBuffer
            do { body = try await request.collectBody(upTo: options.limits.maxFileBytes) } catch {
                return try problem(.contentTooLarge, "a bundle is at most \(options.limits.maxFileBytes) bytes")
            }
            let bytes = Array(body.readableBytesView)
            do {
                let result = try await offload { try Ingest.ingest(bytes, into: store, sender: annotator, limits: options.limits) }
                context.logger.info("bundle \(result.bundleID) from \(annotator): \(result.summary)")
                if case .applied = result.outcome {
                    let logger = context.logger
                    monitor.changed(project: result.project) { logger.warning("\($0)") }
                    // Calibration work the bundle submitted is scored as it arrives (a few indexed reads).
                    let project = result.project
                    for scored in (try? await offload { try CalibrationScoring.scoreFinished(store, project: project, annotator: annotator) }) ?? [] {
                        let r = scored.result
                        logger.info("calibration of \(annotator) on \(scored.sessions.joined(separator: ", ")): \(r.rule.measure.rawValue) \(r.value.map { String(format: "%.3f", $0) } ?? "undefined") → \(r.passed.map { $0 ? "pass" : "fail" } ?? "undecided")")
                    }
                }
                return try json(receipt(result))
            } catch let error as BundleError {
                context.logger.notice("bundle from \(annotator) rejected: \(error.description)")
                return try problem(.unprocessableContent, error.description)
            }
        }
        router.get("/v1/projects") { request, _ -> Response in
            _ = try await authenticate(request, store)
            return try json(try await offload { try store.projects() })
        }
        router.get("/v1/annotators") { request, _ -> Response in
            _ = try await authenticate(request, store)
            return try json(try await offload { try store.annotators() })
        }
        router.get("/v1/projects/:project/waves") { request, context -> Response in
            _ = try await authenticate(request, store)
            let project = try context.parameters.require("project")
            return try json(try await offload { try store.waves(project: project) })
        }
        router.get("/v1/projects/:project/progress") { request, context -> Response in
            _ = try await authenticate(request, store)
            let project = try context.parameters.require("project")
            let wave = request.uri.queryParameters.get("wave")
            return try json(try await offload { try store.progress(project: project, wave: wave) })
        }
        router.get("/v1/projects/:project/export") { request, context -> Response in
            _ = try await authenticate(request, store)
            let project = try context.parameters.require("project")
            let wave = request.uri.queryParameters.get("wave")
            guard let format = DatasetExport.Format(rawValue: request.uri.queryParameters.get("format") ?? "jsonl") else {
                return try problem(.badRequest, "format must be jsonl or csv")
            }
            let bytes = try await offload {
                var out: [UInt8] = []
                try DatasetExport.export(store, project: project, wave: wave, format: format) { out += $0 }
                return out
            }
            return Response(status: .ok, headers: [.contentType: format == .csv ? "text/csv; charset=utf-8" : "application/x-ndjson"],
                            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
        ReportRoutes.add(to: router, store: store, monitor: monitor)
        WaveRoutes.add(to: router, store: store)
        return router
    }

    public static func application(store: CentralStore, host: String, port: Int, options: Options = Options(),
                                   onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(store: store, options: options), configuration: .init(address: .hostname(host, port: port)),
                    onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) })
    }

    static func receipt(_ r: Ingest.Result) -> Receipt {
        var receipt = Receipt(bundle_id: r.bundleID, status: "", records: 0, unchanged: 0, released: r.released, message: r.summary)
        switch r.outcome {
        case .applied(let records, let unchanged): receipt.status = "applied"; receipt.records = records; receipt.unchanged = unchanged
        case .alreadyApplied: receipt.status = "already_applied"
        case .held(let n): receipt.status = "held"; receipt.waiting_for = n
        case .alreadyHeld(let n): receipt.status = "already_held"; receipt.waiting_for = n
        }
        return receipt
    }

    /// The annotator the request's bearer token belongs to; 401 otherwise.
    static func authenticate(_ request: Request, _ store: CentralStore) async throws -> String {
        guard let header = request.headers[.authorization], header.hasPrefix("Bearer ") else {
            throw HTTPError(.unauthorized, message: "send `Authorization: Bearer <token>` (tokens come from `onset central token issue`)")
        }
        let token = String(header.dropFirst("Bearer ".count)).trimmingCharacters(in: .whitespaces)
        guard let annotator = try await offload({ try store.annotator(forToken: token) }) else {
            throw HTTPError(.unauthorized, message: "unknown or revoked token")
        }
        return annotator
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }

    static func problem(_ status: HTTPResponse.Status, _ message: String) throws -> Response {
        var response = try json(Problem(error: message))
        response.status = status
        return response
    }

    private static let work = DispatchQueue(label: "onset.central-store", attributes: .concurrent)

    /// Runs blocking store work off Swift's cooperative threads (there are as many as cores).
    static func offload<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            work.async { continuation.resume(with: Result { try body() }) }
        }
    }
}
