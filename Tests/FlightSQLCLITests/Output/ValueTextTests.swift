import Arrow
import Foundation
import Testing

@testable import FlightSQLCLI

@Suite struct ValueTextTests {
    @Test("scalars follow the canonical JSON lines format")
    func scalars() {
        #expect(ValueText.json(.null) == "null")
        #expect(ValueText.json(.bool(true)) == "true")
        #expect(ValueText.json(.int(Int64.min)) == "-9223372036854775808")
        #expect(ValueText.json(.uint(UInt64.max)) == "18446744073709551615")
        #expect(ValueText.json(.float64(1.0)) == "1.0")
        #expect(ValueText.json(.float64(0.1)) == "0.1")
        #expect(ValueText.json(.float64(.nan)) == "\"NaN\"")
        #expect(ValueText.json(.float64(.infinity)) == "\"Infinity\"")
        #expect(ValueText.json(.float64(-.infinity)) == "\"-Infinity\"")
        #expect(ValueText.json(.float32(0.1)) == "0.1")
        #expect(ValueText.json(.float16(0.5)) == "0.5")
    }

    @Test("decimals keep exactly scale fraction digits")
    func decimals() {
        #expect(ValueText.json(.decimal(ArrowDecimal(unscaled: -5, precision: 5, scale: 2))) == "\"-0.05\"")
        #expect(ValueText.json(.decimal(ArrowDecimal(unscaled: 12345, precision: 5, scale: 3))) == "\"12.345\"")
        #expect(ValueText.json(.decimal(ArrowDecimal(unscaled: 12, precision: 5, scale: -2))) == "\"1200\"")
        #expect(ValueText.json(.decimal(ArrowDecimal(unscaled: 0, precision: 5, scale: 2))) == "\"0.00\"")
    }

    @Test("strings escape quotes and control characters but keep UTF-8")
    func strings() {
        #expect(ValueText.json(.string("a\"b\\c\n\u{01}é")) == "\"a\\\"b\\\\c\\n\\u0001é\"")
    }

    @Test("binary is standard base64")
    func binary() {
        #expect(ValueText.json(.binary(Data([0xFF, 0x00, 0x41]))) == "\"/wBB\"")
    }

    @Test("dates, times and timestamps")
    func temporal() {
        #expect(ValueText.json(.date32(0)) == "\"1970-01-01\"")
        #expect(ValueText.json(.date32(-1)) == "\"1969-12-31\"")
        #expect(ValueText.json(.date32(19_000)) == "\"2022-01-08\"")
        #expect(ValueText.json(.date64(-1)) == "\"1969-12-31\"")
        #expect(ValueText.json(.time(3_723, .second)) == "\"01:02:03\"")
        #expect(ValueText.json(.time(3_723_004, .millisecond)) == "\"01:02:03.004\"")
        #expect(ValueText.json(.time(5, .nanosecond)) == "\"00:00:00.000000005\"")
        #expect(ValueText.json(.timestamp(1_500, .millisecond, timeZone: nil)) == "\"1970-01-01T00:00:01.500\"")
        #expect(ValueText.json(.timestamp(-1, .microsecond, timeZone: "UTC")) == "\"1969-12-31T23:59:59.999999Z\"")
        #expect(ValueText.json(.timestamp(951_782_400, .second, timeZone: "+01:00")) == "\"2000-02-29T00:00:00Z\"")
    }

    @Test("durations are ISO 8601 seconds with the unit's digits")
    func durations() {
        #expect(ValueText.json(.duration(-1_500, .millisecond)) == "\"-PT1.500S\"")
        #expect(ValueText.json(.duration(5, .second)) == "\"PT5S\"")
        #expect(ValueText.json(.duration(Int64.min, .nanosecond)) == "\"-PT9223372036.854775808S\"")
    }

    @Test("intervals are objects")
    func intervals() {
        #expect(ValueText.json(.intervalYearMonth(months: -3)) == "{\"months\":-3}")
        #expect(ValueText.json(.intervalDayTime(days: 1, milliseconds: 2)) == "{\"days\":1,\"milliseconds\":2}")
        #expect(ValueText.json(.intervalMonthDayNano(months: 1, days: 2, nanoseconds: 3)) == "{\"months\":1,\"days\":2,\"nanoseconds\":3}")
    }

    @Test("lists, structs and maps nest")
    func nested() {
        let value = ArrowValue.struct([
            .init(name: "l", value: .list([.int(1), .null])),
            .init(name: "m", value: .map([.init(key: .string("k"), value: .float64(2.5))])),
        ])
        #expect(ValueText.json(value) == "{\"l\":[1,null],\"m\":[[\"k\",2.5]]}")
    }

    @Test("plain text for CSV and tables")
    func plain() {
        #expect(ValueText.plain(.null) == "")
        #expect(ValueText.plain(.string("x")) == "x")
        #expect(ValueText.plain(.float64(.nan)) == "NaN")
        #expect(ValueText.plain(.list([.string("a")])) == "[\"a\"]")
    }
}

@Suite struct CivilTimeTests {
    @Test("days to civil dates across eras", arguments: [
        (Int64(0), "1970-01-01"), (-719_468, "0000-03-01"), (2_932_896, "9999-12-31"),
        (11_016, "2000-02-29"), (-25_567, "1900-01-01"),
    ])
    func dates(days: Int64, expected: String) {
        #expect(CivilTime.dateString(daysSinceEpoch: days) == expected)
    }

    @Test("floor division rounds toward negative infinity")
    func floorDivide() {
        #expect(CivilTime.floorDivide(-1, 1000) == (-1, 999))
        #expect(CivilTime.floorDivide(1000, 1000) == (1, 0))
    }
}
