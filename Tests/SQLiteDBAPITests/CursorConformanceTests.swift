import DBAPI
import SQLiteDBAPI
import Testing

@Suite struct CursorConformanceTests {
    /// A connection with `numbers(n INTEGER, label TEXT)` holding 0..<count.
    func numbers(_ count: Int) async throws -> SQLiteConnection {
        let connection = try await memoryConnection("CREATE TABLE numbers (n INTEGER NOT NULL, label TEXT)")
        let cursor = try await connection.cursor()
        try await cursor.executemany(
            "INSERT INTO numbers VALUES (?, ?)", parameterSets: (0..<count).map { [.int(Int64($0)), .string("n\($0)")] })
        return connection
    }

    @Test("fetchone, fetchmany and fetchall read every row in order across batch boundaries")
    func fetchAcrossBatches() async throws {
        let connection = try await numbers(2_500)
        let cursor = try await connection.execute("SELECT n, label FROM numbers ORDER BY n")
        var seen: [Int64] = []
        let first = try #require(try await cursor.fetchone())
        seen.append(try first.decode(Int64.self, at: 0))
        for row in try await cursor.fetchmany(1_500) { seen.append(try row.decode(Int64.self, at: 0)) }
        #expect(seen.count == 1_501)
        for row in try await cursor.fetchall() { seen.append(try row.decode(Int64.self, at: 0)) }
        #expect(seen.count == 2_500)
        #expect(seen == (0..<2_500).map(Int64.init), "in order, none missing")
        #expect(try await cursor.fetchone() == nil)
        #expect(try await cursor.fetchall().isEmpty)
        #expect(cursor.rowcount == 2_500, "known once every row was read")
    }

    @Test("fetchmany uses arraysize, which defaults to 1")
    func arraysize() async throws {
        let connection = try await numbers(10)
        let cursor = try await connection.execute("SELECT n FROM numbers ORDER BY n")
        #expect(cursor.arraysize == 1)
        #expect(try await cursor.fetchmany().count == 1)
        cursor.arraysize = 4
        let page = try await cursor.fetchmany()
        #expect(page.map { $0[0] } == [1, 2, 3, 4])
        #expect(try await cursor.fetchmany(100).count == 5)
        #expect(try await cursor.fetchmany().isEmpty)
    }

    @Test("description is set by execute, before any fetch, and nil for statements without rows")
    func description() async throws {
        let connection = try await memoryConnection(
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, price DECIMAL(10,2), at TIMESTAMP, raw BLOB)")
        let cursor = try await connection.cursor()
        #expect(cursor.description == nil)
        try await cursor.execute("SELECT id, name, price, at, raw, 1 + 1 AS two FROM t")
        let columns = try #require(cursor.description)
        #expect(columns.map(\.name) == ["id", "name", "price", "at", "raw", "two"])
        #expect(columns[0].typeCode == .NUMBER)
        #expect(columns[0].nullOK == false, "INTEGER PRIMARY KEY is the rowid")
        #expect(columns[1].typeCode == .STRING)
        #expect(columns[1].nullOK == false)
        #expect(columns[2].typeCode == .decimal)
        #expect(columns[2].precision == 10 && columns[2].scale == 2)
        #expect(columns[2].nullOK == true)
        #expect(columns[2].nativeType == "DECIMAL(10,2)")
        #expect(columns[3].typeCode == .DATETIME)
        #expect(columns[4].typeCode == .BINARY)
        #expect(columns[5].nullOK == nil, "an expression has no origin")
        #expect((columns[2].driverInfo as? SQLiteColumnInfo)?.type == .decimal(precision: 10, scale: 2))
        try await cursor.execute("INSERT INTO t (name) VALUES ('x')")
        #expect(cursor.description == nil)
    }

