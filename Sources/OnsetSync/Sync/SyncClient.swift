import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import OnsetStore

/// Where bundles go: a central server, or a folder (a shared drive the central store ingests).
public enum SyncDestination: Sendable, CustomStringConvertible {
    case server(URL, token: String)
    case directory(String)

    public var description: String {
        switch self {
        case .server(let url, _): url.absoluteString
        case .directory(let path): path
        }
    }
}

/// Sends the outbox's pending bundles, oldest first per project, each acknowledged on its own,
/// so an interrupted sync resumes where it stopped (and a bundle sent twice is harmless: the
/// central store recognises it). Network trouble is retried with backoff, then left queued.
public struct SyncClient {
    public let store: LocalStore
    public let destination: SyncDestination
    public var attempts = 5
    public var firstDelay = 0.5
    public var timeout: TimeInterval = 120
    public var pause: (Double) -> Void = { Thread.sleep(forTimeInterval: $0) }

    public init(store: LocalStore, destination: SyncDestination) {
        self.store = store
        self.destination = destination
    }

    public struct Report: Sendable {
        public var lines: [String] = []
        public var delivered = 0
        public var pending = 0
        public var failed = false
    }

    public func run() throws(StoreError) -> Report {
        var report = Report()
        var stoppedProjects = Set<String>()
        for entry in try store.outbox(pendingOnly: true) {
            if stoppedProjects.contains(entry.project) { continue }
            let name = (entry.filePath as NSString).lastPathComponent
            guard let data = FileManager.default.contents(atPath: entry.filePath) else {
                try store.recordDelivery(entry.bundleID, to: destination.description, receipt: nil, error: "the bundle file is missing: \(entry.filePath)")
                report.lines.append("\(name): MISSING \(entry.filePath); make it again with `onset bundle create --all`")
                report.failed = true
                stoppedProjects.insert(entry.project)
                continue
            }
            switch deliver(data, name: name) {
            case .delivered(let receipt, let summary):
                try store.recordDelivery(entry.bundleID, to: destination.description, receipt: receipt, error: nil)
                report.delivered += 1
                report.lines.append("\(name): \(summary)")
            case .refused(let why):
                try store.recordDelivery(entry.bundleID, to: destination.description, receipt: nil, error: why)
                report.lines.append("\(name): REFUSED: \(why)")
                report.failed = true
                // Later bundles of the project would only wait behind it.
                stoppedProjects.insert(entry.project)
            case .unreachable(let why):
                try store.recordDelivery(entry.bundleID, to: destination.description, receipt: nil, error: why)
                report.lines.append("\(name): not sent (\(why)); it stays queued")
                report.failed = true
                report.pending = try store.outbox(pendingOnly: true).count
                return report
            }
        }
        report.pending = try store.outbox(pendingOnly: true).count
        return report
    }

    enum Delivery {
        case delivered(receipt: String, summary: String)
        case refused(String)
        case unreachable(String)
    }

    func deliver(_ data: Data, name: String) -> Delivery {
        switch destination {
        case .directory(let folder): return copy(data, name: name, to: folder)
        case .server(let url, let token):
            var delay = firstDelay
            var last = "no attempt made"
            for attempt in 1...max(1, attempts) {
                let outcome = post(data, to: url, token: token)
                guard case .unreachable(let why) = outcome else { return outcome }
                last = why
                if attempt < attempts {
                    pause(delay)
                    delay *= 2
                }
            }
            return .unreachable("\(last), after \(attempts) attempts")
        }
    }

    /// Written beside, flushed, then renamed: whoever watches the folder never sees half a bundle.
    func copy(_ data: Data, name: String, to folder: String) -> Delivery {
        let target = folder + "/" + name, partial = target + ".partial"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: partial, contents: nil)
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: partial))
            try handle.write(contentsOf: data)
            try handle.synchronize()
            try handle.close()
            if FileManager.default.fileExists(atPath: target) { try FileManager.default.removeItem(atPath: target) }
            try FileManager.default.moveItem(atPath: partial, toPath: target)
            return .delivered(receipt: "{\"status\":\"copied\",\"path\":\"\(target)\"}", summary: "copied to \(folder)")
        } catch {
            try? FileManager.default.removeItem(atPath: partial)
            return .unreachable("cannot write to \(folder): \(error.localizedDescription)")
        }
    }

    func post(_ data: Data, to base: URL, token: String) -> Delivery {
        var request = URLRequest(url: base.appendingPathComponent("v1/bundles"), timeoutInterval: timeout)
        request.httpMethod = "POST"
        request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
        request.setValue("application/zip", forHTTPHeaderField: "Content-Type")
        request.httpBody = data
        let (body, response, error) = Self.send(request)
        guard let response else { return .unreachable(error?.localizedDescription ?? "no response") }
        let text = String(decoding: body ?? Data(), as: UTF8.self)
        let json = (try? JSONSerialization.jsonObject(with: body ?? Data())) as? [String: Any]
        switch response.statusCode {
        case 200: return .delivered(receipt: text, summary: json?["message"] as? String ?? "delivered")
        case 401, 403: return .refused("the server refused the token: \(json?["error"] as? String ?? text)")
        case 400..<500: return .refused(json?["error"] as? String ?? "HTTP \(response.statusCode): \(text)")
        default: return .unreachable("HTTP \(response.statusCode)")
        }
    }

    /// One request, waited for (the client runs on a command's thread, not in an event loop).
    static func send(_ request: URLRequest) -> (Data?, HTTPURLResponse?, Error?) {
        let done = DispatchSemaphore(value: 0)
        let box = ResponseBox()
        URLSession.shared.dataTask(with: request) { body, response, error in
            box.set(body, response as? HTTPURLResponse, error)
            done.signal()
        }.resume()
        done.wait()
        return box.get()
    }

    final class ResponseBox: @unchecked Sendable {
        private let lock = NSLock()
        private var value: (Data?, HTTPURLResponse?, Error?) = (nil, nil, nil)
        func set(_ a: Data?, _ b: HTTPURLResponse?, _ c: Error?) { lock.lock(); value = (a, b, c); lock.unlock() }
        func get() -> (Data?, HTTPURLResponse?, Error?) { lock.lock(); defer { lock.unlock() }; return value }
    }
}
