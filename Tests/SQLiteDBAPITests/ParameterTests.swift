import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

@Suite struct ParameterTests {
    /// Binds `value` into a column of `declared` type, then returns what SQLite stored
    /// (`typeof` and the value as text) and what the cursor reads back.
    func roundTrip(_ value: Value, declared: String) async throws -> (type: String, text: String?, read: Value) {
        let connection = try await memoryConnection("CREATE TABLE t (v \(declared))")
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (?)", parameters: [value])
        try await cursor.execute("SELECT typeof(v), CAST(v AS TEXT), v FROM t")
        let row = try #require(try await cursor.fetchone())
        return (try row.decode(String.self, at: 0), try row.decode(String?.self, at: 1), row[2])
    }

    @Test("every Swift type binds natively and reads back")
    func swiftTypes() async throws {
        var result = try await roundTrip(Value(42), declared: "INTEGER")
        #expect(result.type == "integer" && result.read == 42)
        result = try await roundTrip(Value(Int8(-8)), declared: "INTEGER")
        #expect(result.read == -8)
        result = try await roundTrip(Value(UInt32(4_000_000_000)), declared: "INTEGER")
        #expect(result.read == .int(4_000_000_000))
        result = try await roundTrip(Value(true), declared: "BOOLEAN")
        #expect(result.type == "integer" && result.text == "1" && result.read == true)
        result = try await roundTrip(Value(2.5), declared: "REAL")
        #expect(result.type == "real" && result.read == 2.5)
        result = try await roundTrip(Value(Float(0.5)), declared: "REAL")
        #expect(result.read == 0.5)
        result = try await roundTrip(Value("héllo\u{0}wörld"), declared: "TEXT")
        #expect(result.type == "text" && result.read == "héllo\u{0}wörld")
        result = try await roundTrip(Value(""), declared: "TEXT")
        #expect(result.type == "text" && result.read == "")
        result = try await roundTrip(Value(Data([0, 1, 2])), declared: "BLOB")
        #expect(result.type == "blob" && result.read == .bytes(Data([0, 1, 2])))
        result = try await roundTrip(Value(Data()), declared: "BLOB")
        #expect(result.type == "blob" && result.read == .bytes(Data()))
        result = try await roundTrip(.null, declared: "TEXT")
        #expect(result.type == "null" && result.read == .null)
        result = try await roundTrip(Value(nil as Int?), declared: "INTEGER")
        #expect(result.read == .null)
    }

    @Test("decimals bind as exact text")
    func decimals() async throws {
        var result = try await roundTrip(Value(ExactDecimal("12345678901234567890.123456789")!), declared: "TEXT")
        #expect(result.text == "12345678901234567890.123456789")
        result = try await roundTrip(Value(Decimal(string: "19.99")!), declared: "DECIMAL(10,2)")
        #expect(result.read == .decimal(ExactDecimal("19.99")!))
        result = try await roundTrip(Value(ExactDecimal("-0.05")!), declared: "NUMERIC(4,2)")
        #expect(result.read.description == "-0.05")
    }

    @Test("dates and timestamps bind as ISO 8601 text in UTC")
    func temporal() async throws {
        var result = try await roundTrip(.date(days: 19_782), declared: "DATE")
        #expect(result.text == "2024-02-29" && result.read == .date(days: 19_782))
        let micros: Int64 = 19_782 * 86_400_000_000 + 49_507_250_000
        result = try await roundTrip(.timestamp(micros, .microsecond, timeZone: "UTC"), declared: "TIMESTAMP")
        #expect(result.text == "2024-02-29 13:45:07.250000")
        #expect(result.read == .timestamp(micros, .microsecond, timeZone: nil))
        result = try await roundTrip(.timestamp(1_709_214_307, .second, timeZone: "Europe/Oslo"), declared: "TIMESTAMP")
        #expect(result.text == "2024-02-29 13:45:07", "the instant, in UTC")
        result = try await roundTrip(Value(Date(timeIntervalSince1970: 0.5)), declared: "DATETIME")
        #expect(result.text == "1970-01-01 00:00:00.500000")
        result = try await roundTrip(.time(3_600_000, .millisecond), declared: "TEXT")
        #expect(result.text == "01:00:00")
        result = try await roundTrip(.dateMilliseconds(86_400_000), declared: "DATE")
        #expect(result.text == "1970-01-02")
        // SQLite's own date functions read the stored text.
        let connection = try await memoryConnection()
        #expect(try await scalar(connection, "SELECT date(?, '+1 day')", [.date(days: 19_782)]) == "2024-03-01")
    }