    @Test("an undeclared column is typed by its first non-null value")
    func undeclaredColumn() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.execute("SELECT NULL AS a, 7 AS b UNION ALL SELECT 2.5, 8")
        let columns = try #require(cursor.description)
        #expect(columns[0].typeCode == .float)
        #expect(columns[0].nativeType == "REAL")
        #expect(columns[1].typeCode == .integer)
        let rows = try await cursor.fetchall()
        #expect(rows.map(\.values) == [[.null, 7], [2.5, 8]])
    }

    @Test("rowcount: changes for INSERT, UPDATE, DELETE; -1 for queries and DDL")
    func rowcount() async throws {
        let connection = try await numbers(5)
        let cursor = try await connection.cursor()
        #expect(cursor.rowcount == -1)
        try await cursor.execute("UPDATE numbers SET label = 'x' WHERE n < 3")
        #expect(cursor.rowcount == 3)
        try await cursor.execute("DELETE FROM numbers WHERE n = 4")
        #expect(cursor.rowcount == 1)
        try await cursor.execute("INSERT INTO numbers VALUES (10, 'ten')")
        #expect(cursor.rowcount == 1)
        try await cursor.execute("UPDATE numbers SET label = 'y' WHERE n > 100")
        #expect(cursor.rowcount == 0)
        try await cursor.execute("WITH doomed AS (SELECT 0 AS n) DELETE FROM numbers WHERE n IN (SELECT n FROM doomed)")
        #expect(cursor.rowcount == 1)
        try await cursor.execute("SELECT * FROM numbers")
        #expect(cursor.rowcount == -1)
        try await cursor.execute("CREATE TABLE other (x)")
        #expect(cursor.rowcount == -1)
    }

    @Test("executemany prepares once, binds each set and sums the changes")
    func executemany() async throws {
        let connection = try await numbers(0)
        let cursor = try await connection.cursor()
        try await cursor.executemany("INSERT INTO numbers VALUES (?, ?)", parameterSets: [[1, "a"], [2, "b"], [3, nil]])
        #expect(cursor.rowcount == 3)
        #expect(cursor.description == nil)
        try await cursor.executemany("UPDATE numbers SET label = ? WHERE n >= ?", parameterSets: [["x", 2], ["y", 1]])
        #expect(cursor.rowcount == 5)
        try await cursor.executemany("INSERT INTO numbers VALUES (?, ?)", parameterSets: [])
        #expect(cursor.rowcount == 0)
        _ = await expectError(.programmingError) {
            try await cursor.executemany("SELECT ?", parameterSets: [[1]])
        }
        _ = await expectError(.programmingError) {
            try await cursor.executemany("INSERT INTO numbers VALUES (?, ?)", parameterSets: [[1, "a"], [2]])
        }
        #expect(try await scalar(connection, "SELECT count(*) FROM numbers") == 4, "autocommit keeps the sets before the failure")
    }

    @Test("the async row sequence streams, and breaking early leaves the rest to fetch")
    func rowSequence() async throws {
        let connection = try await numbers(3_000)
        let cursor = try await connection.execute("SELECT n FROM numbers ORDER BY n")
        var count = 0
        for try await row in cursor.rows {
            count += 1
            if try row.decode(Int.self, at: 0) == 1_499 { break }
        }
        #expect(count == 1_500)
        let next = try #require(try await cursor.fetchone())
        #expect(next[0] == 1_500)
        var rest = 0
        for try await _ in cursor.rows { rest += 1 }
        #expect(rest == 1_499)
    }

    @Test("close is idempotent, later use is an interfaceError, and the connection closes its cursors")
    func closeSemantics() async throws {
        let connection = try await numbers(2_000)
        let cursor = try await connection.execute("SELECT n FROM numbers")
        _ = try await cursor.fetchone()
        try await cursor.close()
        try await cursor.close()
        #expect(cursor.isClosed)
        _ = await expectError(.interfaceError) { _ = try await cursor.fetchone() }
        _ = await expectError(.interfaceError) { try await cursor.execute("SELECT 1") }

        let other = try await connection.execute("SELECT n FROM numbers")
        try await connection.close()
        try await connection.close()
        #expect(connection.isClosed)
        #expect(other.isClosed)
        _ = await expectError(.interfaceError) { _ = try await other.fetchall() }
        _ = await expectError(.interfaceError) { _ = try await connection.cursor() }
        _ = await expectError(.interfaceError) { try await connection.commit() }
    }

    @Test("re-executing discards the unread result and releases its statement")
    func reexecute() async throws {
        let connection = try await numbers(3_000)
        let cursor = try await connection.execute("SELECT n FROM numbers")
        _ = try await cursor.fetchmany(10)
        try await cursor.execute("SELECT count(*) FROM numbers")
        #expect(try await cursor.fetchall().map { $0[0] } == [3_000])
        // No statement keeps reading the table, so it can be dropped.
        try await cursor.execute("DROP TABLE numbers")
    }

    @Test("several statements in one execute are a programmingError; scripts run them all")
    func multipleStatements() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (x); INSERT INTO t VALUES (1); -- done")
        let cursor = try await connection.cursor()
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT 1; SELECT 2") }
        _ = await expectError(.programmingError) { try await cursor.execute("INSERT INTO t VALUES (2); DROP TABLE t") }
        _ = await expectError(.programmingError) { try await cursor.execute("INSERT INTO t VALUES (2);; ; DROP TABLE t") }
        _ = await expectError(.programmingError) { try await cursor.execute("INSERT INTO t VALUES (2); garbage") }
        try await cursor.execute("SELECT 1;; ;")
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == 1)
        try await cursor.execute("SELECT x FROM t; -- a trailing comment is fine\n")
        #expect(try await cursor.fetchall().count == 1)
        try await cursor.execute("  -- only a comment")
        #expect(cursor.description == nil)
    }

    @Test("nextset is false and callproc is not supported")
    func optionalMembers() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.execute("SELECT 1")
        #expect(try await cursor.nextset() == false)
        _ = await expectError(.notSupportedError) { _ = try await cursor.callproc("p") }
    }

    @Test("fetching without a result set is a programmingError")
    func fetchWithoutResult() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (x)")
        let cursor = try await connection.cursor()
        _ = await expectError(.programmingError) { _ = try await cursor.fetchone() }
        try await cursor.execute("INSERT INTO t VALUES (1)")
        _ = await expectError(.programmingError) { _ = try await cursor.fetchall() }
    }

    @Test("an empty result has a description and no rows")
    func emptyResult() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (x INTEGER, y TEXT)")
        let cursor = try await connection.execute("SELECT x, y FROM t")
        #expect(cursor.description?.map(\.typeCode) == [.integer, .string])
        #expect(try await cursor.fetchone() == nil)
        #expect(cursor.rowcount == 0)
    }
}

