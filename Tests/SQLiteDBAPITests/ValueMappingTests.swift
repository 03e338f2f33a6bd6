import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

@Suite struct ValueMappingTests {
    /// The values of column 0 of `SELECT v FROM t` after inserting `literals` as SQL.
    func read(_ declared: String, _ literals: [String]) async throws -> [Value] {
        let connection = try await memoryConnection("CREATE TABLE t (v \(declared))")
        for literal in literals { try await connection.executeScript("INSERT INTO t VALUES (\(literal))") }
        let cursor = try await connection.execute("SELECT v FROM t ORDER BY rowid")
        return try await cursor.fetchall().map { $0[0] }
    }

    /// The `dataError` reading `literal` stored in a `declared` column.
    func mismatch(_ declared: String, _ literal: String) async throws -> DBAPIError? {
        let connection = try await memoryConnection("CREATE TABLE t (v \(declared))")
        try await connection.executeScript("INSERT INTO t VALUES (NULL); INSERT INTO t VALUES (\(literal))")
        let cursor = try await connection.execute("SELECT v FROM t ORDER BY rowid")
        return await expectError(.dataError) { _ = try await cursor.fetchall() }
    }

    @Test("INTEGER, REAL, TEXT and BLOB columns yield int, double, string and bytes")
    func basicTypes() async throws {
        #expect(try await read("INTEGER", ["42", "-9223372036854775808", "'17'", "NULL"]) == [42, .int(.min), 17, nil])
        #expect(try await read("REAL", ["1.5", "3", "NULL"]) == [1.5, 3.0, nil])
        #expect(try await read("VARCHAR(10)", ["'héllo'", "''", "12"]) == ["héllo", "", "12"])
        #expect(try await read("BLOB", ["x'00ff10'", "x''"]) == [.bytes(Data([0, 255, 16])), .bytes(Data())])
    }

    @Test("BOOLEAN columns yield bools from 0/1 and 'true'/'false'")
    func booleans() async throws {
        #expect(try await read("BOOLEAN", ["1", "0", "TRUE", "FALSE", "'true'", "NULL"]) == [true, false, true, false, true, nil])
    }

