import DBAPI
import FlightSQL
import Foundation
import Testing

/// Transactions through `setAutocommit(false)`, `commit()` and `rollback()` on the project's
/// own server, which supports them (each Flight SQL transaction is its own SQLite connection).
@Suite struct OwnServerTransactionTests {
    static let schema = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"

    func count(_ connection: FlightSQLConnection) async throws -> Int {
        let cursor = try await connection.cursor()
        let count = try await cursor.scalar("SELECT count(*) FROM t", as: Int.self)
        try await cursor.close()
        return count
    }

    @Test("the server reports transactions (savepoint level) and the connection starts in autocommit")
    func capabilities() async throws {
        try await OwnServer.withConnection { _, connection in
            let capabilities = try await connection.serverCapabilities()
            #expect(capabilities.serverName == "swift-flightsql")
            #expect(capabilities.supportsSQL == true)
            #expect(capabilities.transactions == .savepoint)
            #expect(capabilities.supportsTransactions)
            #expect(try await connection.autocommit())
        }
    }

    @Test("autocommit off: rollback discards; commit makes the work visible to a second connection")
    func commitAndRollback() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: Self.schema) { server in
            let writer = try await server.connect()
            let reader = try await server.connect()
            try await writer.setAutocommit(false)
            #expect(try await writer.autocommit() == false)
            let cursor = try await writer.cursor()

            try await cursor.execute("INSERT INTO t (id, v) VALUES (1, 'rolled back')")
            #expect(cursor.rowcount == 1)
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 1, "the transaction sees its own work")
            #expect(try await count(reader) == 0, "nobody else does")
            try await writer.rollback()
            #expect(try await count(writer) == 0)
            #expect(try await count(reader) == 0)

            // Parameters (prepared statements) and executemany join the transaction too.
            try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [2, "committed"])
            try await cursor.executemany("INSERT INTO t (id, v) VALUES (?, ?)", parameterSets: [[3, "x"], [4, "y"]])
            #expect(cursor.rowcount == 2)
            try await cursor.execute("SELECT v FROM t WHERE id = ?", parameters: [3])
            #expect(try await cursor.fetchone()?.decode(String.self, at: 0) == "x")
            #expect(try await count(reader) == 0)
            try await writer.commit()
            #expect(try await count(reader) == 3)

            // Still manual after commit: the next statement runs in the next transaction.
            try await cursor.execute("DELETE FROM t WHERE id = ?", parameters: [4])
            #expect(cursor.rowcount == 1)
            #expect(try await count(reader) == 3)
            try await writer.rollback()
            #expect(try await count(writer) == 3)
            try await cursor.execute("DELETE FROM t WHERE id = 4")
            // Turning autocommit back on commits the open transaction.
            try await writer.setAutocommit(true)
            #expect(try await writer.autocommit())
            #expect(try await count(reader) == 2)

            // Autocommit on: every statement is visible at once; rollback has nothing to undo.
            try await cursor.execute("INSERT INTO t (id, v) VALUES (5, 'auto')")
            #expect(try await count(reader) == 3)
            try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [6, "auto, prepared"])
            try await writer.rollback()
            try await writer.commit()
            #expect(try await count(reader) == 4)
            #expect(try await reader.execute("SELECT id FROM t ORDER BY id").fetchall().map { try $0.decode(Int.self, at: 0) } == [2, 3, 5, 6])

            try await writer.close()
            try await reader.close()
        }
    }

    @Test("closing a connection rolls back its open transaction; a failed statement leaves the transaction usable")
    func closeRollsBack() async throws {
        try await OwnServer.with(script: Self.schema) { server in
            let reader = try await server.connect()
            let writer = try await server.connect()
            try await writer.setAutocommit(false)
            let cursor = try await writer.cursor()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (1, 'a')")
            let duplicate = try await #require(throws: DBAPIError.self) {
                try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [1, "again"])
            }
            #expect(duplicate.kind == .integrityError, "\(duplicate)")
            try await cursor.execute("INSERT INTO t (id, v) VALUES (2, 'b')")
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 2)
            try await writer.close()
            #expect(writer.isClosed)
            #expect(try await count(reader) == 0)
            let closed = try await #require(throws: DBAPIError.self) { try await writer.commit() }
            #expect(closed.kind == .interfaceError)
            try await reader.close()
        }
    }

    @Test("savepoints: rollbackToSavepoint undoes the work since it, releaseSavepoint keeps it, commit publishes")
    func savepoints() async throws {
        try await OwnServer.with(script: Self.schema) { server in
            let reader = try await server.connect()
            let connection = try await server.connect()
            // Savepoints need a transaction.
            let auto = try await #require(throws: DBAPIError.self) { try await connection.savepoint("early") }
            #expect(auto.kind == .programmingError, "\(auto)")
            try await connection.setAutocommit(false)
            let cursor = try await connection.cursor()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (1, 'before')")
            try await connection.savepoint("a")
            try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [2, "after a"])
            try await connection.savepoint("b b'\"")  // any name: sent as data, never as SQL
            try await cursor.execute("INSERT INTO t (id, v) VALUES (3, 'after b')")
            try await connection.rollbackToSavepoint("b b'\"")
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 2)
            // Rolling back ended "b" (Flight SQL's meaning): it cannot be used again.
            let ended = try await #require(throws: DBAPIError.self) { try await connection.releaseSavepoint("b b'\"") }
            #expect(ended.kind == .programmingError, "\(ended)")
            try await connection.releaseSavepoint("a")
            #expect(try await count(reader) == 0)
            try await connection.commit()
            #expect(try await reader.execute("SELECT id FROM t ORDER BY id").fetchall().map { try $0.decode(Int.self, at: 0) } == [1, 2])

            // A rollback of the whole transaction undoes released savepoints too, and forgets them.
            try await connection.savepoint("c")
            try await cursor.execute("DELETE FROM t")
            try await connection.releaseSavepoint("c")
            try await connection.rollback()
            #expect(try await count(reader) == 2)
            let forgotten = try await #require(throws: DBAPIError.self) { try await connection.rollbackToSavepoint("c") }
            #expect(forgotten.kind == .programmingError)

            // SQL SAVEPOINT is refused by the server (it would act on a shared connection).
            let sql = try await #require(throws: DBAPIError.self) { try await cursor.execute("SAVEPOINT s1") }
            #expect(sql.kind == .programmingError, "\(sql)")
            try await connection.close()
            try await reader.close()
        }
    }

    @Test("a second writer while a transaction holds SQLite's write lock: operationalError (ABORTED), then it works after commit")
    func writeLockConflict() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: Self.schema) { server in
            let holder = try await server.connect()
            let other = try await server.connect()
            try await holder.setAutocommit(false)
            try await holder.cursor().execute("INSERT INTO t (id, v) VALUES (1, 'held')")
            let cursor = try await other.cursor()
            let busy = try await #require(throws: DBAPIError.self) {
                try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [2, "waits"])
            }
            #expect(busy.kind == .operationalError, "\(busy)")
            #expect(busy.driverCode == .grpc(10), "\(busy)")
            // Readers are not blocked (WAL).
            #expect(try await count(other) == 0)
            try await holder.commit()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (?, ?)", parameters: [2, "after"])
            #expect(cursor.rowcount == 1)
            #expect(try await count(other) == 2)
            try await holder.close()
            try await other.close()
        }
    }
}
