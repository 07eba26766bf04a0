/// Every user action, registered once with its name (as keymap files write it), a one-line
/// description and a group. Help, status hints and keymap docs are generated from here.
public enum ActionName: String, CaseIterable, Sendable {
    case quit = "quit"
    case toggleHelp = "toggle-help"
    case cancel = "cancel"
    case stepForward = "step-forward"
    case stepBackward = "step-backward"
    case jumpForward = "jump-forward"
    case jumpBackward = "jump-backward"
    case stepFrameForward = "step-frame-forward"
    case stepFrameBackward = "step-frame-backward"
    case goStart = "go-start"
    case goEnd = "go-end"
    case zoomIn = "zoom-in"
    case zoomOut = "zoom-out"
    case zoomFit = "zoom-fit"
    case nextSpan = "next-span"
    case previousSpan = "previous-span"
    case selectNextAtPlayhead = "select-next-at-playhead"
    case clearSelection = "clear-selection"

    public enum Group: String, CaseIterable, Sendable {
        case general = "General"
        case navigation = "Navigation"
        case zoom = "Zoom"
        case selection = "Selection"
    }

    public var summary: String {
        switch self {
        case .quit: "Quit (every edit is already saved)"
        case .toggleHelp: "Show or hide this help"
        case .cancel: "Cancel the pending key sequence or close an overlay"
        case .stepForward: "Move the playhead forward by a small step (1/20 of the view)"
        case .stepBackward: "Move the playhead back by a small step"
        case .jumpForward: "Move the playhead forward by a large step (half the view)"
        case .jumpBackward: "Move the playhead back by a large step"
        case .stepFrameForward: "Step one frame forward"
        case .stepFrameBackward: "Step one frame back"
        case .goStart: "Go to the start of the recording"
        case .goEnd: "Go to the end of the recording"
        case .zoomIn: "Zoom the timeline in (half the visible time)"
        case .zoomOut: "Zoom the timeline out (twice the visible time)"
        case .zoomFit: "Fit the whole recording in the timeline"
        case .nextSpan: "Jump to the next span's onset and select it"
        case .previousSpan: "Jump to the previous span's onset and select it"
        case .selectNextAtPlayhead: "Cycle the selection through the spans under the playhead"
        case .clearSelection: "Clear the selection"
        }
    }

    public var group: Group {
        switch self {
        case .quit, .toggleHelp, .cancel: .general
        case .stepForward, .stepBackward, .jumpForward, .jumpBackward, .stepFrameForward, .stepFrameBackward, .goStart, .goEnd: .navigation
        case .zoomIn, .zoomOut, .zoomFit: .zoom
        case .nextSpan, .previousSpan, .selectNextAtPlayhead, .clearSelection: .selection
        }
    }
}