    @Test("DATE and TIMESTAMP columns parse ISO 8601 text")
    func temporal() async throws {
        #expect(try await read("DATE", ["'2024-02-29'", "'1970-01-01'", "'1969-12-31'"]) == [
            .date(days: 19_782), .date(days: 0), .date(days: -1),
        ])
        let stamps = try await read("TIMESTAMP", [
            "'2024-02-29 13:45:07'", "'2024-02-29T13:45:07.25'", "'2024-02-29 13:45:07.123456'",
            "'2024-02-29 14:45:07+01:00'", "'2024-02-29T13:45:07Z'", "'2024-02-29'", "'2024-02-29 13:45'",
        ])
        let base: Int64 = 19_782 * 86_400_000_000 + (13 * 3_600 + 45 * 60 + 7) * 1_000_000
        #expect(stamps == [
            .timestamp(base, .microsecond, timeZone: nil), .timestamp(base + 250_000, .microsecond, timeZone: nil),
            .timestamp(base + 123_456, .microsecond, timeZone: nil), .timestamp(base, .microsecond, timeZone: nil),
            .timestamp(base, .microsecond, timeZone: nil), .timestamp(19_782 * 86_400_000_000, .microsecond, timeZone: nil),
            .timestamp(base - 7_000_000, .microsecond, timeZone: nil),
        ])
        #expect(try await read("DATETIME", ["datetime(0, 'unixepoch')"]) == [.timestamp(0, .microsecond, timeZone: nil)])
        #expect(try await read("DATE", ["'2000-02-29'", "'0000-01-01'", "'9999-12-31'"]) == [
            .date(days: 11_016), .date(days: -719_528), .date(days: 2_932_896),
        ])
        #expect(try await read("TIMESTAMP", ["'1969-12-31 23:59:59.999999'", "'2024-02-29 12:00:00.123456000'"]) == [
            .timestamp(-1, .microsecond, timeZone: nil),
            .timestamp(19_782 * 86_400_000_000 + 43_200_123_456, .microsecond, timeZone: nil),
        ])
    }

    @Test("DECIMAL(p,s) columns yield exact decimals at the column's scale")
    func decimals() async throws {
        let values = try await read("DECIMAL(10,2)", ["'12.34'", "12.3", "7", "'-0.5'", "0.1"])
        #expect(values.map(\.description) == ["12.34", "12.30", "7.00", "-0.50", "0.10"])
        #expect(values[0] == .decimal(ExactDecimal("12.34")!))
        let numeric = try await read("NUMERIC", ["'12.345'", "42", "0.1"])
        #expect(numeric == [.decimal(ExactDecimal("12.345")!), .decimal(ExactDecimal(Int64(42))), .decimal(ExactDecimal("0.1")!)])
    }

    @Test("a decimal that does not fit DECIMAL(p,s) exactly is a dataError")
    func decimalOverflow() async throws {
        _ = try await mismatch("DECIMAL(10,2)", "12.345")
        _ = try await mismatch("DECIMAL(4,2)", "123.4")
        _ = try await mismatch("DECIMAL(10,2)", "'abc'")
    }

    @Test("a value that does not fit its column's type is a dataError naming column and row", arguments: [
        ("INTEGER", "'abc'"), ("INTEGER", "1.5"), ("INTEGER", "x'00'"), ("REAL", "'abc'"),
        ("BOOLEAN", "2"), ("BOOLEAN", "'yes'"), ("DATE", "'2024-02-30'"), ("DATE", "'29/02/2024'"),
        ("DATE", "20240229"), ("TIMESTAMP", "'noon'"), ("TIMESTAMP", "'2024-02-29 25:00'"),
        ("TEXT", "x'41'"), ("BLOB", "'text'"), ("BLOB", "1"), ("TEXT", "CAST(x'ff' AS TEXT)"),
        ("DATE", "'1900-02-29'"), ("DATE", "'2024-02-29 00:00:00'"), ("TIMESTAMP", "'2024-02-29 12:00:00.1234567'"),
        ("TIMESTAMP", "'2024-02-29 12:00:00+1:00'"), ("REAL", "x'00'"), ("NUMERIC", "'1,5'"),
    ])
    func mismatches(declared: String, literal: String) async throws {
        let error = try await mismatch(declared, literal)
        #expect(error?.column?.name == "v")
        #expect(error?.column?.index == 0)
        #expect(error?.message.contains("row 1") == true, "\(String(describing: error))")
        #expect(error?.message.contains("abc") == false, "values never appear in messages")
    }

    @Test("rows before a bad value are delivered, then the error, which repeats")
    func errorAfterGoodRows() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (v INTEGER)")
        let cursor = try await connection.cursor()
        try await cursor.executemany("INSERT INTO t VALUES (?)", parameterSets: (0..<1_500).map { [.int(Int64($0))] })
        try await cursor.execute("UPDATE t SET v = 'bad' WHERE v = 1200")
        try await cursor.execute("SELECT v FROM t ORDER BY rowid")
        #expect(try await cursor.fetchmany(1_200).count == 1_200)
        let error = await expectError(.dataError) { _ = try await cursor.fetchone() }
        #expect(error?.message.contains("row 1200") == true)
        _ = await expectError(.dataError) { _ = try await cursor.fetchone() }
    }

    @Test("NULL reads as null in every column type")
    func nulls() async throws {
        let connection = try await memoryConnection(
            "CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e BOOLEAN, f DATE, g TIMESTAMP, h DECIMAL(5,1), i NUMERIC, j)")
        try await connection.executeScript("INSERT INTO t DEFAULT VALUES")
        let row = try #require(try await connection.execute("SELECT * FROM t").fetchone())
        #expect(row.values == Array(repeating: Value.null, count: 10))
        #expect(try row.decode(Int?.self, at: 0) == nil)
        #expect(row.isNull(at: 4))
    }

    @Test("rows decode into Swift types through the typed fast paths")
    func typedReads() async throws {
        let connection = try await memoryConnection(
            "CREATE TABLE t (a INTEGER, b REAL, c TEXT, d BLOB, e BOOLEAN, f DATE, g DECIMAL(6,2))")
        try await connection.executeScript("INSERT INTO t VALUES (7, 2.5, 'x', x'01', 1, '2024-02-29', '1234.50')")
        let row = try #require(try await connection.execute("SELECT * FROM t").fetchone())
        #expect(try row.decode(Int.self, at: 0) == 7)
        #expect(try row.decode(Double.self, at: 1) == 2.5)
        #expect(try row.decode(String.self, at: 2) == "x")
        #expect(try row.decode(Data.self, at: 3) == Data([1]))
        #expect(try row.decode(Bool.self, at: 4))
        #expect(try row.decode(Date.self, at: 5) == Date(timeIntervalSince1970: 19_782 * 86_400))
        #expect(try row.decode(Decimal.self, at: 6) == Decimal(string: "1234.5"))
        #expect(try row.decode(ExactDecimal.self, named: "g").description == "1234.50")
    }
}
