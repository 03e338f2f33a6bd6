import DBAPI
import Foundation
import Testing

@Suite struct ValueTests {
    @Test("literals build values")
    func literals() {
        let values: [Value] = [nil, true, 42, 2.5, "x", [1, 2]]
        #expect(values == [.null, .bool(true), .int(42), .double(2.5), .string("x"), .list([.int(1), .int(2)])])
    }

    @Test("descriptions are readable and exact", arguments: [
        (Value.null, "NULL"), (.bool(false), "FALSE"), (.int(-3), "-3"), (.uint(.max), "18446744073709551615"),
        (.double(0.1), "0.1"), (.float(1.5), "1.5"), (.decimal(ExactDecimal("-0.050")!), "-0.050"),
        (.string("it's"), "'it''s'"), (.bytes(Data([0x0a, 0xff])), "X'0aff'"),
        (.date(days: 19_782), "DATE '2024-02-29'"), (.date(days: -1), "DATE '1969-12-31'"),
        (.dateMilliseconds(86_400_000), "DATE '1970-01-02'"),
        (.time(49_507_250, .millisecond), "TIME '13:45:07.250'"),
        (.timestamp(1_709_214_307_250_000, .microsecond, timeZone: "UTC"), "TIMESTAMP '2024-02-29 13:45:07.250000' UTC"),
        (.timestamp(-1, .second, timeZone: nil), "TIMESTAMP '1969-12-31 23:59:59'"),
        (.duration(90, .second), "DURATION 90 second"), (.intervalYearMonth(months: 14), "INTERVAL 14 months"),
        (.intervalDayTime(days: 1, milliseconds: 5), "INTERVAL 1 days 5 milliseconds"),
        (.intervalMonthDayNano(months: 1, days: 2, nanoseconds: 3), "INTERVAL 1 months 2 days 3 nanoseconds"),
        (.list([1, nil]), "[1, NULL]"),
        (.struct([.init(name: "a", value: 1), .init(name: "b", value: "x")]), "{a: 1, b: 'x'}"),
        (.map([.init(key: "k", value: 1)]), "MAP{'k': 1}"),
    ])
    func descriptions(value: Value, expected: String) {
        #expect(value.description == expected)
    }

    @Test("dates and timestamps convert to Date; zoneless timestamps read as UTC")
    func dateValue() {
        #expect(Value.date(days: 1).dateValue == Date(timeIntervalSince1970: 86_400))
        #expect(Value.dateMilliseconds(1_500).dateValue == Date(timeIntervalSince1970: 1.5))
        #expect(Value.timestamp(1_700_000_000_123_456, .microsecond, timeZone: nil).dateValue
            == Date(timeIntervalSince1970: 1_700_000_000.123456))
        #expect(Value.timestamp(-1_500, .millisecond, timeZone: "Europe/Oslo").dateValue
            == Date(timeIntervalSince1970: -1.5))
        let nanos = Value.timestamp(1_700_000_000_123_456_789, .nanosecond, timeZone: "UTC").dateValue!
        #expect(abs(nanos.timeIntervalSince1970 - 1_700_000_000.123456789) < 1e-6)
        #expect(Value.int(1).dateValue == nil)
    }

    @Test("equality is structural and hashing agrees")
    func hashable() {
        let a: Value = .struct([.init(name: "x", value: [1, 2])])
        let b: Value = .struct([.init(name: "x", value: [1, 2])])
        #expect(a == b)
        #expect(Set([a, b]).count == 1)
        #expect(Value.int(1) != Value.uint(1))
        #expect(Value.decimal(ExactDecimal("1.0")!) == .decimal(ExactDecimal("1")!))
    }

    @Test("a union value describes, decodes and dates as its member; it stays apart from its member")
    func unions() throws {
        let value = Value.union(typeCode: 7, .int(2))
        #expect(value.description == "2")
        #expect(Value.union(typeCode: 1, .string("a'b")).description == "'a''b'")
        #expect(value.kindName == "union")
        #expect(value.unionMember == .int(2))
        #expect(Value.union(typeCode: 1, .union(typeCode: 2, .bool(true))).unionMember == .bool(true))
        #expect(Value.int(2).unionMember == .int(2))
        #expect(value != .int(2))
        #expect(value != .union(typeCode: 3, .int(2)))
        #expect(!value.isNull)
        #expect(Value.union(typeCode: 0, .null).isNull)
        #expect(try Int64(databaseValue: value) == 2)
        #expect(try Int8(databaseValue: value) == 2)
        #expect(try Double(databaseValue: value) == 2)
        #expect(try Int64?(databaseValue: value) == 2)
        #expect(try String(databaseValue: .union(typeCode: 0, .string("s"))) == "s")
        #expect(try Bool(databaseValue: .union(typeCode: 0, .bool(true))))
        #expect(try [Int].init(databaseValue: .union(typeCode: 0, [1, 2])) == [1, 2])
        #expect(Value.union(typeCode: 0, .date(days: 1)).dateValue == Date(timeIntervalSince1970: 86_400))
        #expect(throws: DBAPIError.self) { try String(databaseValue: value) }
        do {
            _ = try String(databaseValue: value)
        } catch {
            #expect(error.message.contains("int"), "errors name the member's kind")
        }
    }

    @Test("time units know their scale")
    func timeUnits() {
        #expect(Value.TimeUnit.allCases.map(\.perSecond) == [1, 1_000, 1_000_000, 1_000_000_000])
        #expect(Value.TimeUnit.allCases.map(\.fractionDigits) == [0, 3, 6, 9])
    }
}
