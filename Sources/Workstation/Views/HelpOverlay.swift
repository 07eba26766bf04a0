import TerminalUI

/// The `?` overlay: every action with its keys, generated from the registry and the active keymap.
struct HelpOverlay {
    let keymap: Keymap

    var lines: [(String, Style)] {
        var out: [(String, Style)] = []
        for group in ActionName.Group.allCases {
            let actions = ActionName.allCases.filter { $0.group == group }
            out.append((group.rawValue, .bold))
            for action in actions {
                let keys = keymap.keys(for: action)
                let keyText = keys.isEmpty ? "(unbound)" : keys.joined(separator: ", ")
                out.append(("  " + keyText.padding(toLength: 14, withPad: " ", startingAt: 0) + " " + action.summary, .plain))
            }
        }
        return out
    }

    func render(into buffer: inout Buffer, area: Rect) {
        let content = lines
        let width = min(area.width - 4, max(50, content.map { TextWidth.columns(of: $0.0) }.max() ?? 0) + 4)
        let height = min(area.height - 2, content.count + 2)
        guard width > 10, height > 3 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box)
        buffer.box(box, title: "help — Esc or ? closes", style: .bold)
        let inner = box.inset(by: 1)
        for (i, (text, style)) in content.prefix(inner.height).enumerated() {
            buffer.put(" " + text, x: inner.x, y: inner.y + i, style: style, clip: inner)
        }
    }
}
