import DBAPI
import Testing

@Suite struct RowSequenceTests {
    @Test("iterating rows streams every batch in order")
    func iterate() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        var ids: [Int] = []
        for try await row in cursor.rows { ids.append(try row.decode(Int.self, at: 0)) }
        #expect(ids == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test("a cursor is itself an AsyncSequence of its rows, sharing the read position with fetchone")
    func cursorIsASequence() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        let first = try await cursor.fetchone()
        #expect(try first?.decode(Int.self, at: 0) == 0)
        var ids: [Int] = []
        for try await row in cursor { ids.append(try row.decode(Int.self, at: 0)) }
        #expect(ids == [1, 2, 3, 4, 5, 6])
        #expect(try await cursor.fetchone() == nil)
    }

    /// Generic over the protocol: what application code written against `DBAPI` sees.
    func firstIDs<C: Cursor>(_ cursor: C, count: Int) async throws -> [Int] {
        var ids: [Int] = []
        for try await row in cursor {
            ids.append(try row.decode(Int.self, at: 0))
            if ids.count == count { break }
        }
        return ids
    }

    @Test("a generic function iterates any Cursor, and breaking out leaves the rest for fetchall")
    func genericIteration() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        #expect(try await firstIDs(cursor, count: 2) == [0, 1])
        #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [2, 3, 4, 5, 6])
    }

    /// Iterates on the actor's executor: `for try await` calls `next(isolation:)` with it.
    actor Collector {
        var ids: [Int] = []
        func collect(_ rows: RowSequence, upTo count: Int) async throws {
            for try await row in rows {
                ids.append(try row.decode(Int.self, at: 0))
                if ids.count == count { break }
            }
        }
    }

    @Test("an actor iterates on its own executor across batches, sharing the position with fetchone")
    func actorIsolatedIteration() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        let collector = Collector()
        try await collector.collect(cursor.rows, upTo: 4)
        #expect(await collector.ids == [0, 1, 2, 3])
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 4)
        try await collector.collect(cursor.rows, upTo: 100)
        #expect(await collector.ids == [0, 1, 2, 3, 5, 6])
        // The explicit form, as the loop calls it, also from a nonisolated context.
        try await cursor.execute("SELECT cities")
        var iterator = cursor.rows.makeAsyncIterator()
        #expect(try await iterator.next(isolation: nil)?.decode(Int.self, at: 0) == 0)
        #expect(try await iterator.next()?.decode(Int.self, at: 0) == 1)
    }

    @Test("batches are pulled only as the consumer advances (backpressure)")
    func backpressure() async throws {
        let source = TrackingSource(sevenCityBatches())
        let cursor = try await TestConnection(script: standardScript(source: source)).cursor()
        try await cursor.execute("SELECT cities")
        var iterator = cursor.rows.makeAsyncIterator()
        #expect(source.pullCount == 0)
        _ = try await iterator.next()
        #expect(source.pullCount == 1)
        _ = try await iterator.next()
        _ = try await iterator.next()
        #expect(source.pullCount == 1, "three rows come from the first batch")
        _ = try await iterator.next()
        #expect(source.pullCount == 3, "the empty batch is skipped on the way to the third")
    }

    @Test("breaking out early leaves the rest unread and fetchable")
    func earlyTermination() async throws {
        let source = TrackingSource(sevenCityBatches())
        let cursor = try await TestConnection(script: standardScript(source: source)).cursor()
        try await cursor.execute("SELECT cities")
        for try await row in cursor.rows {
            if try row.decode(Int.self, at: 0) == 1 { break }
        }
        #expect(source.pullCount == 1)
        let rest = try await cursor.fetchall()
        #expect(try rest.map { try $0.decode(Int.self, at: 0) } == [2, 3, 4, 5, 6])
    }

    @Test("the default sequence for cursors without a core goes through fetchone")
    func defaultSequence() async throws {
        let cursor = MinimalCursor(rows: cityBatch(start: 0, count: 5))
        var ids: [Int] = []
        for try await row in cursor.rows {
            ids.append(try row.decode(Int.self, at: 0))
            if ids.count == 3 { break }
        }
        #expect(ids == [0, 1, 2])
        #expect(cursor.fetchmanyCalls.value == 3)
        #expect(try await cursor.fetchall().count == 2, "breaking early leaves the rest")
    }

    @Test("iterating a closed cursor throws an interfaceError")
    func closed() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        try await cursor.close()
        do {
            for try await _ in cursor.rows {}
            Issue.record("closed")
        } catch {
            #expect(error.isInterfaceError)
        }
    }

    @Test("an iterator and fetchone share one read position, row by row, within a batch")
    func interleavedWithFetchone() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        var iterator = cursor.rows.makeAsyncIterator()
        #expect(try await iterator.next()?.decode(Int.self, at: 0) == 0)
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 1)
        #expect(try await iterator.next()?.decode(Int.self, at: 0) == 2)
        #expect(try await cursor.fetchmany(2).map { try $0.decode(Int.self, at: 0) } == [3, 4])
        #expect(try await iterator.next()?.decode(Int.self, at: 0) == 5)
        #expect(try await cursor.fetchall().map { try $0.decode(Int.self, at: 0) } == [6])
        #expect(try await iterator.next() == nil)
        #expect(cursor.rowcount == 7, "every row was read, so the count is known")
    }

    @Test("two iterators of one cursor take turns on the same rows, none twice")
    func twoIterators() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        var first = cursor.rows.makeAsyncIterator()
        var second = cursor.rows.makeAsyncIterator()
        var ids: [Int] = []
        while let row = try await (ids.count.isMultiple(of: 2) ? first.next() : second.next()) {
            ids.append(try row.decode(Int.self, at: 0))
        }
        #expect(ids == [0, 1, 2, 3, 4, 5, 6])
    }

    @Test("closing mid-batch stops an iterator with an interfaceError")
    func closedMidBatch() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        var iterator = cursor.rows.makeAsyncIterator()
        _ = try await iterator.next()
        try await cursor.close()
        do {
            _ = try await iterator.next()
            Issue.record("closed")
        } catch {
            #expect(error.isInterfaceError)
        }
    }

    @Test("a new execute mid-batch ends the old result for an iterator too")
    func reexecuteMidBatch() async throws {
        let cursor = try await TestConnection(script: standardScript()).cursor()
        try await cursor.execute("SELECT cities")
        var iterator = cursor.rows.makeAsyncIterator()
        _ = try await iterator.next()
        try await cursor.execute("SELECT empty")
        #expect(try await iterator.next() == nil, "the iterator reads the cursor's current result")
    }
}

/// A cursor implemented directly against the protocol, without a `CursorCore`, relying on
/// the protocol's default `rows`, `nextset`, `callproc` and size no-ops.
final class MinimalCursor: Cursor, @unchecked Sendable {
    let batch: ValueRowBatch
    var position = 0
    var arraysize = 1
    let fetchmanyCalls = Counter()

    init(rows: ValueRowBatch) { batch = rows }

    var description: [ColumnDescription]? { batch.columns }
    var rowcount: Int { -1 }
    var isClosed: Bool { false }
    func execute(_ sql: String, parameters: [Value]) async throws(DBAPIError) {}
    func executemany(_ sql: String, parameterSets: [[Value]]) async throws(DBAPIError) {}
    func fetchone() async throws(DBAPIError) -> Row? { try await fetchmany(1).first }
    func fetchmany(_ size: Int?) async throws(DBAPIError) -> [Row] {
        fetchmanyCalls.increment()
        let end = Swift.min(batch.rowCount, position + (size ?? arraysize))
        defer { position = end }
        return (position..<end).map { Row(batch: batch, rowIndex: $0) }
    }
    func fetchall() async throws(DBAPIError) -> [Row] { try await fetchmany(batch.rowCount) }
    func close() async throws(DBAPIError) {}
}
