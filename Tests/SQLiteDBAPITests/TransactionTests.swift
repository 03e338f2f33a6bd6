import DBAPI
import SQLiteDBAPI
import Testing

@Suite struct TransactionTests {
    /// A file database with `t(x)`, and a second connection to observe what is committed.
    func files() async throws -> (TemporaryDirectory, SQLiteConnection, SQLiteConnection) {
        let directory = try TemporaryDirectory()
        let setup = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await setup.executeScript("CREATE TABLE t (x INTEGER)")
        try await setup.close()
        let connection = try SQLiteConnection.open(path: directory.path())
        let observer = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        return (directory, connection, observer)
    }

    func count(_ connection: SQLiteConnection) async throws -> Value {
        try await scalar(connection, "SELECT count(*) FROM t")
    }

    @Test("autocommit is off by default: a transaction opens implicitly and rollback undoes it")
    func rollbackUndoes() async throws {
        let (directory, connection, observer) = try await files()
        #expect(try await connection.autocommit() == false)
        #expect(try await connection.isInTransaction() == false)
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (1)")
        #expect(try await connection.isInTransaction())
        #expect(try await count(connection) == 1)
        #expect(try await count(observer) == 0, "not visible before commit")
        try await connection.rollback()
        #expect(try await connection.isInTransaction() == false)
        #expect(try await count(connection) == 0)
        _ = directory
    }

    @Test("commit makes the work permanent and visible to other connections")
    func commitKeeps() async throws {
        let (directory, connection, observer) = try await files()
        let cursor = try await connection.cursor()
        try await cursor.executemany("INSERT INTO t VALUES (?)", parameterSets: [[1], [2]])
        try await connection.commit()
        #expect(try await count(observer) == 2)
        try await connection.commit()  // nothing open: a no-op
        try await connection.close()
        let reopened = try SQLiteConnection.open(path: directory.path())
        #expect(try await count(reopened) == 2)
    }

    @Test("close rolls back an open transaction")
    func closeRollsBack() async throws {
        let (directory, connection, observer) = try await files()
        try await connection.cursor().execute("INSERT INTO t VALUES (1)")
        try await connection.close()
        #expect(try await count(observer) == 0)
        _ = directory
    }

    @Test("autocommit on: each statement persists; commit and rollback do nothing")
    func autocommitOn() async throws {
        let (directory, _, observer) = try await files()
        let connection = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await connection.cursor().execute("INSERT INTO t VALUES (1)")
        #expect(try await connection.isInTransaction() == false)
        #expect(try await count(observer) == 1)
        try await connection.rollback()
        #expect(try await count(observer) == 1)
        // Explicit transactions in SQL still work.
        try await connection.executeScript("BEGIN; INSERT INTO t VALUES (2); ROLLBACK")
        #expect(try await count(observer) == 1)
    }

    @Test("turning autocommit on commits the open transaction")
    func setAutocommit() async throws {
        let (directory, connection, observer) = try await files()
        try await connection.cursor().execute("INSERT INTO t VALUES (1)")
        try await connection.setAutocommit(true)
        #expect(try await connection.autocommit())
        #expect(try await count(observer) == 1)
        try await connection.setAutocommit(false)
        try await connection.cursor().execute("INSERT INTO t VALUES (2)")
        #expect(try await count(observer) == 1)
        try await connection.commit()
        #expect(try await count(observer) == 2)
        _ = directory
    }

    @Test("savepoints nest in the transaction: roll back to one, release another, then commit")
    func savepoints() async throws {
        let (directory, connection, observer) = try await files()
        let cursor = try await connection.cursor()
        try await connection.savepoint("a")
        try await cursor.execute("INSERT INTO t VALUES (1)")
        try await connection.savepoint("b \"quoted\"")
        try await cursor.execute("INSERT INTO t VALUES (2)")
        try await connection.rollbackToSavepoint("b \"quoted\"")
        #expect(try await count(connection) == 1)
        try await connection.releaseSavepoint("b \"quoted\"")
        try await connection.releaseSavepoint("a")
        #expect(try await connection.isInTransaction(), "released savepoints stay in the implicit transaction")
        #expect(try await count(observer) == 0)
        try await connection.commit()
        #expect(try await count(observer) == 1)
        _ = await expectError(.programmingError) { try await connection.releaseSavepoint("missing") }
        _ = await expectError(.programmingError) { try await connection.savepoint("") }
        _ = directory
    }

    @Test("in autocommit mode, releasing the outermost savepoint commits")
    func savepointsInAutocommit() async throws {
        let (directory, _, observer) = try await files()
        let connection = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
        try await connection.savepoint("outer")
        try await connection.cursor().execute("INSERT INTO t VALUES (1)")
        #expect(try await count(observer) == 0)
        try await connection.releaseSavepoint("outer")
        #expect(try await count(observer) == 1)
    }

    @Test("a rollback leaves a query being read on the connection readable")
    func rollbackKeepsReaders() async throws {
        let connection = try await memoryConnection("CREATE TABLE n (x)", options: .init())
        let cursor = try await connection.cursor()
        try await cursor.executemany("INSERT INTO n VALUES (?)", parameterSets: (0..<3_000).map { [.int(Int64($0))] })
        try await connection.commit()
        try await cursor.execute("SELECT x FROM n")
        _ = try await cursor.fetchone()
        try await connection.rollback()
        #expect(try await cursor.fetchall().count == 2_999)
    }
}
