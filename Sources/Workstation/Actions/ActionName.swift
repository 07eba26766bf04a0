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
    case playPause = "play-pause"
    case faster = "speed-up"
    case slower = "speed-down"
    case markIn = "mark-in"
    case markOut = "mark-out"
    case markSegment = "mark-segment"
    case deleteSpan = "delete-span"
    case undo = "undo"
    case redo = "redo"
    case togglePreview = "toggle-preview"
    case nextSegment = "next-segment"
    case previousSegment = "previous-segment"
    case setOnset = "set-onset"
    case setOffset = "set-offset"
    case nudgeOnsetEarlier = "nudge-onset-earlier"
    case nudgeOnsetLater = "nudge-onset-later"
    case nudgeOffsetEarlier = "nudge-offset-earlier"
    case nudgeOffsetLater = "nudge-offset-later"
    case nudgeOnsetEarlierStep = "nudge-onset-earlier-step"
    case nudgeOnsetLaterStep = "nudge-onset-later-step"
    case nudgeOffsetEarlierStep = "nudge-offset-earlier-step"
    case nudgeOffsetLaterStep = "nudge-offset-later-step"
    case changeSignal = "change-signal"
    case rateSpan = "rate-span"
    case splitSpan = "split-span"
    case mergeNext = "merge-next"
    case showDefinition = "show-definition"
    case nextPause = "next-pause"
    case previousPause = "previous-pause"
    case nextSameSignal = "next-span-same-signal"
    case previousSameSignal = "previous-span-same-signal"
    case moveEarlier = "move-span-earlier"
    case moveLater = "move-span-later"
    case moveEarlierStep = "move-span-earlier-step"
    case moveLaterStep = "move-span-later-step"
    case commandLine = "command-line"
    case search = "search"
    case searchNext = "search-next"
    case searchPrevious = "search-previous"
    case editRationale = "edit-rationale"
    case editCues = "edit-cues"
    case checklistDown = "checklist-down"
    case checklistUp = "checklist-up"
    case checklistToggle = "checklist-toggle"
    case checklistDone = "checklist-done"
    case nextPrediction = "next-prediction"
    case previousPrediction = "previous-prediction"
    case acceptPrediction = "accept-prediction"
    case rejectPrediction = "reject-prediction"
    case adjustPrediction = "adjust-prediction"
    case nextDimension = "next-dimension"
    case previousDimension = "previous-dimension"
    case nextClip = "next-clip"
    case previousClip = "previous-clip"
    case nextUnratedClip = "next-unrated-clip"
    case rateConfidence = "rate-confidence"
    case toggleConfidencePrompt = "toggle-confidence-prompt"
    case markBroken = "mark-broken"
    case skipClip = "skip-clip"
    case clearScore = "clear-score"
    case replayClip = "replay-clip"
    case score1 = "score-1", score2 = "score-2", score3 = "score-3", score4 = "score-4", score5 = "score-5"
    case score6 = "score-6", score7 = "score-7", score8 = "score-8", score9 = "score-9"

    public enum Group: String, CaseIterable, Sendable {
        case general = "General"
        case navigation = "Navigation"
        case zoom = "Zoom"
        case selection = "Selection"
        case playback = "Playback"
        case marking = "Marking and editing"
        case transcript = "Transcript"
        case rating = "Rating prompt"
        case checklist = "Cue checklist"
        case review = "Model predictions"
        case queue = "Clip rating queue"
    }

    /// The score a `score-N` action gives, nil for other actions.
    public var score: Int? {
        guard rawValue.hasPrefix("score-") else { return nil }
        return Int(rawValue.dropFirst(6))
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
        case .playPause: "Play or pause"
        case .faster: "Play faster (up to 4×)"
        case .slower: "Play slower (down to 0.1×)"
        case .markIn: "Set the in point at the playhead (then a signal key labels in…out)"
        case .markOut: "Set the out point at the playhead"
        case .markSegment: "Mark in and out at the current transcript segment"
        case .deleteSpan: "Delete the selected span"
        case .undo: "Undo the last edit (kept in the store: survives restarts)"
        case .redo: "Redo the last undone edit"
        case .togglePreview: "Show or hide the video and transcript panes"
        case .nextSegment: "Jump to the next transcript segment"
        case .setOnset: "Move the selected span's onset to the playhead"
        case .setOffset: "Move the selected span's offset to the playhead"
        case .nudgeOnsetEarlier: "Nudge the selected span's onset one frame earlier"
        case .nudgeOnsetLater: "Nudge the selected span's onset one frame later"
        case .nudgeOffsetEarlier: "Nudge the selected span's offset one frame earlier"
        case .nudgeOffsetLater: "Nudge the selected span's offset one frame later"
        case .nudgeOnsetEarlierStep: "Nudge the selected span's onset a step (1/20 of the view) earlier"
        case .nudgeOnsetLaterStep: "Nudge the selected span's onset a step (1/20 of the view) later"
        case .nudgeOffsetEarlierStep: "Nudge the selected span's offset a step (1/20 of the view) earlier"
        case .nudgeOffsetLaterStep: "Nudge the selected span's offset a step (1/20 of the view) later"
        case .changeSignal: "Change the selected span's signal (then press the signal's key)"
        case .rateSpan: "Rate the selected span again (confidence, then intensity)"
        case .splitSpan: "Split the selected span at the playhead"
        case .mergeNext: "Merge the selected span with the next span of the same signal"
        case .showDefinition: "Show the definition, cues and criteria of the selected (or open) signal"
        case .nextPause: "Jump to the next pause in the audio"
        case .commandLine: "Command line: goto TIME, speed X, submit, reopen, quit"
        case .nextSameSignal: "Jump to the next span of the selected signal"
        case .previousSameSignal: "Jump to the previous span of the selected signal"
        case .moveEarlier: "Move the selected span one frame earlier"
        case .moveLater: "Move the selected span one frame later"
        case .moveEarlierStep: "Move the selected span a step (1/20 of the view) earlier"
        case .moveLaterStep: "Move the selected span a step (1/20 of the view) later"
        case .search: "Search the transcript"
        case .searchNext: "Jump to the next transcript match"
        case .searchPrevious: "Jump to the previous transcript match"
        case .editRationale: "Write the selected span's rationale"
        case .editCues: "Tick the cues that support the selected span"
        case .checklistDown: "Move down the cue checklist"
        case .checklistUp: "Move up the cue checklist"
        case .checklistToggle: "Tick or untick the cue"
        case .checklistDone: "Save the ticked cues"
        case .previousPause: "Jump to the previous pause in the audio"
        case .previousSegment: "Jump to the previous transcript segment"
        case .nextPrediction: "Select the model's next prediction (:filter high|SIGNAL|all narrows)"
        case .previousPrediction: "Select the model's previous prediction"
        case .acceptPrediction: "Accept the selected prediction: it becomes your span"
        case .rejectPrediction: "Reject the selected prediction"
        case .adjustPrediction: "Adjust: keep your in/out marks (or its bounds), then press a signal key"
        case .nextDimension: "Focus the next dimension of the clip"
        case .previousDimension: "Focus the previous dimension of the clip"
        case .nextClip: "Show the next clip"
        case .previousClip: "Show the previous clip"
        case .nextUnratedClip: "Show the next clip that is not done"
        case .rateConfidence: "Give the focused score a confidence (then a digit)"
        case .toggleConfidencePrompt: "Ask for a confidence after every score (on/off)"
        case .markBroken: "Mark the clip broken (it cannot be judged), with a reason"
        case .skipClip: "Skip the clip, with a reason"
        case .clearScore: "Remove the focused score (or the clip's broken/skipped mark)"
        case .replayClip: "Play the clip again from its start"
        default: "Give this score (in the rating prompt, or the focused dimension of a clip)"
        }
    }

    public var group: Group {
        switch self {
        case .quit, .toggleHelp, .cancel: .general
        case .stepForward, .stepBackward, .jumpForward, .jumpBackward, .stepFrameForward, .stepFrameBackward, .goStart, .goEnd: .navigation
        case .zoomIn, .zoomOut, .zoomFit: .zoom
        case .nextSpan, .previousSpan, .selectNextAtPlayhead, .clearSelection: .selection
        case .playPause, .faster, .slower, .togglePreview: .playback
        case .markIn, .markOut, .markSegment, .deleteSpan, .undo, .redo, .setOnset, .setOffset, .nudgeOnsetEarlier,
             .nudgeOnsetLater, .nudgeOffsetEarlier, .nudgeOffsetLater, .nudgeOnsetEarlierStep, .nudgeOnsetLaterStep,
             .nudgeOffsetEarlierStep, .nudgeOffsetLaterStep, .changeSignal, .rateSpan, .splitSpan, .mergeNext: .marking
        case .showDefinition, .commandLine: .general
        case .search, .searchNext, .searchPrevious: .transcript
        case .nextSameSignal, .previousSameSignal: .selection
        case .moveEarlier, .moveLater, .moveEarlierStep, .moveLaterStep: .marking
        case .editRationale, .editCues: .marking
        case .checklistDown, .checklistUp, .checklistToggle, .checklistDone: .checklist
        case .nextPause, .previousPause: .navigation
        case .nextSegment, .previousSegment: .transcript
        case .score1, .score2, .score3, .score4, .score5, .score6, .score7, .score8, .score9: .rating
        case .nextPrediction, .previousPrediction, .acceptPrediction, .rejectPrediction, .adjustPrediction: .review
        case .nextDimension, .previousDimension, .nextClip, .previousClip, .nextUnratedClip, .rateConfidence, .toggleConfidencePrompt,
             .markBroken, .skipClip, .clearScore, .replayClip: .queue
        }
    }
}
