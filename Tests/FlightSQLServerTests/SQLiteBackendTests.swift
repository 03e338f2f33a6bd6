import Arrow
import DBAPI
import Foundation
import Testing

@testable import FlightSQLServer

/// How ``SQLiteBackend`` opens its database.
@Suite struct SQLiteBackendTests {
    @Test("a read-only :memory: backend serves an empty database and refuses writes")
    func readOnlyMemory() async throws {
        // `flightsql serve --read-only` without `--sqlite`: it used to fail at startup with
        // "unable to open database file", opening a temporary file that did not exist yet.
        let backend = try await SQLiteBackend(path: ":memory:", readOnly: true)
        #expect(backend.isReadOnly)
        let session = try await backend.openSession(transactional: false)
        let stream = try await session.executeQuery("SELECT count(*) FROM sqlite_schema", parameters: [], batchSize: 10)
        let batch = try #require(try await stream.next())
        #expect(batch.columns[0].value(at: 0) == .int(0))
        await stream.close()
        let refused = try await #require(throws: DBAPIError.self) { _ = try await session.executeUpdate("CREATE TABLE t (a)", parameterSets: []) }
        #expect(refused.message.contains("readonly"), "\(refused.message)")
        let transaction = try await backend.openSession(transactional: true)
        #expect(try await transaction.tables(FlightSQLTableFilter(), includeSchema: false).isEmpty)
        await transaction.close()
        await session.close()
        let path = backend.path
        await backend.close()
        #expect(!FileManager.default.fileExists(atPath: path), "the temporary database is deleted on close")
    }

    @Test("queries outside a transaction run on connections of their own, returned for reuse")
    func readerPool() async throws {
        let backend = try await SQLiteBackend(path: ":memory:")
        try await backend.executeScript("CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3);")
        let session = try await backend.openSession(transactional: false)
        // Two results held open at once, each on its own connection.
        let first = try await session.executeQuery("SELECT a FROM t ORDER BY a", parameters: [], batchSize: 1)
        let second = try await session.executeQuery("SELECT a FROM t ORDER BY a DESC", parameters: [], batchSize: 1)
        #expect(backend.pool.leasedCount == 2)
        #expect(try await first.next()?.columns[0].value(at: 0) == .int(1))
        #expect(try await second.next()?.columns[0].value(at: 0) == .int(3))
        // Meanwhile a write outside both commits, and a new query sees it.
        #expect(try await session.executeUpdate("INSERT INTO t VALUES (4)", parameterSets: []) == 1)
        let count = try await session.executeQuery("SELECT count(*) FROM t", parameters: [], batchSize: 1)
        #expect(try await count.next()?.columns[0].value(at: 0) == .int(4))
        await count.close()
        await first.close()
        await second.close()
        #expect(backend.pool.leasedCount == 0)
        #expect(backend.pool.idleCount == 3)
        await session.close()
        await backend.close()
    }
}
