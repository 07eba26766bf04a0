import OnsetCore
import TerminalUI

/// The workstation's loop: events in, actions through the keymap, reducer, whole frame out.
///
/// Handlers never draw; after each message the screen is rendered from state and the backend
/// sends only the cells that changed.
public final class Workstation {
    public private(set) var state: AppState
    public let keymap: Keymap
    private let backend: TerminalBackend

    public init(state: AppState, keymap: Keymap, backend: TerminalBackend) {
        var s = state
        s.size = backend.size
        self.state = s
        self.keymap = keymap
        self.backend = backend
    }

    /// Draws the current state.
    public func redraw() {
        backend.draw(Screen.render(state, keymap: keymap))
    }

    /// Handles one event; returns false when the session should end.
    @discardableResult
    public func handle(_ event: TerminalEvent) -> Bool {
        switch event {
        case .key(let key):
            handle(key)
        case .resize(let width, let height):
            state.size = (width, height)
            state.viewport.clamp(duration: state.duration)
        case .mouse:
            break
        case .shutdown(let reason):
            state.message = "stopping: \(reason)"
            state.shouldQuit = true
        }
        return !state.shouldQuit
    }

    private func handle(_ key: KeyEvent) {
        let keys = state.pendingKeys + [key]
        switch keymap.lookup(keys, in: state.showHelp ? .global : .timeline) {
        case .action(let action):
            state.pendingKeys = []
            _ = Reducer.reduce(&state, action, timelineColumns: Screen.timelineColumns(state))
        case .pending:
            state.pendingKeys = keys
        case .unbound:
            state.pendingKeys = []
            if key.code == .escape {
                _ = Reducer.reduce(&state, .cancel)
            } else {
                state.message = "\(Keymap.text(keys)) is not bound; \(keymap.keys(for: .toggleHelp).first ?? "?") lists the keys"
            }
        }
    }

    /// Runs until quit or shutdown. The backend is restored by the caller (also on errors).
    public func run() {
        redraw()
        while !state.shouldQuit {
            guard let event = backend.poll(timeoutMilliseconds: 250) else { continue }
            handle(event)
            redraw()
        }
    }
}
