import Foundation
import OnsetCore
@testable import Workstation

/// Records effects and answers store writes as the store would (revision + 1, soft deletes).
final class RecordingEffects: EffectHandler {
    var performed: [Effect] = []
    var queued: [Message] = []
    var stored: [UUID: Span] = [:]

    func perform(_ effect: Effect) {
        performed.append(effect)
        guard case .store(let request) = effect else { return }
        switch request {
        case .create(var span, _):
            span.revision = 1
            stored[span.id] = span
            queued.append(.stored(span))
        case .update(var span, _):
            span.revision = (stored[span.id]?.revision ?? 0) + 1
            stored[span.id] = span
            queued.append(.stored(span))
        case .delete(let id, _):
            guard var span = stored[id] else { queued.append(.storeFailed("no span \(id)")); return }
            span.deletedAt = Date()
            span.revision += 1
            stored[id] = span
            queued.append(.stored(span))
        case .undo, .redo:
            queued.append(.replayed(nil, undo: request == .undo))
        case .telemetry:
            break
        case .submit(let reopen):
            queued.append(.notice(reopen ? "reopened" : "submitted"))
        case .review(_, _, let span?):
            var stored = span
            stored.revision = 1
            self.stored[span.id] = stored
            queued.append(.stored(stored))
        case .review(_, let decision, nil):
            queued.append(.recorded("\(decision.rawValue)"))
        case .rate(var rating):
            rating.revision += 1
            queued.append(.rated(rating))
        }
    }

    func drainMessages() -> [Message] {
        defer { queued.removeAll() }
        return queued
    }

    func previewFrame(at t: Timecode) -> PreviewImage? { nil }

    var storeRequests: [StoreRequest] {
        performed.compactMap { if case .store(let r) = $0 { r } else { nil } }
    }
}

/// A clock the test moves by hand (microseconds).
final class TestClock {
    var now: Int64 = 1_000_000
    func advance(_ microseconds: Int64) { now += microseconds }
}