@Suite struct StreamingTests {
    @Test("rows are stepped lazily: a result holds its read lock only while unread rows remain")
    func lazyStepping() async throws {
        let directory = try TemporaryDirectory()
        let reader = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await reader.executeScript(
            "CREATE TABLE t (n); WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 3000) INSERT INTO t SELECT n FROM c")
        let writer = try SQLiteConnection.open(path: directory.path(), options: .init(busyTimeout: 0.05, autocommit: true))
        let insert = "INSERT INTO t VALUES (0)"

        let cursor = try await reader.execute("SELECT n FROM t")
        _ = try await cursor.fetchmany(1_500)
        // The statement is still being stepped, so its shared lock blocks the writer's commit.
        let error = await expectError(.operationalError) { try await writer.cursor().execute(insert) }
        #expect(error?.driverCode?.name == "SQLITE_BUSY")
        #expect(try await cursor.fetchall().count == 1_500)
        // Read to the end, the statement is finalized and the lock released.
        try await writer.cursor().execute(insert)

        // A result smaller than one batch is read (and released) by execute itself.
        let small = try await reader.execute("SELECT n FROM t LIMIT 10")
        try await writer.cursor().execute(insert)
        #expect(try await small.fetchall().count == 10)
    }

    @Test("rows already fetched stay readable after the cursor and connection close")
    func rowsOutliveCursor() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (a INTEGER, b TEXT); INSERT INTO t VALUES (1, 'x')")
        let cursor = try await connection.execute("SELECT a, b FROM t")
        let row = try #require(try await cursor.fetchone())
        try await connection.close()
        #expect(row.values == [1, "x"])
        #expect(try row.decode(String.self, named: "b") == "x")
    }

    @Test("a failed execute leaves no result set and keeps SQLite's error")
    func failedExecute() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.execute("SELECT 1")
        #expect(cursor.description != nil)
        let error = await expectError(.programmingError) { try await cursor.execute("SELECT * FROM nowhere") }
        #expect(error?.message.contains("no such table") == true)
        #expect(cursor.description == nil)
        #expect(cursor.rowcount == -1)
        _ = await expectError(.programmingError) { _ = try await cursor.fetchone() }
    }
}
