import DBAPI
import Foundation
import Testing

@Suite struct ExactDecimalTests {
    @Test("parses and formats exactly, keeping the scale", arguments: [
        ("0", "0", 0), ("-0", "0", 0), ("12.340", "12.340", 3), ("-0.05", "-0.05", 2), (".5", "0.5", 1),
        ("+7", "7", 0), ("1.2E-3", "0.0012", 4), ("7e+2", "700", -2), ("1.50e1", "15.0", 1),
        ("000123.4500", "123.4500", 4),
    ])
    func parseAndFormat(text: String, expected: String, scale: Int) throws {
        let value = try #require(ExactDecimal(text))
        #expect(value.description == expected)
        #expect(value.scale == scale)
    }

    @Test("rejects malformed text", arguments: ["", "-", ".", "1.2.3", "abc", "1e", "e5", "1,5", "--1", " 1"])
    func rejectsMalformed(text: String) {
        #expect(ExactDecimal(text) == nil)
    }

    @Test("76-digit values round-trip through text and 256-bit words")
    func seventySixDigits() throws {
        let digits = String(repeating: "9", count: 76)
        let text = "-" + digits.prefix(38) + "." + digits.suffix(38)
        let value = try #require(ExactDecimal(text))
        #expect(value.description == text)
        #expect(value.precision == 76)
        let words = try #require(value.twosComplementWords(wordCount: 4))
        let back = ExactDecimal(twosComplementWords: words, scale: 38)
        #expect(back.description == text)
        #expect(back == value)
        // 10^76 - 1 fits 256 bits, 10^77 does not.
        #expect(ExactDecimal("1" + String(repeating: "0", count: 77))?.twosComplementWords(wordCount: 4) == nil)
    }

    @Test("two's-complement words decode like Arrow decimals")
    func words() {
        #expect(ExactDecimal(twosComplementWords: [UInt64(bitPattern: -12345)], scale: 2).description == "-123.45")
        #expect(ExactDecimal(twosComplementWords: [12345, 0], scale: 0).description == "12345")
        #expect(ExactDecimal(twosComplementWords: [0, 0, 0, 0], scale: 3).description == "0.000")
        // 2^64 in two words.
        #expect(ExactDecimal(twosComplementWords: [0, 1], scale: 0).description == "18446744073709551616")
        // The most negative 128-bit value.
        let minimum = ExactDecimal(twosComplementWords: [0, 1 << 63], scale: 0)
        #expect(minimum.description == "-170141183460469231731687303715884105728")
        #expect(minimum.twosComplementWords(wordCount: 2) == [0, 1 << 63])
        #expect(ExactDecimal("170141183460469231731687303715884105728")?.twosComplementWords(wordCount: 2) == nil)
        #expect(ExactDecimal("-1")?.twosComplementWords(wordCount: 2) == [.max, .max])
    }

    @Test("negative scales multiply by powers of ten")
    func negativeScale() throws {
        let value = try #require(ExactDecimal(isNegative: false, unscaledDigits: "12", scale: -3))
        #expect(value.description == "12000")
        #expect(value == ExactDecimal("12000"))
        #expect(value.int64Value == 12_000)
        #expect(ExactDecimal(twosComplementWords: [5], scale: -2).description == "500")
        #expect(ExactDecimal(twosComplementWords: [0], scale: -2).description == "0")
    }

    @Test("equality and hashing are numeric; order is numeric")
    func equalityAndOrder() throws {
        let a = try #require(ExactDecimal("1.50"))
        let b = try #require(ExactDecimal("1.5"))
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        #expect(ExactDecimal("-0.00") == ExactDecimal("0"))
        let sorted = ["10", "-2.5", "0.001", "-10", "2.49", "0"].compactMap(ExactDecimal.init).sorted()
        #expect(sorted.map(\.description) == ["-10", "-2.5", "0", "0.001", "2.49", "10"])
        #expect(ExactDecimal("-1")! < ExactDecimal("-0.5")!)
        #expect(!(ExactDecimal("2")! < ExactDecimal("2.0")!))
    }

    @Test("converts to Foundation Decimal when it fits 38 digits")
    func toDecimal() throws {
        let fits = try #require(ExactDecimal("-12345678901234567890123456789012345.678"))
        #expect(fits.decimalValue == Decimal(string: "-12345678901234567890123456789012345.678"))
        #expect(ExactDecimal("0.000")?.decimalValue == 0)
        #expect(ExactDecimal("1" + String(repeating: "0", count: 50))?.decimalValue == Decimal(string: "1e50"))
        #expect(ExactDecimal(String(repeating: "1", count: 39))?.decimalValue == nil)
    }

    @Test("converts from Foundation Decimal exactly")
    func fromDecimal() throws {
        let decimal = try #require(Decimal(string: "-987.654321"))
        #expect(ExactDecimal(exactly: decimal)?.description == "-987.654321")
        #expect(ExactDecimal(exactly: Decimal(string: "5e3")!) == ExactDecimal("5000"))
        #expect(ExactDecimal(exactly: .nan) == nil)
    }

    @Test("converts to Double and integers")
    func numericConversions() {
        #expect(ExactDecimal("0.1")?.doubleValue == 0.1)
        #expect(ExactDecimal("-2.5e3")?.doubleValue == -2500)
        #expect(ExactDecimal("9223372036854775807")?.int64Value == .max)
        #expect(ExactDecimal("-9223372036854775808")?.int64Value == .min)
        #expect(ExactDecimal("9223372036854775808")?.int64Value == nil)
        #expect(ExactDecimal("9223372036854775808")?.uint64Value == 9_223_372_036_854_775_808)
        #expect(ExactDecimal("1.5")?.int64Value == nil)
        #expect(ExactDecimal("3.000")?.int64Value == 3)
        #expect(ExactDecimal("-1")?.uint64Value == nil)
        #expect(ExactDecimal(Int64.min).description == "-9223372036854775808")
        #expect(ExactDecimal(UInt64.max).description == "18446744073709551615")
    }

    @Test("rescaling is exact or refused")
    func rescale() {
        #expect(ExactDecimal("1.5")?.rescaled(to: 3)?.description == "1.500")
        #expect(ExactDecimal("1.500")?.rescaled(to: 1)?.description == "1.5")
        #expect(ExactDecimal("1.55")?.rescaled(to: 1) == nil)
        #expect(ExactDecimal("1200")?.rescaled(to: -2)?.description == "1200")
    }
}
