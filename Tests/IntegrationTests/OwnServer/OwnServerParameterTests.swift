import DBAPI
import FlightSQL
import Foundation
import Testing

/// `?` parameters of every kind the DB-API accepts, bound through a prepared statement and
/// DoPut on the project's own server, come back exactly as they went in.
@Suite struct OwnServerParameterTests {
    static let schema = """
        CREATE TABLE kinds (id INTEGER PRIMARY KEY, n INTEGER, r REAL, t TEXT, b BLOB, f BOOLEAN,
                            d DATE, ts TIMESTAMP, dec DECIMAL(10,2), num DECIMAL(12,4));
        """
    static let insert = "INSERT INTO kinds (id, n, r, t, b, f, d, ts, dec, num) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    static let text = "Grüße, l'été \"quoted\" 日本語 🎉 \\ %_ ''"
    static let blob = Data([0, 1, 2, 0xFE, 0xFF, 0])
    static let instant = Date(timeIntervalSince1970: 1_700_000_000.25)

    @Test("Swift values of every kind round-trip through INSERT and SELECT … WHERE x = ?")
    func swiftKinds() async throws {
        try await OwnServer.withConnection(script: Self.schema) { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute(Self.insert, arguments: [
                1, Int64(-9_000_000_000_000_000), 3.25, Self.text, Self.blob, true, Value.date(days: 19_782), Self.instant,
                Decimal(string: "12.34")!, ExactDecimal("-98765.4321")!,
            ])
            #expect(cursor.rowcount == 1)
            try await cursor.execute(Self.insert, arguments: [
                2, UInt64(7), Float(0.5), "", Data(), false, Value.date(days: -719_162), Date(timeIntervalSince1970: 0),
                Decimal(0), ExactDecimal("0.0001")!,
            ])
            #expect(cursor.rowcount == 1)
            try await cursor.execute(Self.insert, arguments: [3, Int.max, -0.125, "x", Data([7]), nil, nil, nil, nil, nil])
            try await cursor.execute(Self.insert, arguments: [4, Int64.min, nil, nil, nil, nil, nil, nil, nil, nil])

            // Typed reads of the row found by its text.
            try await cursor.execute("SELECT n, r, t, b, f, d, ts, dec, num FROM kinds WHERE t = ?", arguments: [Self.text])
            let rows = try await cursor.fetchall()
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(try row.decode(Int64.self, at: 0) == -9_000_000_000_000_000)
            #expect(try row.decode(Double.self, at: 1) == 3.25)
            #expect(try row.decode(String.self, at: 2) == Self.text)
            #expect(try row.decode(Data.self, at: 3) == Self.blob)
            #expect(try row.decode(Bool.self, at: 4) == true)
            #expect(try row.decode(Date.self, at: 5) == Date(timeIntervalSince1970: 19_782 * 86_400))
            #expect(try row.decode(Date.self, at: 6) == Self.instant)
            #expect(try row.decode(Decimal.self, at: 7) == Decimal(string: "12.34"))
            #expect(try row.decode(ExactDecimal.self, at: 8) == ExactDecimal("-98765.4321"))
            // The same cells as `Value`s.
            #expect(row.values == [
                .int(-9_000_000_000_000_000), .double(3.25), .string(Self.text), .bytes(Self.blob), .bool(true),
                .date(days: 19_782), .timestamp(1_700_000_000_250_000, .microsecond, timeZone: nil),
                .decimal(ExactDecimal("12.34")!), .decimal(ExactDecimal("-98765.4321")!),
            ])

