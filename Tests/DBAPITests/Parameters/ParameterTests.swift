import DBAPI
import Foundation
import Testing

@Suite struct ParameterTests {
    @Test("Swift values convert to the matching values")
    func conversions() {
        #expect(Value(true) == .bool(true))
        #expect(Value(Int8(-3)) == .int(-3))
        #expect(Value(Int.max) == .int(Int64.max))
        #expect(Value(UInt64.max) == .uint(.max))
        #expect(Value(UInt8(9)) == .uint(9))
        #expect(Value(Float(1.5)) == .float(1.5))
        #expect(Value(2.5) == .double(2.5))
        #expect(Value("x") == .string("x"))
        #expect(Value("abc".dropFirst()) == .string("bc"))
        #expect(Value(Data([1])) == .bytes(Data([1])))
        #expect(Value(Date(timeIntervalSince1970: 1.5)) == .timestamp(1_500_000, .microsecond, timeZone: "UTC"))
        #expect(Value(Decimal(string: "-1.25")!) == .decimal(ExactDecimal("-1.25")!))
        #expect(Value(ExactDecimal("3")!) == .decimal(ExactDecimal("3")!))
        #expect(Value(nil as Int?) == .null)
        #expect(Value(Optional(4)) == .int(4))
        #expect(Value([1, 2]) == .list([.int(1), .int(2)]))
        #expect(Value(Value.int(1)) == .int(1))
    }

    @Test("dates beyond microsecond range fall back to seconds instead of trapping")
    func extremeDates() {
        let far = Date(timeIntervalSince1970: 1e14)
        #expect(Value(far) == .timestamp(100_000_000_000_000, .second, timeZone: "UTC"))
        #expect(Value(Date(timeIntervalSince1970: 1e300)) == .null)
    }

    @Test("parameters round-trip through decoding")
    func roundTrip() throws {
        let date = Date(timeIntervalSince1970: 1_700_000_000.25)
        let row = singleRow([(Columns.make("t", .timestamp, "timestamp[us, tz=UTC]"), Value(date))])
        #expect(try row.decode(Date.self, at: 0) == date)
    }

    @Test("literal and variable parameter lists reach the driver as values")
    func cursorParameters() async throws {
        let seen = Recorder()
        let connection = TestConnection { _, parameters in
            seen.record(parameters)
            return .update(rowcount: 1)
        }
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT ?", parameters: [1, "x", nil, 2.5, true])
        let id = 7
        let city: String? = nil
        try await cursor.execute("INSERT ?", arguments: [id, city, "y", Data([1]), nil])
        try await cursor.executemany("INSERT ?", argumentSets: [[1, "a"], [2, nil]])
        #expect(seen.values == [
            [1, "x", nil, 2.5, true],
            [7, nil, "y", .bytes(Data([1])), nil],
            [1, "a"], [2, nil],
        ])
    }
}

/// Collects the parameter lists the test driver receives.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [[Value]] = []
    var values: [[Value]] { lock.withLock { recorded } }
    func record(_ parameters: [Value]) { lock.withLock { recorded.append(parameters) } }
}
