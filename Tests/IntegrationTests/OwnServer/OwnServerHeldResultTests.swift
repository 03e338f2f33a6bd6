import DBAPI
import FlightSQL
import Foundation
import Testing

/// A DB-API cursor that stops reading a large result halfway holds no lock over the other
/// clients on the project's own server: the server used to run every query outside
/// transactions on one shared SQLite connection, which the pending result kept on its old
/// snapshot, so others' commits were invisible and their autocommit writes "database is locked".
@Suite struct OwnServerHeldResultTests {
    static let rows = 50_000
    static let schema = """
        CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT);
        CREATE TABLE big (n INTEGER PRIMARY KEY, pad TEXT NOT NULL);
        INSERT INTO big
            WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < \(rows))
            SELECT x, printf('%060d', x) FROM c;
        """

    @Test("while a cursor holds a half-read result, a transaction's commit and an autocommit write are seen by all")
    func halfReadCursor() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: Self.schema) { server in
            let holder = try await server.connect()
            let writer = try await server.connect()
            let other = try await server.connect()
            let held = try await holder.cursor()
            try await held.execute("SELECT n FROM big ORDER BY n")
            let first = try await held.fetchmany(10)
            #expect(first.count == 10)

            try await writer.setAutocommit(false)
            let write = try await writer.cursor()
            try await write.execute("INSERT INTO t (id, v) VALUES (1, 'committed')")
            try await writer.commit()
            let cursor = try await other.cursor()
            try await cursor.execute("INSERT INTO t (id, v) VALUES (2, 'autocommit')")
            #expect(cursor.rowcount == 1)
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 2)

            var numbers = try first.map { try $0.decode(Int.self, at: 0) }
            numbers += try await held.fetchall().map { try $0.decode(Int.self, at: 0) }
            #expect(numbers == Array(1...Self.rows))
            for connection in [holder, writer, other] { try await connection.close() }
        }
    }
}
