import Foundation
import OnsetCore
import TerminalUI

/// The workstation's loop: events in, actions through the keymap, reducer, whole frame out.
///
/// Handlers never draw; after each event or message the screen is rendered from state and the
/// backend sends only the cells that changed. Effects go to the `EffectHandler`, which works off
/// this thread and answers with messages drained on the next tick.
public final class Workstation {
    public private(set) var state: AppState
    public let keymap: Keymap
    private let backend: TerminalBackend
    private let effects: EffectHandler
    /// Monotonic microseconds; injected so tests control time.
    private let now: () -> Int64
    /// The most preview frames per second drawn while playing: every frame costs bandwidth.
    public var maxPreviewFPS: Int
    /// Keys typed while the session was still loading, in order.
    private var heldKeys: [KeyEvent] = []

    public init(state: AppState, keymap: Keymap, backend: TerminalBackend, effects: EffectHandler,
                maxPreviewFPS: Int = 15, now: @escaping () -> Int64 = { Int64(DispatchTime.now().uptimeNanoseconds / 1000) }) {
        var s = state
        s.size = backend.size
        self.state = s
        self.keymap = keymap
        self.backend = backend
        self.effects = effects
        self.now = now
        self.maxPreviewFPS = max(1, maxPreviewFPS)
    }

    var context: ReduceContext {
        let layout = Layout.compute(state)
        let pixels = layout.previewPixels
        return ReduceContext(now: now(), timelineColumns: TimelineView.trackColumns(paneWidth: layout.timeline.width),
                             previewWidth: pixels.width, previewHeight: pixels.height)
    }

    /// Direct access for tests that apply messages by hand.
    var stateForTesting: AppState {
        get { state }
        set { state = newValue }
    }

    /// Asks for the first picture; call once before the loop starts.
    public func start() {
        if state.queue != nil { return perform(Reducer.openQueue(&state, context)) }
        perform(Reducer.pictureRequest(state, context))
    }

    public func redraw() {
        backend.draw(Screen.render(state, keymap: keymap, colorMode: backend.colorMode))
    }

    private func perform(_ list: [Effect]) {
        for effect in list { effects.perform(effect) }
    }

    /// Handles one event; returns false when the session should end.
    @discardableResult
    public func handle(_ event: TerminalEvent) -> Bool {
        switch event {
        case .key(let key) where state.isLoading:
            // Typeahead: keys act on the whole session, so they wait (in order) until it is in.
            heldKeys.append(key)
        case .key(let key):
            handle(key)
        case .resize(let width, let height):
            let before = Layout.compute(state).previewPixels
            state.size = (width, height)
            state.viewport.clamp(duration: state.duration)
            if Layout.compute(state).previewPixels != before { perform(Reducer.pictureRequest(state, context)) }
        case .mouse(let x, let y, let action) where !state.isLoading:
            state.telemetry.activity(at: now())
            let before = Layout.compute(state).previewPixels
            perform(Reducer.mouse(&state, x: x, y: y, action: action, context))
            if Layout.compute(state).previewPixels != before { perform(Reducer.pictureRequest(state, context)) }
        case .mouse:
            break
        case .shutdown(let reason):
            state.message = "stopping: \(reason)"
            state.shouldQuit = true
        }
        return !state.shouldQuit
    }

    /// Applies finished background work and moves the playhead with the clock.
    public func tick() {
        for message in effects.drainMessages() { Reducer.apply(&state, message) }
        if !state.isLoading, !heldKeys.isEmpty {
            let keys = heldKeys
            heldKeys = []
            for key in keys where !state.shouldQuit { handle(key) }
        }
        perform(Reducer.tick(&state, context))
        if state.isPlaying, let frame = effects.previewFrame(at: state.playhead) { state.preview = frame }
    }

    private func handle(_ key: KeyEvent) {
        state.telemetry.activity(at: now())
        if state.lineEdit != nil {
            // Text input is not rebindable: every key edits the line until Enter or Esc.
            perform(Reducer.lineKey(&state, key, context))
            return
        }
        let keys = state.pendingKeys + [key]
        let contexts: KeyContext = state.showHelp ? .global : state.prompt != nil ? .prompt : state.checklist != nil ? .checklist
            : state.queue?.listCursor != nil ? .list : state.queue != nil ? .queue : .timeline
        let before = Layout.compute(state).previewPixels
        switch keymap.lookup(keys, in: contexts) {
        case .action(let action):
            state.pendingKeys = []
            perform(Reducer.reduce(&state, action, context))
        case .pending:
            state.pendingKeys = keys
        case .unbound:
            state.pendingKeys = []
            if keys.count == 1, !state.showHelp, state.checklist == nil, let signal = signal(for: key) {
                perform(Reducer.signalKey(&state, signal, context))
            } else if key.code == .escape {
                perform(Reducer.reduce(&state, .cancel, context))
            } else {
                state.message = "\(Keymap.text(keys)) is not bound; \(keymap.keys(for: .toggleHelp).first ?? "?") lists the keys"
            }
        }
        // Showing or hiding panes changes the picture size: ask for one that fits.
        if Layout.compute(state).previewPixels != before { perform(Reducer.pictureRequest(state, context)) }
    }

    /// The signal whose palette hotkey is `key` (scheme hotkeys are the fallback after the keymap).
    private func signal(for key: KeyEvent) -> String? {
        guard key.modifiers.isEmpty else { return nil }
        let text: String
        switch key.code {
        case .char(let c): text = String(c)
        default: return nil
        }
        return state.scheme.signals.first { $0.hotkey == text }?.id
    }

    /// Telemetry is written every `telemetryInterval` microseconds and at the end.
    public var telemetryInterval: Int64 = 10_000_000
    private var lastTelemetrySave: Int64 = 0

    /// This run's telemetry, with playback so far counted as seen.
    var telemetrySnapshot: SessionTelemetry {
        var t = state.telemetry
        t.closePlayback(at: now())
        return t
    }

    /// Sends telemetry to the store when it is due (or always, with `force`).
    func saveTelemetry(force: Bool = false) {
        let t = now()
        guard force || t - lastTelemetrySave >= telemetryInterval else { return }
        lastTelemetrySave = t
        perform([.store(.telemetry(telemetrySnapshot))])
    }

    /// Runs until quit or shutdown. The backend is restored by the caller (also on errors).
    public func run() {
        start()
        tick()
        redraw()
        lastTelemetrySave = now()
        defer { saveTelemetry(force: true) }
        while !state.shouldQuit {
            saveTelemetry()
            let timeout = state.isPlaying || !state.saved || state.isLoading ? 1000 / maxPreviewFPS : 100
            if let event = backend.poll(timeoutMilliseconds: timeout) { handle(event) }
            // Drain queued keys before drawing so a burst of keys costs one frame.
            while let more = backend.poll(timeoutMilliseconds: 0), !state.shouldQuit { handle(more) }
            tick()
            redraw()
        }
        perform([.preview(.pause)])
    }
}
