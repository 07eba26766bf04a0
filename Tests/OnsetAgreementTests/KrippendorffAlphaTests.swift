import Foundation
import Testing
@testable import OnsetAgreement

@Suite struct KrippendorffAlphaTests {
    /// The published example (AGREEMENT.md; Krippendorff 2011): 4 observers × 12 units.
    static let published = """
        coder,u1,u2,u3,u4,u5,u6,u7,u8,u9,u10,u11,u12
        A,1,2,3,3,2,1,4,1,2,,,
        B,1,2,3,3,2,2,4,1,2,5,,3
        C,,3,3,3,2,3,4,2,2,5,1,
        D,1,2,3,3,2,4,4,1,2,5,1,
        """

    func alpha(_ csv: String, _ level: KrippendorffAlpha.Level) throws -> KrippendorffAlpha.Result {
        KrippendorffAlpha.compute(try ReliabilityData.parse(csv: csv).values, level: level)
    }

    @Test func reproducesThePublishedExampleAtAllFourLevels() throws {
        let expected: [(KrippendorffAlpha.Level, Double)] = [(.nominal, 0.743), (.ordinal, 0.815), (.interval, 0.849), (.ratio, 0.797)]
        for (level, value) in expected {
            let r = try alpha(Self.published, level)
            #expect(r.n == 40, "\(level)")
            #expect(abs(r.alpha! - value) < 0.0005, "\(level): \(r.alpha!)")
        }
        // The ordinal marginals come from pairable values: the old 0.789 bug must not come back.
        #expect(abs(try alpha(Self.published, .ordinal).alpha! - 0.789) > 0.02)
    }

    @Test func undefinedCasesSayWhy() throws {
        let same = try alpha("coder,a,b\nX,1,1\nY,1,1\n", .nominal)
        #expect(same.alpha == nil && same.undefinedReason?.contains("every pairable value is the same") == true)
        let lonely = try alpha("coder,a,b\nX,1,2\nY,,\n", .interval)
        #expect(lonely.alpha == nil && lonely.n == 0 && lonely.undefinedReason?.contains("nothing is pairable") == true)
        let labels = try alpha("coder,a,b\nX,yes,no\nY,yes,yes\n", .interval)
        #expect(labels.alpha == nil && labels.undefinedReason?.contains("needs numeric values") == true)
    }

    @Test func perfectAgreementIsOneAndDisagreementCanBeNegative() throws {
        #expect(try alpha("coder,a,b,c\nX,1,2,3\nY,1,2,3\n", .interval).alpha == 1)
        let worse = try alpha("coder,a,b\nX,1,2\nY,2,1\n", .nominal)
        #expect(worse.alpha! < 0)
    }

    @Test func hasNoPreferenceForTheOrderOfCodersOrUnits() throws {
        let data = try ReliabilityData.parse(csv: Self.published)
        let shuffledCoders = Array(data.values.reversed())
        let shuffledUnits = data.values.map { Array($0.reversed()) }
        for level in KrippendorffAlpha.Level.allCases {
            let base = KrippendorffAlpha.compute(data.values, level: level).alpha!
            #expect(abs(KrippendorffAlpha.compute(shuffledCoders, level: level).alpha! - base) < 1e-12)
            #expect(abs(KrippendorffAlpha.compute(shuffledUnits, level: level).alpha! - base) < 1e-12)
        }
    }

    @Test func twoCodersNominalIsScottsPiCorrectedForSampleSize() throws {
        // Two coders, no missing data: α = 1 − (1 − π)·(2N − 1)/(2N), Scott's π with the
        // expected disagreement taken without replacement. Computed by hand on 2 × 10 values.
        let r = try alpha("coder,1,2,3,4,5,6,7,8,9,10\nX,a,a,b,b,c,a,b,c,a,a\nY,a,b,b,b,c,a,b,c,c,a\n", .nominal)
        // 20 values: a 8, b 7, c 5; 2 disagreeing units → D_o = 4/20 = 0.2;
        // D_e = (20·20 − (64 + 49 + 25)) / (20·19) = 262/380; α = 1 − 0.2/(262/380).
        #expect(abs(r.alpha! - (1 - 0.2 / (262.0 / 380.0))) < 1e-12)
        #expect(abs(r.expectedDisagreement - 262.0 / 380.0) < 1e-12)
        // Scott's π on the same data: p_e = (8² + 7² + 5²)/20² = 0.345, p_o = 0.8.
        let pi = (0.8 - 0.345) / (1 - 0.345)
        #expect(abs(r.alpha! - (1 - (1 - pi) * 19.0 / 20.0)) < 1e-12)
    }

