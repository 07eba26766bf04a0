import TerminalUI

/// The `?` overlay: every action with its keys, generated from the registry and the active keymap.
struct HelpOverlay {
    let keymap: Keymap
    /// A rating queue lists its own keys first and nothing that only works on a timeline.
    var queue = false

    var lines: [(String, Style)] {
        var out: [(String, Style)] = []
        let queueOnly: Set<KeyContext> = [.queue, .list]
        let contexts: [KeyContext] = queue ? [.queue, .list, .global] : KeyContext.allCases.filter { !queueOnly.contains($0) }
        let queueGroups: [ActionName.Group] = [.queue, .clipList]
        let groups = queue ? queueGroups + ActionName.Group.allCases.filter { !queueGroups.contains($0) }
                           : ActionName.Group.allCases.filter { !queueGroups.contains($0) }
        for group in groups {
            let actions = ActionName.allCases.filter { $0.group == group }.map { ($0, keymap.keys(for: $0, in: contexts)) }
                .filter { !queue || !$0.1.isEmpty }
            guard !actions.isEmpty else { continue }
            out.append((group.rawValue, .bold))
            for (action, keys) in actions {
                let keyText = keys.isEmpty ? "(unbound)" : keys.joined(separator: ", ")
                out.append(("  " + keyText.padding(toLength: 14, withPad: " ", startingAt: 0) + " " + action.summary, .plain))
            }
        }
        return out
    }

    /// Fills the area in as many columns as the lines need; the signal keys come from the scheme.
    func render(into buffer: inout Buffer, area: Rect) {
        let content = queue ? lines : lines + [("Signals", Style.bold), ("  the palette keys (scheme hotkeys) open and close spans", .plain)]
        guard area.width > 20, area.height > 4 else { return }
        buffer.fill(area)
        buffer.box(area, title: "help — Esc or ? closes", style: .bold)
        let inner = area.inset(by: 1)
        let columnWidth = max(40, min(inner.width, (content.map { TextWidth.columns(of: $0.0) }.max() ?? 40) + 2))
        let columns = max(1, inner.width / columnWidth)
        let perColumn = max(1, (content.count + columns - 1) / columns)
        for (i, (text, style)) in content.enumerated() {
            let col = i / perColumn, row = i % perColumn
            guard col < columns, row < inner.height else { continue }
            buffer.put(" " + text, x: inner.x + col * columnWidth, y: inner.y + row, style: style,
                       maxWidth: columnWidth - 1, clip: inner)
        }
        if perColumn > inner.height {
            buffer.put(" … more with `onset keys` ", x: inner.maxX - 27, y: area.maxY - 1, style: .dim, clip: area)
        }
    }
}
