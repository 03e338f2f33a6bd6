import DBAPI
import FlightSQL
import Foundation
import Testing

/// PEP 249's cursor methods a Flight SQL cursor has no real use for: `nextset` (one result
/// set per statement), `setinputsizes`/`setoutputsize` (accepted and ignored) and `callproc`
/// (Flight SQL has no stored procedures), on a `FlightSQLCursor` of the project's own server.
@Suite struct OwnServerCursorMethodsTests {
    static let script = """
        CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);
        INSERT INTO t VALUES (1, 'one'), (2, 'two'), (3, 'three');
        """

    @Test("nextset() is false, before an execute and with a result open, and leaves the result alone")
    func nextset() async throws {
        try await OwnServer.withConnection(script: Self.script) { _, connection in
            let cursor: FlightSQLCursor = try await connection.cursor()
            #expect(try await cursor.nextset() == false)
            try await cursor.execute("SELECT id FROM t ORDER BY id")
            #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 1)
            #expect(try await cursor.nextset() == false)
            // The current result set is still the one being read.
            #expect(cursor.description?.map(\.name) == ["id"])
            #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [2, 3])
            #expect(try await cursor.nextset() == false)
        }
    }

    @Test("setinputsizes and setoutputsize are accepted and change nothing")
    func sizes() async throws {
        try await OwnServer.withConnection(script: Self.script) { _, connection in
            let cursor: FlightSQLCursor = try await connection.cursor()
            cursor.setinputsizes([8, nil])
            cursor.setoutputsize(1_000)
            cursor.setoutputsize(2, column: 1)
            // Longer values than the sizes given still go through, in and out.
            try await cursor.execute("INSERT INTO t VALUES (?, ?)", parameters: [4, "a name longer than eight"])
            #expect(cursor.rowcount == 1)
            try await cursor.execute("SELECT id, name FROM t WHERE id >= ? ORDER BY id", parameters: [3])
            #expect(cursor.description?.map(\.name) == ["id", "name"])
            let rows = try await cursor.fetchall().map { try $0.decode((Int, String).self) }
            #expect(rows.map { $0.0 } == [3, 4])
            #expect(rows.map { $0.1 } == ["three", "a name longer than eight"])
            #expect(cursor.arraysize == 1)
        }
    }

    @Test("callproc is a notSupportedError, and the cursor keeps working")
    func callproc() async throws {
        try await OwnServer.withConnection(script: Self.script) { _, connection in
            let cursor: FlightSQLCursor = try await connection.cursor()
            try await cursor.execute("SELECT id FROM t ORDER BY id")
            let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.callproc("anything", parameters: [1]) }
            #expect(error.kind == .notSupportedError, "\(error)")
            // The open result is untouched.
            #expect(try await cursor.fetchall().count == 3)
            #expect(try await cursor.scalar("SELECT count(*) FROM t", as: Int.self) == 3)
        }
    }
}
