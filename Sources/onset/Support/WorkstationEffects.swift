import Foundation
import OnsetCore
import OnsetMedia
import OnsetStore
import Workstation

/// Performs the workstation's effects: store writes on a serial queue (durable before "saved"),
/// pictures through the frame pump, sound through a sound server when one is reachable.
final class WorkstationEffects: EffectHandler, @unchecked Sendable {
    private let store: LocalStore
    private let session: String
    private let actor: String
    private let writes = DispatchQueue(label: "onset.store-writes")
    private let lock = NSLock()
    private var inbox: [Message] = []
    /// The picture source: the session's recording, or the rating queue's current clip. Only
    /// touched on the UI thread.
    private var pump: FramePump?
    /// A rating queue's clips: the current one and the next, opened ahead.
    private let clips = ClipPumps()
    private var probed: Set<String> = []
    private weak var reportedError: FramePump?
    private let audio: AudioPlayback?
    private var shownRequest: Timecode?
    /// Telemetry stored by earlier runs of this session; each save adds this run's to it.
    private let earlierTelemetry: SessionTelemetry
    private var lastDelivered: (Timecode, Int, Int)?

    /// `media`: the probe of the session's media; when it has sound, it also keys the envelope
    /// cache, so the (possibly hours-long) file is not opened a second time for that.
    init(store: LocalStore, session: String, actor: String, mediaPath: String?, hasVideo: Bool, media: MediaInfo?) {
        self.store = store
        self.session = session
        self.actor = actor
        earlierTelemetry = (try? store.telemetry(session: session, annotator: actor)) ?? SessionTelemetry()
        pump = hasVideo ? mediaPath.map { FramePump(path: $0) } : nil
        let withSound = media.flatMap { $0.audio == nil ? nil : $0 }
        if withSound != nil, let mediaPath {
            switch AudioPlayback.detectSink() {
            case .success(let sink):
                audio = AudioPlayback(path: mediaPath, sink: sink)
            case .failure(let why):
                audio = nil
                inbox.append(.notice(why.description))
            }
        } else {
            audio = nil
        }
        if let withSound {
            // The envelope feeds the audio lane and pause jumps; decoding hours of audio takes
            // seconds, so it happens off the UI thread (and only once: it is cached).
            DispatchQueue.global(qos: .utility).async { [weak self] in
                do {
                    self?.post(.envelope(try EnvelopeCache.standard().envelope(for: withSound).envelope))
                } catch {
                    self?.post(.notice("no audio lane: \(error)"))
                }
            }
        }
    }

    deinit {
        pump?.stop()
        clips.stop()
        audio?.stop()
    }

    /// Reads what the first frame did not need, on the write queue so that any write is ordered
    /// after it: the whole transcript, then every span. One after the other rather than at once
    /// on two cores, so that their temporary memory is not needed at the same time; what they
    /// leave freed is handed back to the system before the next.
    func loadRest(spans: Bool, transcript: (data: Data, file: String)?, syncProject: String?) {
        writes.async { [self] in
            // First, so that edits stored later count on top of it.
            if let project = syncProject, let unbundled = try? store.unbundledEdits(session: session),
               let queued = try? store.outbox(pendingOnly: true).filter({ $0.project == project }).count {
                post(.syncStatus(SyncStatus(unbundledEdits: unbundled, queuedBundles: queued)))
            }
            if let transcript {
                do {
                    post(.transcriptLoaded(try Transcript.read(transcript.data, file: transcript.file)))
                } catch {
                    post(.loadFailed(.transcript, "transcript: \(error) (only the part before it is shown)"))
                }
                Memory.releaseFreed()
            }
            if spans {
                do {
                    post(.spansLoaded(try store.spanIndex(session: session)))
                } catch {
                    post(.loadFailed(.spans, "could not read all spans: \(error); only the opening window is shown — quit and check the store"))
                }
                Memory.releaseFreed()
            }
        }
    }

    private func post(_ message: Message) {
        lock.lock()
        inbox.append(message)
        lock.unlock()
    }

    func perform(_ effect: Effect) {
        switch effect {
        case .quit:
            audio?.stop()
        case .store(let request):
            writes.async { [self] in
                if let answer = write(request) { post(answer) }
            }
        case .preview(let request):
            preview(request)
        }
    }

