import Foundation
import Testing
@testable import OnsetStore

/// The op log's set of touched ids: exact membership whatever the ids look like.
@Suite struct IDSetTests {
    func with<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(text.utf8).withUnsafeBufferPointer(body)
    }

    @Test func holdsEachIdOnceAndAnswersExactly() {
        var set = IDSet(capacity: 2)
        let ids = (0..<5_000).map { _ in UUID().uuidString.lowercased() } + ["", "a", "é漢字", String(repeating: "x", count: 300), "with\0nul"]
        for id in ids { with(id) { set.insert($0) } }
        for id in ids { with(id) { set.insert($0) } } // again: no change
        #expect(set.count == ids.count)
        #expect(ids.allSatisfy { id in with(id) { set.contains($0) } })
        // Near misses: a byte changed, one added, one dropped, a prefix of a longer id.
        let misses = ids.prefix(200).flatMap { id in [id + "0", String(id.dropLast()), id.uppercased() == id ? id + "z" : id.uppercased()] }
            + ["b", "é漢", String(repeating: "x", count: 299), "with\0nu", "with"]
        #expect(misses.filter { id in with(id) { set.contains($0) } }.isEmpty)
    }

    @Test func idsWhoseHashesCollideAreStillTold() {
        // Ids sharing all but their last bytes land near each other; the table stays exact while
        // growing from its smallest size.
        var set = IDSet(capacity: 1)
        let ids = (0..<2_000).map { String(format: "span-%036d", $0) }
        for id in ids.prefix(1_000) { with(id) { set.insert($0) } }
        #expect(set.count == 1_000)
        #expect(ids.prefix(1_000).allSatisfy { id in with(id) { set.contains($0) } })
        #expect(ids.suffix(1_000).allSatisfy { id in with(id) { !set.contains($0) } })
    }
}
