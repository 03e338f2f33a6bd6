import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// `rowcount` of updates with and without parameters, `executemany` in one round trip, and
/// the row-count semantics of queries, against the project's own server (which, unlike the
/// third-party test servers, reports true counts).
@Suite struct OwnServerUpdateTests {
    @Test("executemany of 1000 rows: every row inserted, rowcount 1000, one DoPut")
    func executemany() async throws {
        let script = "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price REAL);"
        try await OwnServer.withConnection(storage: .temporaryFile, script: script) { server, connection in
            let cursor = try await connection.cursor()
            let sets: [[Value]] = (0..<1000).map { [.int(Int64($0)), .string("item \($0) ü'"), .double(Double($0) / 4)] }
            let before = server.statistics.statementsExecuted
            try await cursor.executemany("INSERT INTO items (id, name, price) VALUES (?, ?, ?)", parameterSets: sets)
            // The server counts one executed statement per update DoPut: the whole batch was one.
            #expect(server.statistics.statementsExecuted - before == 1)
            #expect(cursor.rowcount == 1000)
            #expect(cursor.description == nil)
            await #expect(throws: DBAPIError.self) { _ = try await cursor.fetchone() }

            try await cursor.execute("SELECT count(*), sum(id), min(name), max(price) FROM items")
            let summary = try #require(try await cursor.fetchone())
            #expect(try summary.decode((Int, Int, String, Double).self) == (1000, 499_500, "item 0 ü'", 249.75))
            try await cursor.execute("SELECT name, price FROM items WHERE id = ?", parameters: [617])
            #expect(try #require(try await cursor.fetchone()).decode((String, Double).self) == ("item 617 ü'", 154.25))

            // executemany of an UPDATE sums the affected rows over the sets, again in one DoPut.
            let updateBefore = server.statistics.statementsExecuted
            try await cursor.executemany(
                "UPDATE items SET price = price + ? WHERE id < ?", parameterSets: [[1, 10], [2, 100], [0.5, 0]])
            #expect(server.statistics.statementsExecuted - updateBefore == 1)
            #expect(cursor.rowcount == 110)
            #expect(try await cursor.scalar("SELECT price FROM items WHERE id = 5", as: Double.self) == 1.25 + 3)
        }
    }

