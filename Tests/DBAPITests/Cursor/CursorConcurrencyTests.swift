import DBAPI
import Foundation
import Testing

/// A source whose `nextBatch` waits until the test releases it, or until cancelled.
final class GatedSource: RowBatchSource, @unchecked Sendable {
    private let lock = NSLock()
    private var waiter: CheckedContinuation<Void, Never>?
    private var batches: [any RowBatch]
    private var cancelled = false

    init(_ batches: [any RowBatch]) { self.batches = batches }

    var isWaiting: Bool { lock.withLock { waiter != nil } }
    var wasCancelled: Bool { lock.withLock { cancelled } }

    func nextBatch() async throws(DBAPIError) -> (any RowBatch)? {
        await withCheckedContinuation { continuation in
            lock.withLock { waiter = continuation }
        }
        return lock.withLock { cancelled || batches.isEmpty ? nil : batches.removeFirst() }
    }

    func release() {
        let continuation = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            defer { waiter = nil }
            return waiter
        }
        continuation?.resume()
    }

    func cancel() async {
        lock.withLock { cancelled = true }
        release()
    }

    /// Waits (by yielding) until a fetch is blocked in `nextBatch`.
    func waitUntilWaiting() async {
        while !isWaiting { await Task.yield() }
    }
}

@Suite struct CursorConcurrencyTests {
    func cursor(with source: GatedSource) async throws -> TestCursor {
        let cursor = try await TestConnection { (_: String, _: [Value]) throws(DBAPIError) -> ExecutionResult in
            .rows(columns: cityBatch(start: 0, count: 0).columns, source: source)
        }.cursor()
        try await cursor.execute("SELECT")
        return cursor
    }

    @Test("a second fetch while one waits for a batch is a programmingError, not an interleaving")
    func busy() async throws {
        let source = GatedSource([cityBatch(start: 0, count: 2)])
        let cursor = try await cursor(with: source)
        let first = Task { try await cursor.fetchone() }
        await source.waitUntilWaiting()
        do {
            _ = try await cursor.fetchone()
            Issue.record("the cursor is busy")
        } catch {
            #expect(error.isProgrammingError)
            #expect(error.message.contains("busy"))
        }
        await #expect(throws: DBAPIError.self) { try await cursor.execute("SELECT") }
        source.release()
        let row = try #require(try await first.value)
        #expect(try row.decode(Int.self, at: 0) == 0)
        #expect(try await cursor.fetchone() != nil, "the cursor is usable again")
    }

    @Test("closing while a fetch waits cancels the stream and fails the fetch with an interfaceError")
    func closeDuringFetch() async throws {
        let source = GatedSource([cityBatch(start: 0, count: 2)])
        let cursor = try await cursor(with: source)
        let pending = Task { try await cursor.fetchall() }
        await source.waitUntilWaiting()
        try await cursor.close()
        #expect(source.wasCancelled)
        do {
            _ = try await pending.value
            Issue.record("the cursor was closed")
        } catch let error as DBAPIError {
            #expect(error.isInterfaceError)
        }
    }

    @Test("tasks sharing a connection, each with its own cursor, read their own rows")
    func sharedConnection() async throws {
        let connection = TestConnection(script: standardScript())
        let counts = try await withThrowingTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    let cursor = try await connection.cursor()
                    try await cursor.execute("SELECT cities")
                    var ids: [Int] = []
                    for try await row in cursor.rows { ids.append(try row.decode(Int.self, at: 0)) }
                    return ids
                }
            }
            var all: [[Int]] = []
            for try await ids in group { all.append(ids) }
            return all
        }
        #expect(counts.count == 8)
        #expect(counts.allSatisfy { $0 == Array(0..<7) })
    }
}