    /// Performs one write; nil when there is nothing to report (telemetry saved).
    private func write(_ request: StoreRequest) -> Message? {
        do {
            switch request {
            case .create(let span, let grouped): return .stored(try store.create(span, actor: actor, continuing: grouped))
            case .update(let span, let grouped): return .stored(try store.update(span, actor: actor, continuing: grouped))
            case .delete(let id, let grouped): return .stored(try store.deleteSpan(id, actor: actor, continuing: grouped))
            case .telemetry(let run):
                var total = earlierTelemetry
                total.merge(run)
                try store.saveTelemetry(total, session: session, annotator: actor)
                return nil
            case .review(let prediction, let decision, let span):
                let made = try store.review(prediction, decision: decision, span: span, reviewer: actor)
                // The span as stored (its revision), so the ratings that follow update it.
                if let id = made.spanID, let stored = try store.span(id) { return .stored(stored) }
                return .recorded("\(decision.rawValue) ✓")
            case .rate(let rating):
                return .rated(try store.save(rating, actor: actor))
            case .submit(let reopen):
                try store.submit(session: session, reopen: reopen)
                return .notice(reopen ? "reopened: not submitted any more" : "submitted ✓ — the next sync delivers it")
            case .undo, .redo:
                let undo = request == .undo
                let replay = undo ? try store.undo(session: session, actor: actor) : try store.redo(session: session, actor: actor)
                if let rating = replay.rating { return .ratingReplayed(rating, undo: undo) }
                return .replayed(replay.span, undo: undo)
            }
        } catch {
            return .storeFailed(error.description)
        }
    }

    private func preview(_ request: PreviewRequest) {
        switch request {
        case .show(let t, let w, let h):
            audio?.stop()
            lock.lock()
            shownRequest = t
            lock.unlock()
            pump?.show(t, size: FramePump.Size(width: w, height: h))
        case .play(let t, let speed, let w, let h):
            pump?.play(from: t, speed: speed, size: FramePump.Size(width: w, height: h))
            if speed == 1 { audio?.play(from: t) } else { audio?.stop() }
        case .pause:
            audio?.stop()
        case .clip(let path, let next, let w, let h):
            showClip(path, next: next, size: FramePump.Size(width: w, height: h))
        }
    }

    /// Plays a queue's clip from its start: at once when it was preloaded (its first picture is
    /// already decoded), and starts preloading the clip that comes after it.
    private func showClip(_ path: String, next: String?, size: FramePump.Size) {
        if clips.current == nil { pump?.stop() }
        pump = clips.show(path, next: next, size: size)
        lock.lock()
        shownRequest = nil
        lock.unlock()
        lastDelivered = nil
        probe(path)
        if let next { probe(next) }
    }

    /// A clip's length (for the loop) and frame rate, read off the UI thread, once per clip.
    private func probe(_ path: String) {
        guard probed.insert(path).inserted else { return }
        DispatchQueue.global(qos: .userInitiated).async { [weak self] in
            switch Result(catching: { () throws(MediaError) in try MediaProbe.probe(path, vfrSample: 0) }) {
            case .success(let info) where info.video == nil:
                self?.post(.clipFailed(path: path, reason: "\(path) has no video stream"))
            case .success(let info):
                self?.post(.clipOpened(path: path, duration: info.duration ?? Timecode(seconds: 10), frameRate: info.frameRate))
            case .failure(let error):
                self?.post(.clipFailed(path: path, reason: error.description))
            }
        }
    }

    /// Waits for queued writes (the final telemetry) before the process ends.
    func finish() {
        writes.sync {}
        pump?.stop()
        clips.stop()
        audio?.stop()
    }

    func drainMessages() -> [Message] {
        lock.lock()
        var out = inbox
        inbox.removeAll()
        let request = shownRequest
        lock.unlock()
        if let pump {
            // Once per pump: a clip that cannot be decoded should not drown every other message.
            if let error = pump.error, reportedError !== pump {
                reportedError = pump
                out.append(.previewFailed(error.description))
            }
            // A still picture for the last `show`, once it is ready and new.
            if let t = request, let frame = pump.frame(for: t),
               lastDelivered.map({ $0 != (frame.time, frame.width, frame.height) }) ?? true {
                lastDelivered = (frame.time, frame.width, frame.height)
                out.append(.frame(PreviewImage(time: frame.time, width: frame.width, height: frame.height, rgb: frame.rgb)))
            }
        }
        return out
    }

    func previewFrame(at t: Timecode) -> PreviewImage? {
        guard let frame = pump?.frame(for: t) else { return nil }
        return PreviewImage(time: frame.time, width: frame.width, height: frame.height, rgb: frame.rgb)
    }
}
