import Foundation
import OnsetCore
import TerminalUI
@testable import Workstation

enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    static let scheme: Scheme = {
        let path = root + "/Sessions/schemes/social-signals.toml"
        return try! Scheme.parse(toml: try! String(contentsOfFile: path, encoding: .utf8), file: path)
    }()

    static func keymap(_ extra: String? = nil) throws -> Keymap {
        var k = Keymap()
        let path = root + "/Keymaps/default.toml"
        try k.merge(toml: try String(contentsOfFile: path, encoding: .utf8), file: path)
        if let extra { try k.merge(toml: extra, file: "user.toml") }
        return k
    }

    static func span(_ signal: String, _ on: Double, _ off: Double, conf: Int? = 4, int: Int? = 3) -> Span {
        Span(sessionID: "demo", signal: signal, onset: Timecode(microseconds: Int64(on * 1_000_000)),
             offset: Timecode(microseconds: Int64(off * 1_000_000)), confidence: conf, intensity: int,
             annotator: "ann", schemeID: "social-signals", schemeVersion: 1,
             createdAt: Date(timeIntervalSince1970: 0))
    }

    static let spans = [span("hesitation", 1.2, 2.5), span("interest", 0.5, 3.0), span("stress", 1.0, 1.5),
                        span("hesitation", 3.1, 3.9)]

    static func state(width: Int = 80, height: Int = 24, spans: [Span] = spans) -> AppState {
        AppState(session: .init(id: "demo", title: "Demo: carphone", mediaName: "carphone_pristine.mp4", annotator: "ann"),
                 scheme: scheme, spans: spans, duration: Timecode(microseconds: 4_004_000),
                 frameRate: FrameRate(numerator: 30000, denominator: 1001), size: (width, height))
    }
}
