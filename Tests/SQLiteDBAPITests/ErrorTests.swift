import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

@Suite struct ErrorTests {
    @Test("syntax errors and unknown tables are programmingErrors with SQLite's code")
    func programmingErrors() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.cursor()
        let error = await expectError(.programmingError) { try await cursor.execute("SELEC 1") }
        #expect(error?.driverCode?.domain == "sqlite")
        #expect(error?.driverCode?.name == "SQLITE_ERROR")
        #expect(error?.message.contains("syntax error") == true)
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT * FROM missing") }
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT \"missing\"") }
        #expect(cursor.description == nil)
    }

    @Test("constraint violations are integrityErrors")
    func integrityErrors() async throws {
        let connection = try await memoryConnection(
            """
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER REFERENCES parent(id), name TEXT NOT NULL UNIQUE,
                                CHECK (length(name) > 1));
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES (1, 1, 'ab');
            """)
        let cursor = try await connection.cursor()
        let unique = await expectError(.integrityError) { try await cursor.execute("INSERT INTO child VALUES (2, 1, 'ab')") }
        #expect(unique?.driverCode?.name == "SQLITE_CONSTRAINT")
        #expect(unique?.driverCode?.number == 2_067, "SQLITE_CONSTRAINT_UNIQUE")
        _ = await expectError(.integrityError) { try await cursor.execute("INSERT INTO child VALUES (1, 1, 'cd')") }
        _ = await expectError(.integrityError) { try await cursor.execute("INSERT INTO child VALUES (3, 1, NULL)") }
        _ = await expectError(.integrityError) { try await cursor.execute("INSERT INTO child VALUES (3, 1, 'x')") }
        _ = await expectError(.integrityError) { try await cursor.execute("INSERT INTO child VALUES (3, 99, 'xy')") }
        _ = await expectError(.integrityError) {
            try await cursor.executemany("INSERT INTO child VALUES (?, 1, ?)", parameterSets: [[5, "ok"], [6, "ab"]])
        }
    }

    @Test("a database locked by another connection is an operationalError after the busy timeout")
    func busy() async throws {
        let directory = try TemporaryDirectory()
        let holder = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await holder.executeScript("CREATE TABLE t (x); BEGIN IMMEDIATE; INSERT INTO t VALUES (1)")
        let waiter = try SQLiteConnection.open(path: directory.path(), options: .init(busyTimeout: 0.05))
        let error = await expectError(.operationalError) {
            try await waiter.cursor().execute("INSERT INTO t VALUES (2)")
        }
        #expect(error?.driverCode?.name == "SQLITE_BUSY")
        // The waiter's implicit transaction holds a shared lock the holder's commit needs.
        try await waiter.rollback()
        try await holder.executeScript("COMMIT")
        try await waiter.cursor().execute("INSERT INTO t VALUES (2)")
        try await waiter.commit()
        #expect(try await scalar(holder, "SELECT count(*) FROM t") == 2)
    }

    @Test("dropping a table that a cursor of the same connection is reading is an operationalError")
    func locked() async throws {
        // More rows than one batch, so the statement is still being stepped.
        let connection = try await memoryConnection(
            "CREATE TABLE t (x); WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000) INSERT INTO t SELECT n FROM c")
        let reader = try await connection.execute("SELECT x FROM t")
        _ = try await reader.fetchone()
        let error = await expectError(.operationalError) { try await connection.cursor().execute("DROP TABLE t") }
        #expect(error?.driverCode?.name == "SQLITE_LOCKED")
        try await reader.close()
        try await connection.cursor().execute("DROP TABLE t")
    }

    @Test("writing through a read-only connection is an operationalError")
    func readOnly() async throws {
        let directory = try TemporaryDirectory()
        let writer = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await writer.executeScript("CREATE TABLE t (x); INSERT INTO t VALUES (1)")
        let reader = try SQLiteConnection.open(path: directory.path(), options: .init(readOnly: true))
        #expect(try await scalar(reader, "SELECT x FROM t") == 1)
        let error = await expectError(.operationalError) { try await reader.cursor().execute("INSERT INTO t VALUES (2)") }
        #expect(error?.driverCode?.name == "SQLITE_READONLY")
    }

    @Test("opening a missing file without create, or a directory, is an operationalError")
    func openFailures() async throws {
        let directory = try TemporaryDirectory()
        do {
            _ = try SQLiteConnection.open(path: directory.path("missing.sqlite"), options: .init(create: false))
            Issue.record("the file does not exist")
        } catch {
            #expect(error.kind == .operationalError)
            #expect(error.driverCode?.name == "SQLITE_CANTOPEN")
        }
        let garbage = directory.path("garbage.sqlite")
        try Data(repeating: 0x41, count: 4_096).write(to: URL(fileURLWithPath: garbage))
        do {
            _ = try SQLiteConnection.open(path: garbage)
            Issue.record("the file is not a database")
        } catch {
            #expect(error.kind == .databaseError)
            #expect(error.driverCode?.name == "SQLITE_NOTADB")
        }
        do {
            _ = try SQLiteConnection.open(path: directory.url.path)
            Issue.record("a directory is not a database")
        } catch {
            #expect(error.kind == .operationalError)
        }
    }

    @Test("runtime errors while stepping are reported by execute")
    func runtimeErrors() async throws {
        let connection = try await memoryConnection()
        let cursor = try await connection.cursor()
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT json('not json')") }
        _ = await expectError(.programmingError) { try await cursor.execute("SELECT abs(-9223372036854775808)") }
    }
}
