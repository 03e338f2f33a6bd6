import Testing

@testable import FlightSQLCLI

/// The shell's own character reader hands libedit whole characters: multi-byte UTF-8 is
/// decoded to one scalar value, and a malformed sequence becomes U+FFFD.
@Suite struct PromptInterruptTests {
    private func decode(_ bytes: [UInt8]) -> (value: Int32, consumed: Int) {
        var rest = bytes.dropFirst().makeIterator()
        var consumed = 1
        let value = PromptInterrupt.decodeUTF8(bytes[0]) {
            let byte = rest.next()
            if byte != nil { consumed += 1 }
            return byte
        }
        return (value, consumed)
    }

    @Test("ASCII, two-, three- and four-byte characters decode to their scalar value")
    func wellFormed() {
        for text in ["a", "\u{03}", "é", "€", "😀"] {
            let scalar = text.unicodeScalars.first!
            let result = decode(Array(text.utf8))
            #expect(result.value == Int32(scalar.value), "\(text)")
            #expect(result.consumed == text.utf8.count, "\(text)")
        }
    }

    @Test("malformed sequences become U+FFFD")
    func malformed() {
        let cases: [[UInt8]] = [
            [0x80],  // a continuation byte first
            [0xC3, 0x28],  // a missing continuation
            [0xC0, 0x80],  // overlong NUL
            [0xE0, 0x80, 0x80],  // overlong
            [0xED, 0xA0, 0x80],  // a surrogate
            [0xF4, 0x90, 0x80, 0x80],  // past U+10FFFF
            [0xE2, 0x82],  // the input ends mid-character
        ]
        for bytes in cases {
            #expect(decode(bytes).value == 0xFFFD, "\(bytes)")
        }
    }
}