    @Test func csvErrorsNameTheLine() {
        #expect(throws: ReliabilityData.ParseError(line: 3, message: "coder `A` appears twice")) {
            try ReliabilityData.parse(csv: "coder,u1\nA,1\nA,2\n")
        }
        #expect(throws: ReliabilityData.ParseError.self) { try ReliabilityData.parse(csv: "coder,u1\nA,1,2,3\n") }
        #expect(throws: ReliabilityData.ParseError.self) { try ReliabilityData.parse(csv: "coder\nA\n") }
        #expect(throws: ReliabilityData.ParseError.self) { try ReliabilityData.parse(csv: "coder,u1\n\"A,1\n") }
    }
}

/// Cross-check with the PyPI `krippendorff` package on seeded random matrices (a test-time
/// reference only; `make test` installs it).
/// Runs python3 (for the reference package); `available` says whether it can be used.
enum PythonReference {
    static let available: Bool = run(["-c", "import krippendorff"]).status == 0

    static func run(_ args: [String], input: String? = nil) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + args
        let out = NSTemporaryDirectory() + "kref-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: out, contents: nil)
        p.standardOutput = FileHandle(forWritingAtPath: out)
        p.standardError = FileHandle.nullDevice
        do { try p.run() } catch { return (-1, "") }
        p.waitUntilExit()
        let text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
        try? FileManager.default.removeItem(atPath: out)
        return (p.terminationStatus, text)
    }
}

@Suite(.enabled(if: PythonReference.available, "python3 with the `krippendorff` package is not available (make test installs it)"))
struct KrippendorffReference {
    @Test func agreesWithThePyPIPackageOnTwentyRandomMatrices() throws {
        var g: UInt64 = 2026
        func next(_ n: Int) -> Int { g = g &* 6364136223846793005 &+ 1442695040888963407; return Int((g >> 33) % UInt64(n)) }
        let folder = NSTemporaryDirectory() + "kref-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var ours: [String] = []
        var files: [String] = []
        for m in 0..<20 {
            let coders = 2 + next(5), units = 5 + next(40), scale = 2 + next(6)
            var rows: [[Double?]] = []
            for _ in 0..<coders { rows.append((0..<units).map { _ in next(5) == 0 ? nil : Double(1 + next(scale)) }) }
            let path = folder + "/m\(m).json"
            let json = "[" + rows.map { "[" + $0.map { $0.map { String($0) } ?? "NaN" }.joined(separator: ",") + "]" }.joined(separator: ",") + "]"
            try json.write(toFile: path, atomically: true, encoding: .utf8)
            files.append(path)
            for level in KrippendorffAlpha.Level.allCases {
                let r = KrippendorffAlpha.compute(rows.map { $0.map { $0.map(KrippendorffAlpha.Value.init) } }, level: level)
                ours.append(r.alpha.map { String(format: "%.9f", $0) } ?? "nan")
            }
        }
        let script = """
            import json, sys, math, krippendorff
            out = []
            for path in sys.argv[1:]:
                data = [[float('nan') if isinstance(v, str) or v != v else v for v in row] for row in json.load(open(path), parse_constant=lambda c: float('nan'))]
                for level in ['nominal', 'ordinal', 'interval', 'ratio']:
                    try:
                        a = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
                        out.append('nan' if a != a else '%.9f' % a)
                    except Exception:
                        out.append('nan')
            print(' '.join(out))
            """
        let reference = PythonReference.run(["-c", script] + files)
        #expect(reference.status == 0)
        let theirs = reference.output.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        #expect(theirs.count == ours.count)
        for (a, b) in zip(ours, theirs) {
            if a == "nan" || b == "nan" {
                #expect(a == b, "ours \(a), reference \(b)")
            } else {
                #expect(abs(Double(a)! - Double(b)!) < 1e-6, "ours \(a), reference \(b)")
            }
        }
    }
}
