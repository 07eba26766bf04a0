import Foundation
import OnsetCore
import TerminalUI

extension Reducer {
    static func openLine(_ state: inout AppState, _ action: ActionName) -> [Effect] {
        switch action {
        case .commandLine:
            state.lineEdit = LineEdit(purpose: .command, editor: LineEditor())
        case .search:
            state.lineEdit = LineEdit(purpose: .search, editor: LineEditor())
        case .editRationale:
            guard let span = state.selectedSpan else {
                state.message = "no span selected (tab selects the next one)"
                return []
            }
            state.lineEdit = LineEdit(purpose: .rationale(span.id), editor: LineEditor(span.rationale))
        default:
            break
        }
        return []
    }

    /// A key while a line is being edited: text goes into the line, Enter acts on it, Esc drops it.
    public static func lineKey(_ state: inout AppState, _ key: KeyEvent, _ ctx: ReduceContext) -> [Effect] {
        guard var edit = state.lineEdit else { return [] }
        state.message = nil
        switch edit.editor.handle(key) {
        case .editing:
            state.lineEdit = edit
            return []
        case .cancel:
            state.lineEdit = nil
            return []
        case .submit(let text):
            state.lineEdit = nil
            switch edit.purpose {
            case .command: return command(&state, text, ctx)
            case .search:
                guard !text.isEmpty else { return [] }
                state.lastSearch = text
                return searchJump(&state, forward: true, ctx)
            case .rationale(let id):
                guard let span = state.spans.span(id) else { return [] }
                var edited = span
                edited.rationale = text.trimmingCharacters(in: .whitespaces)
                return edited == span ? [] : commit(&state, from: span, to: edited)
            case .clipFlag(let flag):
                return flagClip(&state, flag, reason: text, ctx)
            }
        }
    }

    /// `:goto 01:02.5` (or `:g`, or just a time), `:speed 1.5`, `:q`, `:w`, `:submit`, `:reopen`,
    /// `:filter high|SIGNAL|all` (model predictions), `:clip N` (rating queue).
    static func command(_ state: inout AppState, _ text: String, _ ctx: ReduceContext) -> [Effect] {
        let words = text.split(separator: " ").map(String.init)
        guard let verb = words.first else { return [] }
        let argument = words.dropFirst().joined(separator: " ")
        switch verb {
        case "goto", "g", "go":
            return gotoTime(&state, argument, ctx)
        case "speed":
            guard let s = Double(argument), s > 0 else {
                state.message = "speed needs a number, e.g. :speed 0.5"
                return []
            }
            state.clock.setSpeed(s, at: ctx.now)
            state.message = "speed \(format(state.clock.speed))×" + (s != state.clock.speed ? " (limited to 0.1–4)" : "")
            return state.isPlaying ? pictureRequest(state, ctx) : []
        case "q", "quit":
            state.shouldQuit = true
            return [.quit]
        case "w", "write":
            state.message = state.saved ? "every edit is already in the store" : "saving…"
            return []
        case "filter":
            return filter(&state, argument)
        case "clip" where state.queue != nil:
            guard let n = Int(argument), let q = state.queue, (1...q.clips.count).contains(n) else {
                state.message = "clip needs a number from 1 to \(state.queue?.clips.count ?? 0), e.g. :clip 3"
                return []
            }
            return showClip(&state, n - 1, ctx)
        case "submit", "reopen":
            state.message = verb == "submit" ? "submitting…" : "reopening…"
            return [.store(.submit(reopen: verb == "reopen"))]
        default:
            if (try? Timecode.parse(verb, frameRate: state.frameRate)) != nil { return gotoTime(&state, verb, ctx) }
            state.message = "unknown command `\(verb)`: try goto TIME, speed X, submit, q"
            return []
        }
    }

    static func gotoTime(_ state: inout AppState, _ text: String, _ ctx: ReduceContext) -> [Effect] {
        do {
            let t = try Timecode.parse(text, frameRate: state.frameRate)
            guard t < state.duration else {
                state.message = "\(t) is past the end (\(state.duration))"
                return []
            }
            let effects = seek(&state, to: t, ctx)
            state.telemetry.record(.seek(to: state.playhead, frame: frameStep(state)), at: ctx.now)
            return effects
        } catch {
            state.message = "goto: \(error)"
            return []
        }
    }

    /// Jumps to the next (or previous) transcript segment containing the last search, ignoring
    /// case and accents.
    static func searchJump(_ state: inout AppState, forward: Bool, _ ctx: ReduceContext) -> [Effect] {
        guard let query = state.lastSearch else {
            state.message = "no search yet: / searches the transcript"
            return []
        }
        guard let transcript = state.transcript else {
            state.message = "this session has no transcript"
            return []
        }
        let needle = fold(query)
        let matches = transcript.segments.indices.filter { fold(transcript.segments[$0].text).contains(needle) || fold(transcript.segments[$0].speaker ?? "").contains(needle) }
        guard !matches.isEmpty else {
            state.message = "no match for “\(query)”"
            return []
        }
        let here = state.playhead
        let target = forward
            ? matches.first { transcript.segments[$0].start > here } ?? matches[0]
            : matches.last { transcript.segments[$0].start < here } ?? matches[matches.count - 1]
        let effects = seek(&state, to: transcript.segments[target].start, ctx)
        state.message = "“\(query)”: match \((matches.firstIndex(of: target) ?? 0) + 1) of \(matches.count)"
        return effects
    }

    static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
    }
}
