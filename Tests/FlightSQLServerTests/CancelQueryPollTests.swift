import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// The deprecated `CancelQuery` action (older clients still send it) and `PollFlightInfo`
/// (the server answers once the query has run, so its answer is final).
@Suite struct CancelQueryPollTests {
    @Test("the deprecated CancelQuery answers CANCELLED and the statement's DoGet is refused CANCELLED")
    func cancelQuery() async throws {
        try await TestServer.with { server, client in
            let info = try await client.execute("SELECT * FROM cities")
            let results = try await client.flight.doAction(ActionCancelQueryRequest(info: info).flightAction)
            #expect(results.count == 1)
            #expect(try ActionCancelQueryResult(serializedAny: try #require(results.first).body).result == .cancelled)
            let error = try await #require(throws: FlightError.self) { _ = try await client.fetchAll(info) }
            #expect(error.code == .cancelled)
            #expect(server.server.statistics.snapshot.statementsCancelled == 1)
            // A result with no statement behind it (a metadata command's) is not cancellable.
            let catalogs = try await client.getCatalogs()
            let other = try await client.flight.doAction(ActionCancelQueryRequest(info: catalogs).flightAction)
            #expect(try ActionCancelQueryResult(serializedAny: try #require(other.first).body).result == .notCancellable)
            #expect(server.server.statistics.snapshot.statementsCancelled == 1)
        }
    }

    @Test("PollFlightInfo of a finished query: the complete info, progress 1, no descriptor to poll again")
    func pollFinished() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(endpoints: 2, batchSize: 1)) { _, client in
            let descriptor = CommandStatementQuery(query: "SELECT id, name FROM cities ORDER BY id").flightDescriptor
            let poll = try await client.flight.pollFlightInfo(descriptor)
            #expect(poll.progress == 1)
            #expect(poll.flightDescriptor == nil)
            #expect(poll.isComplete)
            let info = try #require(poll.info)
            #expect(try ArrowIPC.schema(fromMessage: info.schema).fields.map(\.name) == ["id", "name"])
            #expect(info.flightDescriptor == descriptor)
            #expect(info.endpoints.count == 2)
            #expect(info.totalRecords == 3)
            // Every endpoint is there: reading them gives the whole result.
            let table = try await client.fetchAll(info)
            #expect(table.rows == [[.int(1), .string("Paris")], [.int(2), .string("Lyon")], [.int(3), .string("Nice")]])
        }
    }
}
