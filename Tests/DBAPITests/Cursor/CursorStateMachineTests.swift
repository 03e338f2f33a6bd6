@testable import DBAPI
import Testing

@Suite struct CursorStateMachineTests {
    let columns = cityBatch(start: 0, count: 0).columns

    func streaming(_ batches: [any RowBatch] = [cityBatch(start: 0, count: 2)], rowcount: Int = -1)
        throws -> (CursorStateMachine, TrackingSource)
    {
        var machine = CursorStateMachine()
        let source = TrackingSource(batches)
        #expect(try machine.startExecute() == nil)
        guard case .done = machine.finishExecute(.rows(columns: columns, source: source, rowcount: rowcount)) else {
            throw Unexpected()
        }
        return (machine, source)
    }

    @Test("starts idle: no description, rowcount -1, fetching is a programmingError")
    func idle() {
        var machine = CursorStateMachine()
        #expect(machine.columns == nil)
        #expect(machine.rowcount == -1)
        #expect(throws: DBAPIError.self) { try machine.nextStep(limit: 1) }
        do {
            _ = try machine.nextStep(limit: 1)
        } catch {
            #expect(error.isProgrammingError)
        }
    }

    @Test("a result sets the description before any fetch, then asks for a batch")
    func executedPullsFirst() throws {
        var (machine, source) = try streaming()
        #expect(machine.columns == columns)
        guard case .pull(let pulled) = try machine.nextStep(limit: 5) else {
            Issue.record("expected a pull")
            return
        }
        #expect(pulled as? TrackingSource === source)
        // While the pull is outstanding, another fetch or execute is rejected.
        #expect(throws: DBAPIError.self) { try machine.nextStep(limit: 1) }
        #expect(throws: DBAPIError.self) { try machine.startExecute() }
    }

    @Test("rows are handed out up to the limit, then the next batch is pulled, then the end")
    func walk() throws {
        var (machine, _) = try streaming()
        _ = try machine.nextStep(limit: 1)
        try machine.receive(cityBatch(start: 0, count: 3))
        guard case .rows(_, let first) = try machine.nextStep(limit: 2) else { throw Unexpected() }
        #expect(first == 0..<2)
        guard case .rows(_, let second) = try machine.nextStep(limit: 2) else { throw Unexpected() }
        #expect(second == 2..<3)
        guard case .pull = try machine.nextStep(limit: 2) else { throw Unexpected() }
        try machine.receive(nil)
        guard case .end = try machine.nextStep(limit: 2) else { throw Unexpected() }
        #expect(machine.columns == columns, "description survives exhaustion")
        #expect(machine.rowcount == 3, "rowcount is known once every row was read")
    }

    @Test("a driver-reported rowcount is kept")
    func reportedRowcount() throws {
        var (machine, _) = try streaming(rowcount: 42)
        #expect(machine.rowcount == 42)
        _ = try machine.nextStep(limit: 1)
        try machine.receive(nil)
        #expect(machine.rowcount == 42)
    }

    @Test("statements without a result set go back to idle with their rowcount")
    func update() throws {
        var machine = CursorStateMachine()
        _ = try machine.startExecute()
        guard case .done = machine.finishExecute(.update(rowcount: 3)) else { throw Unexpected() }
        #expect(machine.columns == nil)
        #expect(machine.rowcount == 3)
    }

    @Test("re-executing returns the old source for cancellation")
    func reexecute() throws {
        var (machine, source) = try streaming()
        let previous = try machine.startExecute()
        #expect(previous as? TrackingSource === source)
        machine.failExecute()
        #expect(machine.columns == nil)
        #expect(machine.rowcount == -1)
    }

    @Test("closing returns the open source; everything after is an interfaceError")
    func close() throws {
        var (machine, source) = try streaming()
        #expect(machine.close() as? TrackingSource === source)
        #expect(machine.isClosed)
        #expect(machine.close() == nil, "closing twice is harmless")
        for attempt in 0..<2 {
            do {
                if attempt == 0 { _ = try machine.nextStep(limit: 1) } else { _ = try machine.startExecute() }
                Issue.record("closed")
            } catch {
                #expect(error.isInterfaceError)
            }
        }
    }

    @Test("a batch arriving after close is refused; a result arriving after close is orphaned")
    func closeDuringWork() throws {
        var (machine, _) = try streaming()
        _ = try machine.nextStep(limit: 1)
        _ = machine.close()
        #expect(throws: DBAPIError.self) { try machine.receive(cityBatch(start: 0, count: 1)) }

        var other = CursorStateMachine()
        _ = try other.startExecute()
        _ = other.close()
        let orphan = TrackingSource([])
        guard case .closedMeanwhile(let returned) = other.finishExecute(.rows(columns: columns, source: orphan)) else {
            throw Unexpected()
        }
        #expect(returned as? TrackingSource === orphan)

        var third = CursorStateMachine()
        _ = try third.startExecute()
        _ = third.close()
        guard case .closedMeanwhile(nil) = third.finishExecute(.update(rowcount: 1)) else {
            throw Unexpected()
        }
    }

    @Test("a failed pull is remembered and reported again")
    func pullFailure() throws {
        var (machine, _) = try streaming()
        _ = try machine.nextStep(limit: 1)
        machine.pullFailed(DBAPIError(.operationalError, "stream reset"))
        for _ in 0..<2 {
            do {
                _ = try machine.nextStep(limit: 1)
                Issue.record("the stream failed")
            } catch {
                #expect(error.message == "stream reset")
            }
        }
    }

    struct Unexpected: Error {}
}
