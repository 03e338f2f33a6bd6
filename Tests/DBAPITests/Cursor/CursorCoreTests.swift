import DBAPI
import Testing

@Suite struct CursorCoreTests {
    @Test("a cursor closed while its statement runs reports the closure and cancels the result")
    func closedDuringExecute() async throws {
        let core = CursorCore()
        let source = TrackingSource([cityBatch(start: 0, count: 1)])
        do {
            try await core.execute {
                await core.close()
                return .rows(columns: cityBatch(start: 0, count: 0).columns, source: source)
            }
            Issue.record("closed during execute")
        } catch {
            #expect(error.isInterfaceError)
        }
        #expect(source.wasCancelled)
        #expect(core.description == nil)
    }

    @Test("driver errors that are not DBAPIErrors are wrapped, keeping the cause")
    func wrapsDriverErrors() async throws {
        struct SocketClosed: Error {}
        let core = CursorCore()
        do {
            try await core.execute { throw SocketClosed() }
            Issue.record("the driver failed")
        } catch {
            #expect(error.kind == .databaseError)
            #expect(error.cause is SocketClosed)
            #expect(error.description.contains("SocketClosed"))
        }
        #expect(core.rowcount == -1)
    }

    @Test("nextChunk hands out rows of one batch at a time, up to the limit")
    func chunks() async throws {
        let core = CursorCore()
        try await core.execute {
            .rows(columns: cityBatch(start: 0, count: 0).columns, source: InMemoryBatchSource(sevenCityBatches()))
        }
        var sizes: [Int] = []
        while let chunk = try await core.nextChunk(limit: 2) { sizes.append(chunk.rows.count) }
        #expect(sizes == [2, 1, 2, 2])
        #expect(core.rowcount == 7)
    }

    @Test("an in-memory source stops serving once cancelled")
    func inMemoryCancel() async {
        let source = InMemoryBatchSource(sevenCityBatches())
        #expect(await source.nextBatch()?.rowCount == 3)
        await source.cancel()
        #expect(await source.nextBatch() == nil)
    }
}
