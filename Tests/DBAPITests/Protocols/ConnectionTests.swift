import DBAPI
import Testing

@Suite struct ConnectionTests {
    @Test("closing a connection closes its cursors and refuses new ones")
    func closeClosesCursors() async throws {
        let source = TrackingSource(sevenCityBatches())
        let connection = TestConnection(script: standardScript(source: source))
        let reading = try await connection.cursor()
        let idle = try await connection.cursor()
        try await reading.execute("SELECT cities")
        _ = try await reading.fetchone()
        try await connection.close()
        #expect(connection.isClosed)
        #expect(reading.isClosed)
        #expect(idle.isClosed)
        #expect(source.wasCancelled)
        do {
            _ = try await reading.fetchone()
            Issue.record("cursor closed with its connection")
        } catch {
            #expect(error.isInterfaceError)
        }
        do {
            _ = try await connection.cursor()
            Issue.record("connection closed")
        } catch {
            #expect(error.isInterfaceError)
        }
        await #expect(throws: DBAPIError.self) { try await connection.commit() }
        try await connection.close()
    }

    @Test("closing without commit rolls back, as PEP 249 requires")
    func closeRollsBack() async throws {
        let connection = TestConnection(script: standardScript())
        try await connection.close()
        try await connection.close()
        #expect(connection.rollbacks.value == 1)
    }

    @Test("autocommit starts off and can be switched on")
    func autocommit() async throws(DBAPIError) {
        let connection = TestConnection(script: standardScript())
        #expect(try await connection.autocommit() == false)
        try await connection.setAutocommit(true)
        #expect(try await connection.autocommit())
        #expect(connection.commits.value == 1, "switching autocommit on commits")
        try await connection.commit()
        try await connection.rollback()
        #expect(connection.commits.value == 2)
        #expect(connection.rollbacks.value == 1)
    }

    @Test("cursors dropped by their users are not kept alive by the connection")
    func weakCursors() async throws {
        let connection = TestConnection(script: standardScript())
        weak var dropped: TestCursor?
        do {
            let cursor = try await connection.cursor()
            dropped = cursor
        }
        #expect(dropped == nil)
        try await connection.close()
    }

    @Test("execute on a connection returns a cursor with the result")
    func connectionExecute() async throws {
        let connection = TestConnection(script: standardScript())
        let cursor = try await connection.execute("SELECT cities")
        #expect(try await cursor.fetchall().count == 7)
        let any: any Connection = connection
        let other = try await any.cursor()
        try await other.execute("UPDATE t", parameters: [2])
        #expect(other.rowcount == 2)
    }
}
