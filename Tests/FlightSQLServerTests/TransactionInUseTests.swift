import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// A transaction a running call uses is never idle, however long the call takes: only once
/// its last use ended does the idle clock start (see `ActionTests.idleTransaction` for the
/// rollback of a transaction nobody uses).
@Suite struct TransactionInUseTests {
    /// Timeouts long enough that a loaded 2-core machine begins and uses the transaction
    /// within them (as in `ActionTests.idleTransaction`); each slow call outlasts them three times.
    static let idleTimeout: Duration = .seconds(5)
    static let slowness: Duration = .seconds(15)

    /// 100,000 rows of ~50 bytes in 4096-row batches: megabytes, far beyond the 64 KiB
    /// windows of ``slowClient(_:)``, so the server is still sending when the client pauses.
    static let bigQuery = """
        WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000)
        SELECT x, printf('%040d', x) AS pad FROM c
        """

    /// A connection whose HTTP/2 windows hold back the server after 64 KiB unread.
    static func slowClient(_ server: TestServer) async throws -> RawFlight {
        try await RawFlight.connect(
            server.server.url, configuration: .init(initialStreamWindowSize: 65_535, connectionWindowSize: 65_535))
    }

    /// Begins a transaction with one uncommitted row in `trips` (3 rows before).
    static func beginWithInsert(_ client: FlightSQLClient) async throws -> Data {
        let id = try await client.beginTransaction()
        _ = try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)", transactionID: id)
        return id
    }

    @Test("in use, a transaction is never idle; the idle clock starts when its last use ends")
    func registryCountsUses() async throws {
        let backend = try await SQLiteBackend(path: ":memory:")
        let registry = SessionRegistry(backend: backend, shared: try await backend.openSession(transactional: false))
        let id = try await registry.begin()
        try await registry.withSession(for: id) { _ in
            try await registry.withSession(for: id) { _ in }  // a shorter use ends; this one goes on
            try await Task.sleep(for: .seconds(3))
            #expect(registry.removeIdle(.zero).isEmpty)
        }
        // Idle for 3 s if counted from the start of the use; not if from its end.
        #expect(registry.removeIdle(.seconds(2)).isEmpty)
        try await Task.sleep(for: .milliseconds(50))
        let removed = registry.removeIdle(.milliseconds(10))
        #expect(removed.map(\.0) == [id])
        for (_, session) in removed { await session.close() }
        let gone = try await #require(throws: GRPCStatus.self) { try await registry.withSession(for: id) { _ in } }
        #expect(gone.code == .notFound)
        await registry.closeAll()
    }

    @Test("a DoGet read slowly, for longer than the idle timeout, keeps its transaction", arguments: [false, true])
    func slowDoGet(rerun: Bool) async throws {
        // Two endpoints: each DoGet runs the query again instead of reading the kept stream.
        let options = FlightSQLServerOptions(endpoints: rerun ? 2 : 1, transactionIdleTimeout: Self.idleTimeout)
        try await TestServer.with(options: options) { server, client in
            let id = try await Self.beginWithInsert(client)
            let info = try await client.execute(Self.bigQuery, transactionID: id)
            let raw = try await Self.slowClient(server)
            defer { raw.close() }
            let call = try await raw.transport.makeStreamingCall(
                path: FlightService.Method.doGet, metadata: raw.metadata, options: GRPCCallOptions())
            try await call.send(try #require(info.endpoints.first?.ticket).serializedProtobuf())
            try await call.finishSending()
            var decoder = ArrowIPCMessageDecoder()
            var rows = 0
            var messages = 0
            while let message = try await call.receive() {
                let data = try FlightData(protobuf: message)
                if case .recordBatch(let batch)? = try decoder.decode(header: data.dataHeader, body: data.dataBody) {
                    rows += batch.rowCount
                }
                messages += 1
                if messages == 2 { try await Task.sleep(for: Self.slowness) }  // after the schema and a batch
            }
            _ = try await call.trailers()
            // Endpoint 0 of 2 sends batches 0..<12 of 25.
            #expect(rows == (rerun ? 12 * 4096 : 100_000))
            #expect(try await client.table("SELECT count(*) FROM trips", transactionID: id).rows == [[.int(4)]])
            try await client.endTransaction(id, .commit)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(4)]])
        }
    }

    @Test("a bulk ingestion uploaded slowly, for longer than the idle timeout, keeps its transaction")
    func slowIngest() async throws {
        let options = FlightSQLServerOptions(transactionIdleTimeout: Self.idleTimeout)
        try await TestServer.with(options: options) { server, client in
            let id = try await Self.beginWithInsert(client)
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let call = try await raw.transport.makeStreamingCall(
                path: FlightService.Method.doPut, metadata: raw.metadata, options: GRPCCallOptions())
            let schema = Schema(fields: [Field(name: "n", type: .int64)])
            let batch = try RecordBatch(schema: schema, rows: [[.int(1)], [.int(2)]])
            var encoder = try ArrowIPCMessageEncoder(schema: schema)
            var first = FlightData(flightDescriptor: CommandStatementIngest(table: "slow", transactionID: id).flightDescriptor)
            first.dataHeader = encoder.encodeSchema().header
            try await call.send(first.serializedProtobuf())
            func sendBatch() async throws {
                for message in try encoder.encode(batch) {
                    try await call.send(FlightData(dataHeader: message.header, dataBody: message.body).serializedProtobuf())
                }
            }
            try await sendBatch()
            try await Task.sleep(for: Self.slowness)
            try await sendBatch()
            try await call.finishSending()
            let result = try #require(try await call.receive())
            #expect(try DoPutUpdateResult(protobuf: PutResult(protobuf: result).appMetadata).recordCount == 4)
            _ = try await call.trailers()
            #expect(try await client.table("SELECT count(*) FROM trips", transactionID: id).rows == [[.int(4)]])
            try await client.endTransaction(id, .commit)
            #expect(try await client.table("SELECT count(*) FROM slow").rows == [[.int(4)]])
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(4)]])
        }
    }
}
