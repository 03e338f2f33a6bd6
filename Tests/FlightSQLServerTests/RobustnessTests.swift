import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing

/// Malformed or unexpected client input ends the call with a clear status; the server keeps
/// serving.
@Suite struct RobustnessTests {
    func status(_ body: () async throws -> Void) async -> GRPCStatus? {
        do {
            try await body()
            return nil
        } catch let status as GRPCStatus {
            return status
        } catch let error as FlightError {
            return GRPCStatus(code: GRPCStatus.Code(rawValue: error.code.rawValue), message: error.message)
        } catch {
            return GRPCStatus(code: .unknown, message: "\(error)")
        }
    }

    func unary(_ raw: RawFlight, _ path: String, _ message: Data) async throws {
        let call = try await raw.transport.makeStreamingCall(path: path, metadata: GRPCMetadata(), options: GRPCCallOptions())
        try await call.send(message)
        try await call.finishSending()
        while try await call.receive() != nil {}
        _ = try await call.trailers()
    }

    @Test("garbage tickets, descriptors, actions and DoPut streams are refused, and the server stays up")
    func garbage() async throws {
        try await TestServer.with { server, client in
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let junk = Data([0xFF, 0x01, 0x02, 0x80])
            let cases: [(String, Data, GRPCStatus.Code)] = [
                (FlightService.Method.doGet, junk, .invalidArgument),
                (FlightService.Method.doGet, FlightTicket(ticket: junk).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.doGet, FlightTicket(ticket: TicketStatementQuery(statementHandle: Data("nope:0".utf8)).serializedAny()).serializedProtobuf(), .notFound),
                (FlightService.Method.doGet, FlightTicket(ticket: CommandStatementQuery(query: "SELECT 1").serializedAny()).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.getFlightInfo, junk, .invalidArgument),
                (FlightService.Method.getFlightInfo, FlightDescriptor.command(junk).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.getFlightInfo, CommandStatementUpdate(query: "DELETE FROM trips").flightDescriptor.serializedProtobuf(), .invalidArgument),
                (FlightService.Method.getSchema, FlightDescriptor.command(Data()).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.doAction, junk, .invalidArgument),
                (FlightService.Method.doAction, FlightAction(type: "Explode", body: Data()).serializedProtobuf(), .unimplemented),
                (FlightService.Method.doAction, FlightAction(type: FlightSQLActionName.beginSavepoint, body: junk).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.doAction, FlightAction(type: FlightSQLActionName.endTransaction,
                    body: ActionEndTransactionRequest(transactionID: Data("x".utf8), action: .commit).serializedAny()).serializedProtobuf(), .notFound),
                (FlightService.Method.doPut, FlightData().serializedProtobuf(), .invalidArgument),
                (FlightService.Method.doPut, junk, .invalidArgument),
                (FlightService.Method.doPut, FlightData(flightDescriptor: CommandGetCatalogs().flightDescriptor).serializedProtobuf(), .invalidArgument),
                (FlightService.Method.doExchange, junk, .unimplemented),
            ]
            for (path, message, code) in cases {
                let status = await status { try await unary(raw, path, message) }
                #expect(status?.code == code, "\(path): \(String(describing: status))")
                #expect(status?.message.isEmpty == false)
            }
            // A DoPut whose batches are not Arrow IPC.
            let badBatch = await status {
                let call = try await raw.transport.makeStreamingCall(path: FlightService.Method.doPut, metadata: GRPCMetadata(), options: GRPCCallOptions())
                var command = CommandStatementIngest()
                command.table = "x"
                try await call.send(FlightData(flightDescriptor: command.flightDescriptor, dataHeader: junk).serializedProtobuf())
                try await call.finishSending()
                while try await call.receive() != nil {}
                _ = try await call.trailers()
            }
            #expect(badBatch?.code == .invalidArgument)
            #expect(try await client.table("SELECT count(*) FROM cities").rows == [[.int(3)]])
        }
    }

    @Test("SQL transaction control and statements touching other files are refused", arguments: [
        "BEGIN", "  /* hi */ begin transaction", "-- c\nCOMMIT", "ROLLBACK", "SAVEPOINT a", "RELEASE a", "END",
        "ATTACH '/tmp/elsewhere.sqlite' AS other", "DETACH main", "VACUUM INTO '/tmp/copy.sqlite'", "PRAGMA foreign_keys = OFF",
        // The call form sets a value too.
        "PRAGMA foreign_keys(0)", "pragma main.journal_mode (DELETE)", "PRAGMA \"user_version\"(7)",
    ])
    func refusedStatements(sql: String) async throws {
        try await TestServer.with { _, client in
            let update = try await #require(throws: FlightError.self) { _ = try await client.executeUpdate(sql) }
            #expect(update.code == .invalidArgument)
            #expect(update.message.contains("not accepted by this server"))
            let query = try await #require(throws: FlightError.self) { _ = try await client.execute(sql) }
            #expect(query.code == .invalidArgument)
            #expect(try await client.table("SELECT count(*) FROM cities").rows == [[.int(3)]])
        }
    }

    @Test("pragmas that only read, in either form, are accepted", arguments: [
        "PRAGMA table_info(cities)", "PRAGMA main.index_list (cities)", "PRAGMA foreign_keys", "PRAGMA foreign_key_check(cities)",
    ])
    func readingPragmas(sql: String) async throws {
        try await TestServer.with { _, client in
            _ = try await client.table(sql)
        }
    }

    @Test("a value that does not fit its declared type fails the DoGet with the column named, not the value")
    func badCell() async throws {
        try await TestServer.with { _, client in
            _ = try await client.executeUpdate("CREATE TABLE odd (n INTEGER)")
            _ = try await client.executeUpdate("INSERT INTO odd VALUES (1), ('secret-text')")
            let error = try await #require(throws: FlightError.self) { _ = try await client.table("SELECT n FROM odd") }
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("n"))
            #expect(!error.message.contains("secret-text"))
        }
    }
}
