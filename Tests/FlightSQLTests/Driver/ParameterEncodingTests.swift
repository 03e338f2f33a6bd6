import Arrow
import DBAPI
@testable import FlightSQL
import Foundation
import Testing

@Suite struct ParameterEncodingTests {
    func type(_ values: [Value]) throws -> ArrowType {
        try ParameterTypeInference.type(of: values, position: 1)
    }

    @Test("types are inferred from the values")
    func inference() throws {
        let cases: [([Value], ArrowType)] = [
            ([1, 2], .int64), ([.uint(.max)], .uint64), ([1, .uint(2)], .int64), ([1.5], .float64), ([.float(1)], .float32),
            ([.float(1), 2.5], .float64), ([1, 2.5], .float64), (["a", nil], .utf8), ([.bytes(Data([1]))], .binary),
            ([true, false], .bool), ([nil, nil], .null), ([], .null), ([.date(days: 1)], .date32), ([.dateMilliseconds(1)], .date64),
            ([.date(days: 1), .dateMilliseconds(1)], .date64),
            ([.time(1, .second)], .time32(.second)), ([.time(1, .nanosecond)], .time64(.nanosecond)),
            ([.time(1, .millisecond), .time(1, .microsecond)], .time64(.microsecond)),
            ([.timestamp(1, .second, timeZone: "UTC"), .timestamp(1, .microsecond, timeZone: "UTC")], .timestamp(.microsecond, timeZone: "UTC")),
            ([.duration(1, .millisecond)], .duration(.millisecond)),
            ([.intervalYearMonth(months: 1)], .interval(.yearMonth)), ([.intervalDayTime(days: 1, milliseconds: 2)], .interval(.dayTime)),
            ([.intervalMonthDayNano(months: 1, days: 2, nanoseconds: 3)], .interval(.monthDayNano)),
            ([[1, nil], [2]], .list(Field(name: "item", type: .int64))),
            ([[1], [2.5]], .list(Field(name: "item", type: .float64))),
            ([.struct([.init(name: "a", value: 1), .init(name: "b", value: "x")])],
             .struct([Field(name: "a", type: .int64), Field(name: "b", type: .utf8)])),
            ([.map([.init(key: "k", value: 1)])], ParameterTypeInference.mapType(key: .utf8, value: .int64)),
        ]
        for (values, expected) in cases { #expect(try type(values) == expected, "\(values)") }
    }

    @Test("decimal columns take the largest scale and enough width for every value")
    func decimals() throws {
        func decimal(_ text: String) throws -> Value { .decimal(try #require(ExactDecimal(text))) }
        #expect(try type([try decimal("1.5"), try decimal("-12.345")]) == .decimal(bitWidth: 128, precision: 38, scale: 3))
        #expect(try type([try decimal("1.5"), 7]) == .decimal(bitWidth: 128, precision: 38, scale: 1))
        let wide = try decimal(String(repeating: "9", count: 37))
        #expect(try type([wide, try decimal("0.01")]) == .decimal(bitWidth: 256, precision: 76, scale: 2), "37 + 2 digits need decimal256")
        #expect(try type([try decimal("1.2E+5")]) == .decimal(bitWidth: 128, precision: 38, scale: 0))
        let tooWide = try decimal(String(repeating: "9", count: 80))
        #expect(throws: DBAPIError.self) { try type([tooWide]) }

        let batch = try ParameterEncoding.recordBatch(for: [[try decimal("1.5")], [try decimal("-0.125")], [3]], schema: nil)
        #expect(batch.columns[0].type == .decimal(bitWidth: 128, precision: 38, scale: 3))
        #expect(batch.columns[0].decimal(at: 0)?.description == "1.500")
        #expect(batch.columns[0].decimal(at: 1)?.description == "-0.125")
        #expect(batch.columns[0].decimal(at: 2)?.description == "3.000")
    }

    @Test("values that do not mix are a programmingError naming the position, not the values")
    func mixing() throws {
        let cases: [[Value]] = [
            [1, "secret-1"], ["secret-2", true], [.timestamp(1, .second, timeZone: "UTC"), .timestamp(1, .second, timeZone: "Europe/Oslo")],
            [[1], "secret-3"], [.struct([.init(name: "a", value: 1)]), .struct([.init(name: "b", value: 1)])],
        ]
        for values in cases {
            let error = try #require(throws: DBAPIError.self) { try ParameterEncoding.recordBatch(for: values.map { [$0] }, schema: nil) }
            #expect(error.kind == .programmingError)
            #expect(error.message.contains("parameter 1"))
            #expect(!error.description.contains("secret"))
        }
        let ragged = try #require(throws: DBAPIError.self) { try ParameterEncoding.recordBatch(for: [[1, 2], [3]], schema: nil) }
        #expect(ragged.kind == .programmingError)
    }

    @Test("every value kind is encoded and reads back through the IPC decoder")
    func roundTrip() throws {
        let row: [Value] = [
            nil, true, .int(.min), .uint(.max), .float(1.5), .double(-0.1), .decimal(try #require(ExactDecimal("-1234567890123456789012345678.0123456789"))),
            "héllo ✓", .bytes(Data([0, 255])), .date(days: -1), .dateMilliseconds(86_400_000), .time(45_296_789, .millisecond),
            .timestamp(-1, .nanosecond, timeZone: "America/New_York"), .duration(1_500, .millisecond), .intervalYearMonth(months: 14),
            .intervalDayTime(days: 1, milliseconds: -2), .intervalMonthDayNano(months: 1, days: 2, nanoseconds: 3),
            [1, nil, 3], .struct([.init(name: "a", value: 1), .init(name: "b", value: "x")]), .map([.init(key: "k", value: 2.5)]),
        ]
        let messages = try ParameterEncoding.messages(for: [row, row.map { _ in .null }], schema: nil)
        #expect(messages.count == 2, "a schema message and one record batch")
        var decoder = ArrowIPCMessageDecoder()
        var batches: [RecordBatch] = []
        for message in messages {
            if case .recordBatch(let batch)? = try decoder.decode(header: message.dataHeader, body: message.dataBody) { batches.append(batch) }
        }
        let batch = try #require(batches.first)
        #expect(batch.rowCount == 2)
        #expect(batch.schema.fields.map(\.name) == (1...row.count).map { "$\($0)" })
        let decoded = batch.columns.map { Value($0.value(at: 0)) }
        #expect(decoded == row)
        #expect(batch.columns.dropFirst().allSatisfy { $0.isNull(1) })
    }

    @Test("a server schema with another field count is refused")
    func schemaCount() throws {
        let schema = Schema(fields: [Field(name: "a", type: .int64)])
        let error = try #require(throws: DBAPIError.self) { try ParameterEncoding.recordBatch(for: [[1, 2]], schema: schema) }
        #expect(error.kind == .programmingError)
        #expect(try ParameterEncoding.recordBatch(for: [[1]], schema: Schema(fields: [])).columns[0].type == .int64, "an empty server schema is no schema")
    }

    @Test("decimals that do not fit the server's type without rounding are data errors")
    func decimalRounding() throws {
        let schema = Schema(fields: [Field(name: "a", type: .decimal(bitWidth: 128, precision: 5, scale: 2))])
        #expect(try ParameterEncoding.recordBatch(for: [[.decimal(try #require(ExactDecimal("1.5")))]], schema: schema).columns[0].decimal(at: 0)?.description == "1.50")
        for text in ["1.505", "1234.5"] {
            let error = try #require(throws: DBAPIError.self) {
                try ParameterEncoding.recordBatch(for: [[.decimal(try #require(ExactDecimal(text)))]], schema: schema)
            }
            #expect(error.kind == .dataError)
            #expect(!error.description.contains(text))
        }
    }
}
