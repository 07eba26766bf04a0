import Foundation
import Testing
@testable import OnsetAgreement

/// uα against the PyPI `krippendorff-unitized-alpha` package on seeded random partitions (a
/// test-time reference only; `make test` installs it). The partitions, gaps included, are
/// handed over whole, so the package's own gap filling (inclusive ends) plays no part.
@Suite(.enabled(if: PythonReference.run(["-c", "import krippendorff_unitized_alpha"]).status == 0,
                "python3 with `krippendorff-unitized-alpha` is not available (make test installs it)"))
struct UnitizingReference {
    @Test func uAlphaAgreesOnTwentyRandomContinua() throws {
        var rng = SplitMix64(seed: 2026)
        var cases: [String] = [], ours: [Double?] = []
        for _ in 0..<20 {
            let length = Int64(200 + rng.below(2000)), annotators = 2 + rng.below(4)
            var all: [[UnitizingAlpha.Unit]] = []
            for _ in 0..<annotators {
                var units: [UnitizingAlpha.Unit] = [], at: Int64 = Int64(rng.below(50))
                while true {
                    let len = Int64(1 + rng.below(120))
                    guard at + len <= length else { break }
                    units.append(.init(start: at, end: at + len, value: ["a", "b", "c"][rng.below(3)]))
                    at += len + Int64(rng.below(3) == 0 ? 0 : rng.below(150))
                }
                all.append(units)
            }
            ours.append(try UnitizingAlpha.compute(all, length: length).uAlpha.alpha)
            // Each annotator as a full partition: [tag, start, end] with `_empty` for gaps.
            let coders = all.map { units -> String in
                var parts: [String] = [], at: Int64 = 0
                for u in units {
                    if u.start > at { parts.append("[\"_empty\",\(at),\(u.start)]") }
                    parts.append("[\"\(u.value)\",\(u.start),\(u.end)]")
                    at = u.end
                }
                if at < length { parts.append("[\"_empty\",\(at),\(length)]") }
                return "[" + parts.joined(separator: ",") + "]"
            }
            cases.append("[" + coders.joined(separator: ",") + "]")
        }
        let script = """
            import json, sys
            from krippendorff_unitized_alpha.krippendorffs_unitized_alpha import KrippendorffUnitizedAlpha, Segment
            out = []
            for case in json.loads(sys.stdin.read()):
                data = {str(i): [Segment(tag=t, start=s, end=e) for t, s, e in coder] for i, coder in enumerate(case)}
                out.append('%.12f' % KrippendorffUnitizedAlpha(data).result)
            print(' '.join(out))
            """
        let folder = NSTemporaryDirectory() + "uref-\(UUID().uuidString).json"
        try ("[" + cases.joined(separator: ",") + "]").write(toFile: folder, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let reference = PythonReference.run(["-c", "import sys; sys.stdin = open(sys.argv[1]); exec(sys.argv[2])", folder, script])
        #expect(reference.status == 0)
        let theirs = reference.output.split(separator: " ").map { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        #expect(theirs.count == 20)
        for (a, b) in zip(ours, theirs) {
            #expect(a != nil && b != nil && abs(a! - b!) < 1e-9, "ours \(String(describing: a)), reference \(String(describing: b))")
        }
    }
}
