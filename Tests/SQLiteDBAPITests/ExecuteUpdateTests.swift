import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// `SQLiteConnection.executeUpdate`: statements run for their effect, rows discarded, the
/// changes counted (what a server answers an update request with).
@Suite struct ExecuteUpdateTests {
    static let schema = "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);"

    @Test("INSERT/UPDATE/DELETE … RETURNING run to completion and report sqlite3_changes")
    func returning() async throws {
        let connection = try await memoryConnection(Self.schema)
        #expect(try await connection.executeUpdate("INSERT INTO t (v) VALUES ('a'), ('b'), ('c') RETURNING id") == 3)
        #expect(try await connection.executeUpdate("UPDATE t SET v = 'z' WHERE id > 1 RETURNING id, v") == 2)
        #expect(try await connection.executeUpdate("DELETE FROM t WHERE id = 1 RETURNING *") == 1)
        #expect(try await connection.executeUpdate("INSERT INTO t (v) SELECT v FROM t WHERE 0 RETURNING id") == 0)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, v FROM t ORDER BY id")
        #expect(try await cursor.fetchall().map { try $0.decode((Int, String).self) }.map { "\($0.0)\($0.1)" } == ["2z", "3z"])
        try await connection.close()
    }

    @Test("once per parameter set, changes summed; a failing set stops the call after the sets before it")
    func parameterSets() async throws {
        let connection = try await memoryConnection(Self.schema)
        let sql = "INSERT INTO t (id, v) VALUES (?, ?) RETURNING id"
        #expect(try await connection.executeUpdate(sql, parameterSets: [[1, "a"], [2, "b"]]) == 2)
        let error = await expectError(.integrityError) {
            _ = try await connection.executeUpdate(sql, parameterSets: [[3, "c"], [1, "again"]])
        }
        #expect(error?.message.contains("UNIQUE") == true)
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == .int(3))
        try await connection.close()
    }

    @Test("DDL counts -1; a query only reads, is stepped once and counts -1; its errors still surface")
    func otherStatements() async throws {
        let connection = try await memoryConnection(Self.schema)
        #expect(try await connection.executeUpdate("CREATE TABLE u (x)") == -1)
        #expect(try await connection.executeUpdate("INSERT INTO t (v) VALUES ('a')") == 1)
        #expect(try await connection.executeUpdate("SELECT * FROM t") == -1)
        _ = await expectError(.programmingError) { _ = try await connection.executeUpdate("SELECT * FROM missing") }
        _ = await expectError(.programmingError) { _ = try await connection.executeUpdate("SELECT ?", parameterSets: []) }
        try await connection.close()
        _ = await expectError(.interfaceError) { _ = try await connection.executeUpdate("DELETE FROM t") }
    }

    @Test("manual-commit mode opens the implicit transaction first, so rollback undoes the update")
    func transaction() async throws {
        let connection = try await memoryConnection(Self.schema)
        try await connection.setAutocommit(false)
        #expect(try await connection.executeUpdate("INSERT INTO t (v) VALUES ('a') RETURNING id") == 1)
        #expect(try await connection.isInTransaction())
        try await connection.rollback()
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == .int(0))
        try await connection.close()
    }
}
