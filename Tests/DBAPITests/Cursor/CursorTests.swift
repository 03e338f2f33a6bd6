import DBAPI
import Testing

@Suite struct CursorTests {
    func cursor(source: TrackingSource? = nil) async throws(DBAPIError) -> TestCursor {
        try await TestConnection(script: standardScript(source: source)).cursor()
    }

    func ids(_ rows: [Row]) throws(DBAPIError) -> [Int] {
        var ids: [Int] = []
        for row in rows { ids.append(try row.decode(Int.self, at: 0)) }
        return ids
    }

    @Test("fetchone walks across batch boundaries, skipping empty batches")
    func fetchoneAcrossBatches() async throws {
        let cursor = try await cursor()
        try await cursor.execute("SELECT cities")
        var seen: [Int] = []
        while let row = try await cursor.fetchone() { seen.append(try row.decode(Int.self, at: 0)) }
        #expect(seen == [0, 1, 2, 3, 4, 5, 6])
        #expect(try await cursor.fetchone() == nil)
    }

    @Test("fetchmany honours arraysize and spans batches")
    func fetchmany() async throws(DBAPIError) {
        let cursor = try await cursor()
        #expect(cursor.arraysize == 1)
        try await cursor.execute("SELECT cities")
        #expect(try ids(try await cursor.fetchmany()) == [0])
        cursor.arraysize = 4
        #expect(try ids(try await cursor.fetchmany()) == [1, 2, 3, 4])
        #expect(try ids(try await cursor.fetchmany(5)) == [5, 6])
        #expect(try await cursor.fetchmany().isEmpty)
        cursor.arraysize = 0
        #expect(cursor.arraysize == 1, "arraysize stays positive")
    }

    @Test("fetchall returns the rest")
    func fetchall() async throws(DBAPIError) {
        let cursor = try await cursor()
        try await cursor.execute("SELECT cities")
        _ = try await cursor.fetchone()
        let rows = try await cursor.fetchall()
        #expect(try ids(rows) == [1, 2, 3, 4, 5, 6])
        #expect(try rows[3].decode(String.self, named: "city") == "city4")
        #expect(try await cursor.fetchall().isEmpty)
    }

    @Test("description is set by execute before any fetch, nil without a result set")
    func description() async throws {
        let source = TrackingSource(sevenCityBatches())
        let cursor = try await cursor(source: source)
        #expect(cursor.description == nil)
        try await cursor.execute("SELECT cities")
        #expect(cursor.description?.map(\.name) == ["id", "city"])
        #expect(try #require(cursor.description)[0].typeCode == .NUMBER)
        #expect(source.pullCount == 0, "no batch is read before the first fetch")
        try await cursor.execute("UPDATE t", parameters: [3])
        #expect(cursor.description == nil)
        #expect(source.wasCancelled, "re-executing cancels the unread result")
    }

    @Test("rowcount: affected rows, -1 when unknown, the row count once a result is read")
    func rowcount() async throws {
        let cursor = try await cursor()
        #expect(cursor.rowcount == -1)
        try await cursor.execute("UPDATE t", parameters: [3])
        #expect(cursor.rowcount == 3)
        try await cursor.execute("UPDATE t")
        #expect(cursor.rowcount == -1)
        try await cursor.execute("SELECT cities")
        #expect(cursor.rowcount == -1)
        _ = try await cursor.fetchall()
        #expect(cursor.rowcount == 7)
        try await cursor.executemany("UPDATE t", parameterSets: [[2], [5]])
        #expect(cursor.rowcount == 7)
        #expect(cursor.description == nil)
        try await cursor.executemany("UPDATE t", parameterSets: [[2], []])
        #expect(cursor.rowcount == -1)
    }

    @Test("fetching without a result set is a programmingError")
    func fetchWithoutResult() async throws {
        let cursor = try await cursor()
        await #expect(throws: DBAPIError.self) { try await cursor.fetchone() }
        try await cursor.execute("UPDATE t", parameters: [1])
        do {
            _ = try await cursor.fetchall()
            Issue.record("an update has no rows")
        } catch {
            #expect(error.isProgrammingError)
        }
    }

    @Test("a failed execute leaves no result set and keeps the server's error")
    func failedExecute() async throws {
        let cursor = try await cursor()
        try await cursor.execute("SELECT cities")
        do {
            try await cursor.execute("DROP everything")
            Issue.record("the script rejects it")
        } catch {
            #expect(error.isProgrammingError)
            #expect(error.driverCode?.name == "INVALID_ARGUMENT")
        }
        #expect(cursor.description == nil)
    }

    @Test("an empty result fetches nothing")
    func emptyResult() async throws {
        let cursor = try await cursor()
        try await cursor.execute("SELECT empty")
        #expect(cursor.description?.count == 2)
        #expect(try await cursor.fetchone() == nil)
        #expect(try await cursor.fetchall().isEmpty)
        #expect(cursor.rowcount == 0)
    }

    @Test("after close every operation is an interfaceError and the stream is cancelled")
    func closeSemantics() async throws {
        let source = TrackingSource(sevenCityBatches())
        let cursor = try await cursor(source: source)
        try await cursor.execute("SELECT cities")
        _ = try await cursor.fetchone()
        try await cursor.close()
        #expect(cursor.isClosed)
        #expect(source.wasCancelled)
        try await cursor.close()
        for operation in 0..<4 {
            do {
                switch operation {
                case 0: _ = try await cursor.fetchone()
                case 1: _ = try await cursor.fetchmany(2)
                case 2: _ = try await cursor.fetchall()
                default: try await cursor.execute("SELECT cities")
                }
                Issue.record("operation \(operation) after close")
            } catch {
                #expect(error.isInterfaceError)
            }
        }
    }

    @Test("rows already fetched stay readable after close")
    func rowsOutliveCursor() async throws {
        let cursor = try await cursor()
        try await cursor.execute("SELECT cities")
        let rows = try await cursor.fetchmany(2)
        try await cursor.close()
        #expect(try ids(rows) == [0, 1])
    }

    @Test("a stream error surfaces from fetch and again on the next fetch")
    func streamError() async throws {
        let source = TrackingSource([cityBatch(start: 0, count: 2)], failingWith: DBAPIError(grpcStatusCode: 14, message: "stream reset"))
        let cursor = try await cursor(source: source)
        try await cursor.execute("SELECT cities")
        #expect(try ids(try await cursor.fetchmany(2)) == [0, 1])
        for _ in 0..<2 {
            do {
                _ = try await cursor.fetchone()
                Issue.record("the stream fails")
            } catch {
                #expect(error.isOperationalError)
                #expect(error.message == "stream reset")
            }
        }
        #expect(source.wasCancelled)
    }

    @Test("nextset, setinputsizes, setoutputsize and callproc behave as documented")
    func extras() async throws {
        let cursor = try await cursor()
        try await cursor.execute("SELECT cities")
        #expect(try await cursor.nextset() == false)
        cursor.setinputsizes([4, nil])
        cursor.setoutputsize(1_000)
        cursor.setoutputsize(1_000, column: 1)
        #expect(try ids(try await cursor.fetchmany(1)) == [0], "the no-ops leave the result alone")
        do {
            _ = try await cursor.callproc("proc", parameters: [1])
            Issue.record("callproc is not supported")
        } catch {
            #expect(error.isNotSupportedError)
        }
    }
}