    @Test("a union value binds as its member's value")
    func unions() async throws {
        var result = try await roundTrip(.union(typeCode: 7, .int(42)), declared: "INTEGER")
        #expect(result.type == "integer" && result.read == 42)
        result = try await roundTrip(.union(typeCode: 0, .string("x")), declared: "TEXT")
        #expect(result.type == "text" && result.read == "x")
        result = try await roundTrip(.union(typeCode: 1, .null), declared: "INTEGER")
        #expect(result.type == "null" && result.read == .null)
    }

    @Test("a parameter holding SQL is stored verbatim, never executed")
    func injection() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (name TEXT)")
        let hostile = "x'); DROP TABLE t; --"
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (?)", parameters: [.string(hostile)])
        try await cursor.execute("INSERT INTO t VALUES (?)", parameters: ["'; DROP TABLE t; --"])
        try await cursor.execute("SELECT name FROM t WHERE name = ?", parameters: ["' OR '1'='1"])
        #expect(try await cursor.fetchall().isEmpty)
        try await cursor.execute("SELECT name FROM t ORDER BY rowid")
        #expect(try await cursor.fetchall().map { $0[0] } == [.string(hostile), "'; DROP TABLE t; --"])
    }

    @Test("a parameter count mismatch and named parameters are programmingErrors")
    func parameterCount() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (a, b)")
        let cursor = try await connection.cursor()
        _ = await expectError(.programmingError) { try await cursor.execute("INSERT INTO t VALUES (?, ?)", parameters: [1]) }
        _ = await expectError(.programmingError) { try await cursor.execute("INSERT INTO t VALUES (?, ?)", parameters: [1, 2, 3]) }
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT 1", parameters: [1]) }
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT :name", parameters: [1]) }
        try await cursor.execute("SELECT ?2, ?1", parameters: ["a", "b"])
        #expect(try await cursor.fetchone()?.values == ["b", "a"])
    }

    @Test("values SQLite cannot store are rejected, never stored wrongly")
    func unsupported() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (v)")
        let cursor = try await connection.cursor()
        let insert = "INSERT INTO t VALUES (?)"
        _ = await expectError(.notSupportedError) { try await cursor.execute(insert, parameters: [[1, 2]]) }
        _ = await expectError(.notSupportedError) {
            try await cursor.execute(insert, parameters: [.struct([Value.Field(name: "a", value: 1)])])
        }
        _ = await expectError(.notSupportedError) { try await cursor.execute(insert, parameters: [.duration(5, .second)]) }
        _ = await expectError(.dataError) { try await cursor.execute(insert, parameters: [.uint(.max)]) }
        _ = await expectError(.dataError) { try await cursor.execute(insert, parameters: [.double(.nan)]) }
        _ = await expectError(.dataError) { try await cursor.execute(insert, parameters: [.date(days: 5_000_000)]) }
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == 0)
    }

    @Test("arguments: takes Swift values and optionals")
    func arguments() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (a INTEGER, b TEXT, c REAL)")
        let cursor = try await connection.cursor()
        let city: String? = nil
        try await cursor.execute("INSERT INTO t VALUES (?, ?, ?)", arguments: [7, city, 1.25])
        let row = try #require(try await connection.execute("SELECT * FROM t").fetchone())
        let (a, b, c) = try row.decode((Int, String?, Double).self)
        #expect(a == 7 && b == nil && c == 1.25)
    }
}
