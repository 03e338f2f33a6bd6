import Arrow
import DBAPI
import FlightSQL
import Foundation
import Testing

@Suite struct ValueConversionTests {
    @Test("every scalar ArrowValue converts without loss")
    func scalars() throws {
        let cases: [(ArrowValue, Value)] = [
            (.null, .null), (.bool(true), .bool(true)), (.int(.min), .int(.min)), (.uint(.max), .uint(.max)),
            (.float16(1.5), .float(1.5)), (.float32(-0.25), .float(-0.25)), (.float64(.leastNonzeroMagnitude), .double(.leastNonzeroMagnitude)),
            (.string("héllo ✓"), .string("héllo ✓")), (.binary(Data([0, 255])), .bytes(Data([0, 255]))),
            (.date32(-719_162), .date(days: -719_162)), (.date64(951_782_400_123), .dateMilliseconds(951_782_400_123)),
            (.time(45_296_789_012, .microsecond), .time(45_296_789_012, .microsecond)),
            (.timestamp(-1, .nanosecond, timeZone: "America/New_York"), .timestamp(-1, .nanosecond, timeZone: "America/New_York")),
            (.timestamp(7, .second, timeZone: nil), .timestamp(7, .second, timeZone: nil)),
            (.duration(-1_500, .millisecond), .duration(-1_500, .millisecond)),
            (.intervalYearMonth(months: 14), .intervalYearMonth(months: 14)),
            (.intervalDayTime(days: -1, milliseconds: 5), .intervalDayTime(days: -1, milliseconds: 5)),
            (.intervalMonthDayNano(months: 1, days: 2, nanoseconds: .max), .intervalMonthDayNano(months: 1, days: 2, nanoseconds: .max)),
        ]
        for (arrow, expected) in cases { #expect(Value(arrow) == expected, "\(arrow)") }
        #expect(Value(ArrowValue.float32(.nan)).kindName == "float")
    }

    @Test("decimals become exact decimals, even beyond 38 digits")
    func decimals() throws {
        let small = ArrowDecimal(unscaled: -5, precision: 10, scale: 2)
        #expect(Value(ArrowValue.decimal(small)) == .decimal(try #require(ExactDecimal("-0.05"))))
        // -1234567890123456789012345678.0123456789 as decimal128(38, 10).
        let digits = try #require(ExactDecimal("-12345678901234567890123456780123456789"))
        let words = try #require(digits.twosComplementWords(wordCount: 2))
        let big = ArrowDecimal(words: words, precision: 38, scale: 10)
        guard case .decimal(let exact) = Value(ArrowValue.decimal(big)) else {
            Issue.record("not a decimal")
            return
        }
        #expect(exact.description == "-1234567890123456789012345678.0123456789")
        // 76 digits in a decimal256.
        let huge = try #require(ExactDecimal(String(repeating: "9", count: 76)))
        let hugeWords = try #require(huge.twosComplementWords(wordCount: 4))
        #expect(Value(ArrowValue.decimal(ArrowDecimal(words: hugeWords, precision: 76, scale: 0))) == .decimal(huge))
        let negativeScale = ArrowDecimal(unscaled: 12, precision: 2, scale: -2)
        #expect(Value(ArrowValue.decimal(negativeScale)).description == "1200")
    }

    @Test("nested values convert recursively")
    func nested() {
        let arrow = ArrowValue.struct([
            .init(name: "a", value: .int(1)),
            .init(name: "c", value: .list([.int(1), .null])),
            .init(name: "m", value: .map([.init(key: .string("x"), value: .float64(1)), .init(key: .string("y"), value: .null)])),
        ])
        let expected = Value.struct([
            .init(name: "a", value: .int(1)),
            .init(name: "c", value: .list([.int(1), .null])),
            .init(name: "m", value: .map([.init(key: .string("x"), value: .double(1)), .init(key: .string("y"), value: .null)])),
        ])
        #expect(Value(arrow) == expected)
    }

    @Test("time units map both ways")
    func units() {
        for unit in Arrow.TimeUnit.allCases {
            #expect(Arrow.TimeUnit(Value.TimeUnit(unit)) == unit)
            #expect(Value.TimeUnit(unit).perSecond == unit.perSecond)
        }
    }
}
