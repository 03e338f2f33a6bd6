import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing

/// A client that gives up on a slow statement (cancels the call, lets its deadline pass, or
/// sends CancelFlightInfo) stops it inside SQLite: the shared connection, which runs one
/// statement at a time, answers the next statement at once instead of after the slow one.
@Suite struct CancellationInterruptTests {
    /// About a billion recursive steps: minutes if nothing stops it, so a stop well within
    /// the bound is the cancel at work, however loaded the machine.
    static let slowCount = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
        SELECT count(*) FROM c
        """
    /// The first batch (4096 rows) comes at once; the second needs ~900 million steps.
    static let slowSecondBatch = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000000)
        SELECT x FROM c WHERE x <= 4096 OR x % 900000000 = 0
        """
    /// Generous for a loaded 2-core CI machine (test tasks can wait seconds for a thread); the
    /// slow statements take minutes alone and far longer beside other tests.
    static let bound: Duration = .seconds(60)

    /// Runs ``slowSecondBatch`` (in `transactionID`, if given), starts its DoGet on a second
    /// connection, reads the first batch, and gives the server half a second to be deep in
    /// the second; then runs `body` with the FlightInfo and the open DoGet.
    static func withSlowDoGet(
        _ server: TestServer, _ client: FlightSQLClient, transactionID: Data? = nil,
        _ body: (FlightInfo, any GRPCStreamingCall) async throws -> Void
    ) async throws {
        let info = try await client.execute(slowSecondBatch, transactionID: transactionID)
        let raw = try await RawFlight.connect(server.server.url)
        defer { raw.close() }
        let call = try await raw.doGetAfterFirstBatch(info)
        try await Task.sleep(for: .milliseconds(500))
        try await body(info, call)
    }

    /// Times a trivial statement on the shared connection: it waits for whatever that
    /// connection is still running.
    static func timeNextStatement(_ client: FlightSQLClient) async throws -> Duration {
        let start = ContinuousClock.now
        let table = try await client.table("SELECT 41 + 1 AS answer")
        #expect(table.column("answer") == [.int(42)])
        return ContinuousClock.now - start
    }

    @Test("cancelling GetFlightInfo stops the statement it runs")
    func cancelGetFlightInfo() async throws {
        try await TestServer.with { server, client in
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let call = try await raw.transport.makeStreamingCall(
                path: FlightService.Method.getFlightInfo, metadata: GRPCMetadata(), options: GRPCCallOptions())
            try await call.send(CommandStatementQuery(query: Self.slowCount).flightDescriptor.serializedProtobuf())
            try await call.finishSending()
            try await Task.sleep(for: .milliseconds(500))
            call.cancel()
            let waited = try await Self.timeNextStatement(client)
            #expect(waited < Self.bound, "the next statement waited \(waited)")
        }
    }

    @Test("a deadline passing during GetFlightInfo stops the statement")
    func deadline() async throws {
        try await TestServer.with { server, client in
            let error = try await #require(throws: FlightError.self) {
                _ = try await client.execute(Self.slowCount, options: FlightCallOptions(timeout: .milliseconds(500)))
            }
            #expect(error.code == .deadlineExceeded)
            let waited = try await Self.timeNextStatement(client)
            #expect(waited < Self.bound, "the next statement waited \(waited)")
        }
    }

    @Test("cancelling a DoGet mid-stream stops the statement")
    func cancelDoGet() async throws {
        try await TestServer.with { server, client in
            try await Self.withSlowDoGet(server, client) { _, call in
                call.cancel()
                let waited = try await Self.timeNextStatement(client)
                #expect(waited < Self.bound, "the next statement waited \(waited)")
            }
        }
    }

    @Test("CancelFlightInfo stops a DoGet that is computing a batch; the DoGet ends CANCELLED")
    func cancelFlightInfo() async throws {
        try await TestServer.with { server, client in
            try await Self.withSlowDoGet(server, client) { info, call in
                let results = try await client.flight.doAction(FlightAction(
                    type: FlightService.ActionName.cancelFlightInfo, message: CancelFlightInfoRequest(info: info)))
                #expect(try CancelFlightInfoResult(protobuf: results[0].body).status == .cancelled)
                let waited = try await Self.timeNextStatement(client)
                #expect(waited < Self.bound, "the next statement waited \(waited)")
                let ended = try await #require(throws: GRPCStatus.self) {
                    while try await call.receive() != nil {}
                    _ = try await call.trailers()
                }
                #expect(ended.code == .cancelled)
            }
            #expect(server.server.statistics.snapshot.statementsCancelled == 1)
        }
    }

    @Test("CancelFlightInfo in a transaction stops only that statement; the transaction goes on")
    func cancelInTransaction() async throws {
        try await TestServer.with { server, client in
            let id = try await client.beginTransaction()
            // The DoGet stays open (inside the body) while CancelFlightInfo stops its statement.
            try await Self.withSlowDoGet(server, client, transactionID: id) { info, _ in
                _ = try await client.flight.doAction(FlightAction(
                    type: FlightService.ActionName.cancelFlightInfo, message: CancelFlightInfoRequest(info: info)))
                let start = ContinuousClock.now
                #expect(try await client.table("SELECT count(*) AS n FROM trips", transactionID: id).column("n") == [.int(3)])
                let waited = ContinuousClock.now - start
                #expect(waited < Self.bound, "the transaction's next statement waited \(waited)")
                try await client.endTransaction(id, .commit)
            }
        }
    }
}
