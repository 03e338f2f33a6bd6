import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Column descriptions, fetching across record batches, streaming with early exit and
/// `Decodable` rows from the project's own server.
@Suite struct OwnServerQueryTests {
    @Test("description: type codes, precision/scale and null_ok for each declared SQLite type")
    func description() async throws {
        let script = """
            CREATE TABLE typed (i INTEGER NOT NULL, r REAL, t TEXT NOT NULL, b BLOB, f BOOLEAN, d DATE, ts TIMESTAMP,
                                m DECIMAL(10,2), w NUMERIC(50,5));
            INSERT INTO typed VALUES (1, 1.5, 'a', x'00', 1, '2024-02-29', '2024-02-29 13:45:07.25', 12.5, 3);
            """
        try await OwnServer.withConnection(script: script) { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT i, r, t, b, f, d, ts, m, w, i + 1 AS expr FROM typed")
            let columns = try #require(cursor.description)
            #expect(columns.map(\.name) == ["i", "r", "t", "b", "f", "d", "ts", "m", "w", "expr"])
            #expect(columns.map(\.typeCode) == [.integer, .float, .string, .binary, .boolean, .date, .timestamp, .decimal, .decimal, .integer])
            #expect(columns.map(\.nativeType) == [
                "int64", "float64", "utf8", "binary", "bool", "date32", "timestamp[us]", "decimal128(10, 2)", "decimal256(50, 5)", "int64",
            ])
            // PEP 249 type objects.
            #expect(columns[0].typeCode == .NUMBER && columns[1].typeCode == .NUMBER && columns[7].typeCode == .NUMBER)
            #expect(columns[2].typeCode == .STRING)
            #expect(columns[3].typeCode == .BINARY)
            #expect(columns[5].typeCode == .DATETIME && columns[6].typeCode == .DATETIME)
            #expect(columns[7].precision == 10 && columns[7].scale == 2)
            #expect(columns[8].precision == 50 && columns[8].scale == 5)
            #expect(columns[0].precision == nil)
            #expect(columns.map(\.nullOK) == [false, true, false, true, true, true, true, true, true, true])
            #expect(columns[0].internalSize == 8 && columns[7].internalSize == 16 && columns[6].internalSize == 8)
            let row = try #require(try await cursor.fetchone())
            #expect(row.values == [
                .int(1), .double(1.5), .string("a"), .bytes(Data([0])), .bool(true), .date(days: 19_782),
                .timestamp(1_709_214_307_250_000, .microsecond, timeZone: nil), .decimal(ExactDecimal("12.50")!),
                .decimal(ExactDecimal("3.00000")!), .int(2),
            ])
            // A prepared query (with a parameter) describes its columns the same way.
            try await cursor.execute("SELECT i, m, ts FROM typed WHERE i = ?", parameters: [1])
            #expect(cursor.description?.map(\.nativeType) == ["int64", "decimal128(10, 2)", "timestamp[us]"])
            #expect(cursor.description?.map(\.nullOK) == [false, true, true])
            _ = try await cursor.fetchall()
        }
    }

    static let bigTable = """
        CREATE TABLE big (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL);
        WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 20000)
        INSERT INTO big SELECT x, 'name ' || x, x / 8.0 FROM n;
        """

    @Test("fetchone, fetchmany and fetchall across batch boundaries of a 20 000-row result")
    func batches() async throws {
        // 4096-row batches (the server's default): 20 000 rows are 5 batches.
        try await OwnServer.withConnection(script: Self.bigTable) { server, connection in
            let sent = server.statistics.batchesSent
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT id, name, score FROM big ORDER BY id")
            var ids: [Int] = []
            for _ in 0..<4_095 { ids.append(try #require(try await cursor.fetchone()).decode(Int.self, at: 0)) }
            cursor.arraysize = 3
            ids += try await cursor.fetchmany().map { try $0.decode(Int.self, at: 0) }        // crosses 4096
            ids += try await cursor.fetchmany(8_190).map { try $0.decode(Int.self, at: 0) }   // crosses 8192 and 12288
            #expect(ids == Array(1...12_288))
            let rest = try await cursor.fetchall()
            #expect(rest.count == 7_712)
            #expect(try #require(rest.first).decode((Int, String, Double).self) == (12_289, "name 12289", 12_289 / 8.0))
            #expect(try #require(rest.last).decode((Int, String, Double).self) == (20_000, "name 20000", 2_500))
            #expect(try await cursor.fetchone() == nil)
            #expect(try await cursor.fetchmany(10).isEmpty)
            #expect(try await cursor.fetchall().isEmpty)
            #expect(cursor.rowcount == 20_000)
            #expect(server.statistics.batchesSent - sent == 5)

            // fetchall in one go with a parameter (prepared query) across the same batches.
            try await cursor.execute("SELECT id FROM big WHERE id > ? ORDER BY id", parameters: [100])
            let all = try await cursor.fetchall()
            #expect(all.count == 19_900)
            #expect(try all.map { try $0.decode(Int.self, at: 0) } == Array(101...20_000))
        }
    }

    @Test("for try await row in cursor.rows: early break keeps the rest; the connection keeps working")
    func streamingEarlyBreak() async throws {
        try await OwnServer.withConnection(script: Self.bigTable, options: FlightSQLServerOptions(batchSize: 1_000)) { server, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT id FROM big ORDER BY id")
            var seen = 0
            for try await row in cursor.rows {
                seen += 1
                if try row.decode(Int.self, at: 0) == 2_500 { break }
            }
            #expect(seen == 2_500)
            // The unseen rows stay in the cursor.
            #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 2_501)
            // Fewer batches than the whole result have been sent.
            #expect(server.statistics.batchesSent < 20)
            // Abandon the rest by re-executing; the same cursor and connection keep working.
            try await cursor.execute("SELECT count(*) FROM big WHERE score > ?", parameters: [2_000.0])
            #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 4_000)
            var total = 0
            try await cursor.execute("SELECT id FROM big")
            for try await row in cursor.rows { total += try row.decode(Int.self, at: 0) }
            #expect(total == 200_010_000)
            // Break out of a second stream, close the cursor, use a new one.
            try await cursor.execute("SELECT id FROM big")
            for try await _ in cursor.rows { break }
            try await cursor.close()
            let other = try await connection.cursor()
            try await other.execute("INSERT INTO big (id, name) VALUES (?, ?)", parameters: [20_001, "late"])
            #expect(other.rowcount == 1)
            #expect(try await other.scalar("SELECT count(*) FROM big", as: Int.self) == 20_001)
        }
    }

    struct Person: Decodable, Equatable {
        var id: Int
        var name: String
        var email: String?
        var balance: Decimal
        var born: Date?
        var active: Bool
    }

    @Test("Decodable rows (fetchall(as:), fetchone(as:)) and tuple decoding")
    func decodable() async throws {
        let script = """
            CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT, balance DECIMAL(12,2) NOT NULL,
                                 born DATE, active BOOLEAN NOT NULL);
            """
        try await OwnServer.withConnection(script: script) { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.executemany(
                "INSERT INTO people (id, name, email, balance, born, active) VALUES (?, ?, ?, ?, ?, ?)",
                argumentSets: [
                    [1, "Ada", "ada@example.com", Decimal(string: "1234.50")!, Value.date(days: -56_000), true],
                    [2, "Grace", nil, Decimal(-3), nil, false],
                    [3, "Zoë 'Z'", "z@example.com", Decimal(string: "0.01")!, Value.date(days: 10_000), true],
                ])
            #expect(cursor.rowcount == 3)
            try await cursor.execute("SELECT id, name, email, balance, born, active FROM people ORDER BY id")
            let people = try await cursor.fetchall(as: Person.self)
            #expect(people == [
                Person(id: 1, name: "Ada", email: "ada@example.com", balance: Decimal(string: "1234.5")!,
                       born: Date(timeIntervalSince1970: -56_000 * 86_400), active: true),
                Person(id: 2, name: "Grace", email: nil, balance: -3, born: nil, active: false),
                Person(id: 3, name: "Zoë 'Z'", email: "z@example.com", balance: Decimal(string: "0.01")!,
                       born: Date(timeIntervalSince1970: 10_000 * 86_400), active: true),
            ])
            try await cursor.execute("SELECT name, balance FROM people WHERE active = ? ORDER BY id", parameters: [true])
            let pairs = try await cursor.fetchall().map { try $0.decode((String, Decimal).self) }
            #expect(pairs.map(\.0) == ["Ada", "Zoë 'Z'"])
            #expect(pairs.map(\.1) == [Decimal(string: "1234.5")!, Decimal(string: "0.01")!])
            try await cursor.execute("SELECT count(*) FROM people WHERE email IS NULL")
            #expect(try await cursor.fetchone(as: Int.self) == 1)
            // A missing non-optional property is a programming error naming it, not a crash.
            try await cursor.execute("SELECT id, name FROM people")
            let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.fetchall(as: Person.self) }
            #expect(error.kind == .programmingError, "\(error)")
        }
    }

    @Test("one connection shared by 8 tasks, each with its own cursor: prepared inserts and queries interleave correctly")
    func concurrentCursors() async throws {
        try await OwnServer.withConnection(storage: .temporaryFile, script: "CREATE TABLE t (task INTEGER, n INTEGER, label TEXT);") { _, connection in
            try await withThrowingTaskGroup(of: Int.self) { group in
                for task in 0..<8 {
                    group.addTask {
                        let cursor = try await connection.cursor()
                        var seen = 0
                        for n in 0..<20 {
                            try await cursor.execute("INSERT INTO t (task, n, label) VALUES (?, ?, ?)", parameters: [.int(Int64(task)), .int(Int64(n)), .string("t\(task)-\(n)")])
                            try await cursor.execute("SELECT label FROM t WHERE task = ? AND n = ?", parameters: [.int(Int64(task)), .int(Int64(n))])
                            if try await cursor.fetchone()?.decode(String.self, at: 0) == "t\(task)-\(n)" { seen += 1 }
                        }
                        try await cursor.close()
                        return seen
                    }
                }
                var total = 0
                for try await seen in group { total += seen }
                #expect(total == 160)
            }
            let cursor = try await connection.cursor()
            #expect(try await cursor.scalar("SELECT count(DISTINCT label) FROM t", as: Int.self) == 160)
        }
    }
}
