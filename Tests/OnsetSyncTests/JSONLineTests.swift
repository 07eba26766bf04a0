import Foundation
import Testing
@testable import OnsetSync

@Suite struct JSONLineTests {
    func parse(_ text: String, _ body: (JSONLine) -> Void = { _ in }) throws {
        try Array(text.utf8).withUnsafeBytes { raw in body(try JSONLine(raw)) }
    }

    @Test func readsEveryKindOfValue() throws {
        try parse(#"{"s":"a \"q\" \u00e9 日本","i":-42,"d":1.5e3,"t":true,"f":false,"n":null,"c":["x","y"],"m":[1,"x"],"o":{"k":[1,{}]}}"#) { l in
            #expect(l["s"] == .string("a \"q\" é 日本"))
            #expect(l["i"] == .int(-42) && l["d"] == .double(1500) && l["t"] == .bool(true) && l["f"] == .bool(false) && l["n"] == .null)
            #expect(l["c"] == .strings(["x", "y"]) && l["m"] == .raw(#"[1,"x"]"#) && l["o"] == .raw(#"{"k":[1,{}]}"#))
            #expect(l.kind("c") == .strings && l.kind("m") == .array && l.kind("o") == .object && l["missing"] == nil)
        }
        try parse("{}") { #expect($0["x"] == nil) }
        try parse(#"{"big":123456789012345678901}"#) { #expect($0.kind("big") == .double) }
    }

    @Test(arguments: [
        #"{"a":1,}"#, #"{"a":01}"#, #"{"a":"\x"}"#, "{\"a\":\"tab\there\"}", #"{"a":1,"a":2}"#, #"{"a":1} x"#, #"["a"]"#,
        #"{"a":tru}"#, #"{"a":"unterminated}"#, #"{"a":1.}"#, #"{"a":-}"#, #"{"a" 1}"#, #"{"a":[1,2}"#, #"{"a":"\u12"}"#,
    ])
    func refusesMalformedLines(_ text: String) {
        #expect(throws: JSONLine.ParseError.self) { try parse(text) }
    }

    @Test func refusesBytesThatAreNotUTF8() {
        #expect(throws: JSONLine.ParseError.self) { try [UInt8(ascii: "{"), 0xFF, UInt8(ascii: "}")].withUnsafeBytes { _ = try JSONLine($0) } }
    }
}