    @Test("rowcount of INSERT, UPDATE and DELETE without parameters (CommandStatementUpdate)")
    func plainUpdates() async throws {
        try await OwnServer.withConnection { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)")
            #expect(cursor.rowcount <= 0, "DDL affects no rows: \(cursor.rowcount)")
            #expect(cursor.description == nil)
            try await cursor.execute("INSERT INTO t (id, v) VALUES (1, 'a'), (2, 'b'), (3, 'c'), (4, 'd')")
            #expect(cursor.rowcount == 4)
            try await cursor.execute("UPDATE t SET v = 'z' WHERE id >= 2")
            #expect(cursor.rowcount == 3)
            try await cursor.execute("UPDATE t SET v = 'none' WHERE id > 100")
            #expect(cursor.rowcount == 0)
            try await cursor.execute("DELETE FROM t WHERE id = 4")
            #expect(cursor.rowcount == 1)
            try await cursor.execute("/* comment */ -- line\n  DELETE FROM t WHERE v = 'z'")
            #expect(cursor.rowcount == 2)
            try await cursor.execute("DELETE FROM t")
            #expect(cursor.rowcount == 1)
        }
    }

    @Test("rowcount of prepared INSERT, UPDATE and DELETE with parameters")
    func preparedUpdates() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);") { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?), (?, ?), (?, ?)", parameters: [1, "a", 2, "b", 3, "c"])
            #expect(cursor.rowcount == 3)
            try await cursor.execute("UPDATE t SET v = ? WHERE id >= ?", parameters: ["y", 2])
            #expect(cursor.rowcount == 2)
            try await cursor.execute("UPDATE t SET v = ? WHERE id = ?", parameters: ["q", 99])
            #expect(cursor.rowcount == 0)
            try await cursor.execute("DELETE FROM t WHERE v = ?", parameters: ["y"])
            #expect(cursor.rowcount == 2)
            try await cursor.execute("SELECT id, v FROM t")
            #expect(try await cursor.fetchall().map { try $0.decode((Int, String).self) }.map { "\($0.0)\($0.1)" } == ["1a"])
        }
    }

    @Test("a query's rowcount is its row count once read (-1 before if the server does not say); a re-execute resets it")
    func queryRowcount() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (1), (2), (3), (4), (5);") { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT id FROM t WHERE id > 1")
            #expect(cursor.rowcount == -1 || cursor.rowcount == 4)
            _ = try await cursor.fetchone()
            #expect(cursor.rowcount == -1 || cursor.rowcount == 4)
            #expect(try await cursor.fetchall().count == 3)
            #expect(cursor.rowcount == 4)
            try await cursor.execute("SELECT id FROM t WHERE id > ?", parameters: [3])
            #expect(cursor.rowcount == -1 || cursor.rowcount == 2)
            #expect(try await cursor.fetchall().count == 2)
            #expect(cursor.rowcount == 2)
            try await cursor.execute("SELECT id FROM t WHERE id > 100")
            #expect(try await cursor.fetchall().isEmpty)
            #expect(cursor.rowcount == 0)
            #expect(cursor.description?.map(\.name) == ["id"])
        }
    }

    @Test("with 3 endpoints a query's rowcount is known at once and the rows arrive in order")
    func endpoints() async throws {
        let values = (1...9_000).map { "(\($0))" }.joined(separator: ",")
        try await OwnServer.withConnection(
            script: "CREATE TABLE t (id INTEGER); INSERT INTO t VALUES \(values);",
            options: FlightSQLServerOptions(endpoints: 3, batchSize: 1_000)
        ) { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("SELECT id FROM t ORDER BY id")
            #expect(cursor.rowcount == 9_000)
            let ids = try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) }
            #expect(ids == Array(1...9_000))
            try await cursor.execute("SELECT id FROM t WHERE id % ? = 0 ORDER BY id", parameters: [1_000])
            #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == Array(stride(from: 1_000, through: 9_000, by: 1_000)))
        }
    }

    @Test("WITH … INSERT (sent as a query) is an update: no description, rowcount the affected rows")
    func withInsert() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);") { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("WITH x(a) AS (VALUES (1), (2), (3)) INSERT INTO t (id, v) SELECT a, 'w' FROM x")
            #expect(cursor.description == nil)
            #expect(cursor.rowcount == 3)
            await #expect(throws: DBAPIError.self) { _ = try await cursor.fetchall() }
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 3)
            // A query with no rows keeps its columns and a result set.
            try await cursor.execute("SELECT id FROM t WHERE id > 99")
            #expect(cursor.description?.map(\.name) == ["id"])
            #expect(try await cursor.fetchall().isEmpty)
        }
    }

    @Test("INSERT … RETURNING returns its rows, with and without parameters")
    func returning() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);") { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (1, 'returning ''x''') RETURNING id, v")
            #expect(cursor.description?.map(\.name) == ["id", "v"])
            #expect(try await cursor.fetchall().map { try $0.decode(String.self, at: 1) } == ["returning 'x'"])
            try await cursor.execute("INSERT INTO t (v) VALUES (?), (?) RETURNING id", parameters: ["a", "b"])
            #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [2, 3])
            #expect(cursor.rowcount == 2)
            // The word in a string, a quoted name or a comment does not count.
            #expect(FlightSQLStatementKind.detect("INSERT INTO t (v) VALUES ('RETURNING')") == .update)
            #expect(FlightSQLStatementKind.detect("UPDATE t SET \"returning\" = 1 -- RETURNING") == .update)
            #expect(FlightSQLStatementKind.detect("DELETE FROM t /* x */ returning *") == .query)
            #expect(FlightSQLStatementKind.detect("CREATE TABLE returning_things (id INTEGER)") == .update)
            try await cursor.execute("UPDATE t SET v = 'RETURNING' WHERE id = 1")
            #expect(cursor.rowcount == 1)
            #expect(cursor.description == nil)
        }
    }

    @Test("… RETURNING sent as an update reports the rows it changed, with and without parameters")
    func returningAsUpdate() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);") { _, connection in
            let cursor = try await connection.cursor()
            try await cursor.execute("INSERT INTO t (v) VALUES ('a'), ('b'), ('c') RETURNING id", parameters: [], kind: .update)
            #expect(cursor.rowcount == 3)
            #expect(cursor.description == nil)
            try await cursor.execute("UPDATE t SET v = ? WHERE id > ? RETURNING id", parameters: ["z", 1], kind: .update)
            #expect(cursor.rowcount == 2)
            try await cursor.execute("DELETE FROM t WHERE v = ? RETURNING *", parameters: ["nothing"], kind: .update)
            #expect(cursor.rowcount == 0)
            #expect(try await cursor.scalar("SELECT group_concat(v, '') FROM t", as: String.self) == "azz")
        }
    }

    @Test("executemany of a statement that returns rows is a programmingError (as on SQLite), and runs nothing")
    func executemanyQuery() async throws {
        try await OwnServer.withConnection(script: "CREATE TABLE t (id INTEGER PRIMARY KEY); INSERT INTO t VALUES (1);") { server, connection in
            let cursor = try await connection.cursor()
            let before = server.statistics.statementsExecuted
            let error = try await #require(throws: DBAPIError.self) {
                try await cursor.executemany("SELECT id FROM t WHERE id = ?", parameterSets: [[1], [2]])
            }
            #expect(error.kind == .programmingError, "\(error)")
            let returning = try await #require(throws: DBAPIError.self) {
                try await cursor.executemany("INSERT INTO t (id) VALUES (?) RETURNING id", parameterSets: [[5], [6]])
            }
            #expect(returning.kind == .programmingError, "\(returning)")
            #expect(server.statistics.statementsExecuted == before)
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 1)
        }
    }
}
