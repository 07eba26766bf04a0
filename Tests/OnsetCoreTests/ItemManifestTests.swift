import Testing
@testable import OnsetCore

struct ItemManifestTests {
    @Test func csvAndJSONLinesReadTheSameFields() {
        let csv = ItemManifest.parse("""
            id,media,duration,prompt,category
            int-01,/srv/a.mp4,12.5,"a prompt, with a comma",street
            ,/srv/b c.mp4,,,cinematic
            """, file: "items.csv")
        #expect(csv.problems.isEmpty)
        #expect(csv.items.map(\.id) == ["int-01", "b_c"])
        #expect(csv.items[0].durationUs == 12_500_000 && csv.items[0].prompt == "a prompt, with a comma")
        #expect(csv.items[0].metadata == #"{"category":"street"}"#)
        let jsonl = ItemManifest.parse("""
            {"id":"int-01","path":"/srv/a.mp4","duration_us":12500000,"metadata":{"source":"lab"},"speaker":"s1"}

            {"uri":"s3://bucket/b.mp4","session":"gold-b","fingerprint":"v1:1:2:ab"}
            """, file: "items.jsonl")
        #expect(jsonl.problems.isEmpty)
        #expect(jsonl.items.map(\.media) == ["/srv/a.mp4", "s3://bucket/b.mp4"])
        #expect(jsonl.items[0].metadata == #"{"source":"lab","speaker":"s1"}"#)
        #expect(jsonl.items[1].session == "gold-b" && jsonl.items[1].id == "b")
    }

    @Test func everyProblemIsReportedWithItsLine() {
        let m = ItemManifest.parse("""
            id,media,duration
            a,/srv/a.mp4,3
            a,/srv/other.mp4,3
            b,/srv/a.mp4,3
            c,,3
            d,/srv/d.mp4,-1
            e/../x,/srv/e.mp4,1
            f,/srv/f.mp4
            """, file: "m.csv")
        #expect(m.items.map(\.id) == ["a"])
        #expect(m.problems.map(\.line) == [5, 6, 7, 8, 3, 4])
        #expect(m.problems.map(\.description).contains("m.csv:3: item `a` is listed again (first on line 2)"))
        #expect(m.problems.map(\.description).contains("m.csv:4: /srv/a.mp4 is listed again (first on line 2)"))
        #expect(ItemManifest.parse("id,name\nx,y\n", file: "n.csv").problems.first?.message.contains("needs a `media`") == true)
        #expect(ItemManifest.parse("{\"media\": [\"a\"]}\nnot json\n", file: "n.jsonl").problems.map(\.message) == ["`media` must be text", "not a JSON object"])
        #expect(ItemManifest.parse("", file: "e.csv").problems.first?.message == "lists no items")
        #expect(ItemManifest.parse("media\n\"unclosed\n", file: "q.csv").problems.first?.message.contains("never closed") == true)
    }
}
