import Testing
@testable import OnsetCore

@Suite struct TOMLParserTests {
    @Test func readsTheSubsetOnsetUses() throws {
        let doc = try TOMLParser.parse("""
            # comment
            title = "a \\"quoted\\" \\u00e9 value" # trailing
            count = 1_000
            ratio = -0.25
            on = true
            list = [1, 2,
              3,]  # multi-line, trailing comma
            inline = { a = 1, b = "x" }
            dotted.key = 'literal \\n'
            long = \"\"\"
            first \\
              second\"\"\"

            [table.sub]
            x = 1
            [[items]]
            name = "one"
            [[items]]
            name = "two"
            [items.meta]
            k = "v"
            """, file: "t.toml")
        let r = TOMLReader(file: "t.toml", table: doc)
        #expect(try r.optionalString("title") == "a \"quoted\" é value")
        #expect(try r.optionalInt("count") == 1000)
        #expect(try r.optionalNumber("ratio") == -0.25)
        #expect(try r.optionalBool("on") == true)
        #expect(try r.optionalTable("dotted")?.optionalString("key") == "literal \\n")
        #expect(try r.optionalString("long") == "first second")
        #expect(try r.optionalTable("inline")?.optionalInt("a") == 1)
        let items = try r.tables("items")
        #expect(items.count == 2)
        #expect(try items[1].optionalTable("meta")?.optionalString("k") == "v")
        #expect(items[1].table.line == 18)
        #expect(doc["title"]?.line == 2)
    }

    @Test func syntaxErrorsNameFileAndLine() {
        let cases: [(String, Int, String)] = [
            ("a = 1\nb = \"unterminated\n", 2, "unterminated string"),
            ("a = 1\na = 2\n", 2, "defined twice"),
            ("[t]\nx = 1\n[t]\n", 3, "defined twice"),
            ("x = nope\n", 1, "not a valid value"),
            ("x = 1979-05-27\n", 1, "dates"),
            ("x = [1, 2\n", 2, "unterminated array"),
            ("x = 1 y = 2\n", 1, "end of the line"),
        ]
        for (text, line, fragment) in cases {
            do {
                _ = try TOMLParser.parse(text, file: "bad.toml")
                Issue.record("expected an error for \(text)")
            } catch {
                #expect(error.file == "bad.toml")
                #expect(error.line == line, "\(text): \(error)")
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }
}