            // Each column found by a parameter of its kind.
            let lookups: [(String, any DatabaseValueConvertible, Int)] = [
                ("n", Int64(-9_000_000_000_000_000), 1), ("n", UInt64(7), 2), ("n", Int.max, 3), ("n", Int64.min, 4),
                ("r", 3.25, 1), ("r", Float(0.5), 2), ("r", -0.125, 3),
                ("t", Self.text, 1), ("t", "", 2), ("b", Self.blob, 1), ("b", Data(), 2), ("b", Data([7]), 3),
                ("f", true, 1), ("f", false, 2),
                ("d", Value.date(days: 19_782), 1), ("d", Value.date(days: -719_162), 2),
                ("ts", Self.instant, 1), ("ts", Date(timeIntervalSince1970: 0), 2),
                ("ts", Value.timestamp(1_700_000_000_250_000, .microsecond, timeZone: nil), 1),
                ("dec", Decimal(string: "12.34")!, 1), ("dec", ExactDecimal("12.340")!, 1), ("dec", Decimal(0), 2),
                ("num", ExactDecimal("-98765.4321")!, 1), ("num", ExactDecimal("0.0001")!, 2),
            ]
            for (column, parameter, id) in lookups {
                try await cursor.execute("SELECT id FROM kinds WHERE \(column) = ?", arguments: [parameter])
                let ids = try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) }
                #expect(ids == [id], "\(column) = \(parameter)")
            }

            // NULL binds as NULL.
            try await cursor.execute("SELECT id FROM kinds WHERE t IS ? ORDER BY id", arguments: [nil])
            #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [4])
            try await cursor.execute("SELECT f, d, ts, dec FROM kinds WHERE id = ?", parameters: [3])
            let nulls = try #require(try await cursor.fetchone())
            #expect(nulls.values == [.null, .null, .null, .null])
            let (flag, day, time, amount) = try nulls.decode((Bool?, Date?, Date?, Decimal?).self)
            #expect(flag == nil && day == nil && time == nil && amount == nil)
        }
    }

    @Test("Value parameters (literals, dates, timestamps with a zone, times) bind as their kinds")
    func values() async throws {
        try await OwnServer.withConnection(script: Self.schema) { _, connection in
            let cursor = try await connection.cursor()
            let parameters: [Value] = [
                10, 42, 2.5, "text", .bytes(Data([1, 2])), true, .date(days: 0),
                .timestamp(1_700_000_000_000, .millisecond, timeZone: "Europe/Paris"), .decimal(ExactDecimal("1.5")!), .uint(3),
            ]
            try await cursor.execute(Self.insert, parameters: parameters)
            #expect(cursor.rowcount == 1)
            try await cursor.execute("SELECT id, n, r, t, b, f, d, ts, dec, num FROM kinds WHERE id = ?", parameters: [10])
            let row = try #require(try await cursor.fetchone())
            #expect(row.values == [
                .int(10), .int(42), .double(2.5), .string("text"), .bytes(Data([1, 2])), .bool(true), .date(days: 0),
                // A zoned timestamp is stored as its instant in UTC and read back as wall-clock UTC.
                .timestamp(1_700_000_000_000_000, .microsecond, timeZone: nil), .decimal(ExactDecimal("1.50")!),
                .decimal(ExactDecimal("3.0000")!),
            ])
            // Parameters in expressions echo their kinds.
            try await cursor.execute("SELECT ? AS i, ? AS r, ? AS s, ? AS b", parameters: [-5, 0.75, "é'\"", .bytes(Data([9]))])
            let echo = try #require(try await cursor.fetchone())
            #expect(echo.values == [.int(-5), .double(0.75), .string("é'\""), .bytes(Data([9]))])
            #expect(cursor.description?.map(\.name) == ["i", "r", "s", "b"])
        }
    }

    @Test("a decimal bound into a TEXT or untyped column is stored as its exact value, without scale-18 padding")
    func decimalIntoText() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE notes (id INTEGER PRIMARY KEY, t TEXT, u, d DECIMAL(10,2));") { _, connection in
            let cursor = try await connection.cursor()
            let insert = "INSERT INTO notes (id, t, u, d) VALUES (?, ?, ?, ?)"
            let half = Decimal(string: "1.5")!
            try await cursor.execute(insert, arguments: [1, half, half, half])
            try await cursor.executemany(insert, argumentSets: [
                [2, Decimal(string: "2.25")!, Decimal(100), Decimal(string: "-0.05")!],
                [3, ExactDecimal("-123456789012345678.000000000000000001")!, Decimal(0), nil],
            ])
            #expect(cursor.rowcount == 2)
            try await cursor.execute("SELECT t, typeof(u), u, d FROM notes ORDER BY id")
            let rows = try await cursor.fetchall().map(\.values)
            #expect(rows == [
                [.string("1.5"), .string("text"), .string("1.5"), .decimal(ExactDecimal("1.50")!)],
                [.string("2.25"), .string("text"), .string("100"), .decimal(ExactDecimal("-0.05")!)],
                [.string("-123456789012345678.000000000000000001"), .string("text"), .string("0"), .null],
            ])
            // The stored text compares equal to the decimal bound again.
            #expect(try await cursor.scalar("SELECT count(*) FROM notes WHERE t = ?", parameters: [.decimal(ExactDecimal("1.5")!)], as: Int.self) == 1)
        }
    }

    @Test("a parameter that looks like SQL is stored verbatim: no injection")
    func injection() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER, name TEXT);") { _, connection in
            let cursor = try await connection.cursor()
            let evil = "'; DROP TABLE t; --"
            try await cursor.execute("INSERT INTO t (id, name) VALUES (?, ?)", arguments: [1, evil])
            #expect(cursor.rowcount == 1)
            try await cursor.execute("SELECT id, name FROM t WHERE name = ?", arguments: [evil])
            let rows = try await cursor.fetchall()
            #expect(rows.count == 1)
            #expect(try #require(rows.first).decode((Int, String).self) == (1, evil))
            // Also in a WHERE clause of an update and a query with a quote-closing attempt.
            try await cursor.execute("UPDATE t SET name = ? WHERE name = ?", arguments: ["x' OR '1'='1", evil])
            #expect(cursor.rowcount == 1)
            try await cursor.execute("SELECT count(*) FROM t WHERE name = ?", arguments: ["x' OR 1=1 --"])
            #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 0)
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
            #expect(try await cursor.scalar("SELECT name FROM t", as: String.self) == "x' OR '1'='1")
        }
    }

    @Test("values that do not fit are refused, never converted with loss")
    func refusals() async throws {
        try await OwnServer.withConnection(script: Self.schema) { _, connection in
            let cursor = try await connection.cursor()
            // An unsigned integer beyond Int64 would land in the parameter union's float64 member.
            let big = try await #require(throws: DBAPIError.self) {
                try await cursor.execute("INSERT INTO kinds (id, n) VALUES (?, ?)", arguments: [1, UInt64.max])
            }
            #expect(big.kind == .dataError, "\(big)")
            #expect(!big.description.contains("18446744073709551615"))
            // A decimal finer than the server's decimal256(76, 18) member cannot be sent exactly.
            let fine = try await #require(throws: DBAPIError.self) {
                try await cursor.execute("INSERT INTO kinds (id, num) VALUES (?, ?)", arguments: [2, ExactDecimal("0.0000000000000000001")!])
            }
            #expect(fine.kind == .dataError, "\(fine)")
            // Too few parameters for the statement: a programming error, and nothing was inserted.
            let count = try await #require(throws: DBAPIError.self) {
                try await cursor.execute("INSERT INTO kinds (id, n) VALUES (?, ?)", parameters: [3])
            }
            #expect(count.kind == .programmingError, "\(count)")
            #expect(try await cursor.scalar("SELECT count(*) FROM kinds", as: Int.self) == 0)
        }
    }
}
