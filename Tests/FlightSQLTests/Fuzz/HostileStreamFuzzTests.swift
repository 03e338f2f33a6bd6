import Arrow
import DBAPI
import FlightSQL
import Foundation
import GRPCTransport
import Protobuf
import TestSupport
import Testing

/// Mutated responses to the Flight client and the DB-API driver: every call must end with
/// a result or a FlightError/DBAPIError, never a trap; a stream that decodes must have
/// every value readable (a batch the decoder accepted is one the user will walk).
@Suite struct HostileStreamFuzzTests {
    /// The messages of a valid stream, one of them (or the sequence) mutated.
    static func mutatedStream(_ messages: [FlightData], using rng: inout SplitMix64) -> [Data] {
        var messages = messages
        var raw = messages.map { $0.serializedProtobuf() }
        let index = Int.random(in: 0..<messages.count, using: &rng)
        let donors = messages.flatMap { [$0.dataHeader, $0.dataBody] }
        switch Int.random(in: 0..<8, using: &rng) {
        case 0, 1:  // the flatbuffer header of one message, inside a valid FlightData
            messages[index].dataHeader = Mutator.mutate(messages[index].dataHeader, using: &rng, donors: donors)
            raw[index] = messages[index].serializedProtobuf()
        case 2, 3:  // the body of one message (buffers, offsets, validity bitmaps)
            messages[index].dataBody = Mutator.mutate(messages[index].dataBody, using: &rng, donors: donors)
            raw[index] = messages[index].serializedProtobuf()
        case 4:  // the FlightData protobuf itself
            raw[index] = Mutator.mutate(raw[index], using: &rng)
        case 5:  // a message dropped, duplicated or moved (batch before schema, schema twice)
            let removed = raw.remove(at: index)
            switch Int.random(in: 0..<3, using: &rng) {
            case 0: break
            case 1: raw.insert(contentsOf: [removed, removed], at: min(index, raw.count))
            default: raw.insert(removed, at: Int.random(in: 0...raw.count, using: &rng))
            }
        case 6:  // the body of one message cut short or padded
            let body = messages[index].dataBody
            messages[index].dataBody = Bool.random(using: &rng)
                ? body.prefix(Int.random(in: 0...body.count, using: &rng))
                : body + Data(Mutator.randomBytes(Int.random(in: 1...64, using: &rng), using: &rng))
            raw[index] = messages[index].serializedProtobuf()
        default:  // several messages mutated at once
            for position in raw.indices where Bool.random(using: &rng) {
                raw[position] = Mutator.mutate(raw[position], using: &rng, donors: donors)
            }
        }
        return raw
    }

    /// Reads every value of every column, as a consumer printing the result would.
    static func walk(_ batch: RecordBatch) {
        for column in batch.columns {
            for row in 0..<batch.rowCount { _ = column.value(at: row) }
        }
    }

    /// Runs `body`, counting a normal return; errors of the expected kinds are fine, anything
    /// else is recorded with the case to replay.
    static func expectClean(_ what: String, _ index: Int, _ tally: inout FuzzTally, _ body: () async throws -> Void) async {
        tally.cases += 1
        do {
            try await body()
            tally.accepted += 1
        } catch is FlightError {
        } catch is DBAPIError {
        } catch {
            Issue.record("\(what): unexpected \(type(of: error)): \(error) (\(FuzzConfiguration.replay(index)))")
        }
    }

    @Test("DoGet: mutated FlightData and Arrow IPC end in a FlightError or readable batches")
    func doGet() async throws {
        let stream = try FuzzCorpus.stream(batches: 2)
        var tally = FuzzTally("client DoGet (in-memory)")
        for index in 0..<FuzzConfiguration.iterations(6000) {
            var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0xD06E7)
            let responses = Self.mutatedStream(stream, using: &rng)
            let client = FlightClient(transport: HostileTransport { _, _ in responses })
            await Self.expectClean("DoGet", index, &tally) {
                let reader = try await client.doGet(FlightTicket(ticket: Data([1])))
                let table = try await reader.readAll()
                for batch in table.batches { Self.walk(batch) }
            }
        }
        tally.report()
        #expect(tally.accepted > 0 && tally.accepted < tally.cases)
    }

    @Test("GetFlightInfo and actions: mutated answers end in a FlightError or a decoded message")
    func infoAndActions() async throws {
        let info = FuzzCorpus.info.serializedProtobuf()
        let prepared = FlightResult(body: ActionCreatePreparedStatementResult(
            preparedStatementHandle: FuzzCorpus.handle, datasetSchema: FuzzCorpus.schemaMessage, parameterSchema: FuzzCorpus.schemaMessage
        ).serializedAny()).serializedProtobuf()
        let begin = FlightResult(body: ActionBeginTransactionResult(transactionID: FuzzCorpus.transaction).serializedAny()).serializedProtobuf()
        let poll = PollInfo(info: FuzzCorpus.info, flightDescriptor: .path(["p"]), progress: 0.5).serializedProtobuf()
        let handshake = HandshakeResponse(protocolVersion: 0, payload: Data("token".utf8)).serializedProtobuf()
        // DoPut answers: an update count, or a prepared statement's new handle.
        let put = PutResult(appMetadata: DoPutPreparedStatementResult(preparedStatementHandle: FuzzCorpus.handle).serializedProtobuf()).serializedProtobuf()
        var tally = FuzzTally("client GetFlightInfo/PollFlightInfo/GetSchema/DoAction (in-memory)")
        for index in 0..<FuzzConfiguration.iterations(3000) {
            var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0x1AF0)
            let mutatedInfo = Mutator.mutate(info, using: &rng)
            let mutatedPoll = Mutator.mutate(poll, using: &rng, donors: [info])
            let mutatedSchema = SchemaResult(schema: Mutator.mutate(FuzzCorpus.schemaMessage, using: &rng)).serializedProtobuf()
            let mutatedPrepared = Mutator.mutate(prepared, using: &rng, donors: [info])
            let mutatedBegin = Mutator.mutate(begin, using: &rng)
            let mutatedHandshake = Mutator.mutate(handshake, using: &rng)
            let mutatedPut = Mutator.mutate(put, using: &rng)
            let transport = HostileTransport { path, requests in
                switch path {
                case FlightService.Method.getFlightInfo: [mutatedInfo]
                case FlightService.Method.pollFlightInfo: [mutatedPoll]
                case FlightService.Method.getSchema: [mutatedSchema]
                case FlightService.Method.doAction:
                    // Transactions and savepoints get an id; everything else a prepared statement.
                    (try? FlightAction(protobuf: requests.first ?? Data()).type.hasPrefix("Begin")) == true
                        ? [mutatedBegin] : [mutatedPrepared, mutatedBegin]
                case FlightService.Method.handshake: [mutatedHandshake]
                case FlightService.Method.doPut: [mutatedPut]
                default: throw GRPCStatus(code: .unimplemented, message: path)
                }
            }
            let client = FlightSQLClient(flight: FlightClient(transport: transport))
            await Self.expectClean("GetFlightInfo", index, &tally) {
                let info = try await client.execute("SELECT 1")
                if !info.schema.isEmpty { _ = try await client.flight.getSchema(CommandStatementQuery(query: "q").flightDescriptor) }
            }
            await Self.expectClean("PollFlightInfo", index, &tally) {
                _ = try await client.flight.pollFlightInfo(CommandStatementQuery(query: "q").flightDescriptor)
            }
            await Self.expectClean("DoAction", index, &tally) {
                for result in try await client.flight.doAction(ActionCreatePreparedStatementRequest(query: "q").flightAction) {
                    _ = try? ActionCreatePreparedStatementResult(serializedAny: result.body)
                }
            }
            await Self.expectClean("Handshake", index, &tally) {
                _ = try await client.flight.authenticateBasic(username: "u", password: "p")
            }
            await Self.expectClean("DoPut update", index, &tally) {
                _ = try await client.executeUpdate("DELETE FROM t")
            }
            await Self.expectClean("transactions", index, &tally) {
                let id = try await client.beginTransaction()
                _ = try await client.beginSavepoint("s", transactionID: id)
            }
            // The driver: a prepared statement's schemas, parameter binding (DoPut) and its
            // new handle, then the query.
            let connection = FlightSQLConnection(client: client)
            await Self.expectClean("driver prepare", index, &tally) {
                let cursor = try await connection.cursor()
                try await cursor.execute("SELECT ? FROM t", parameters: [.int(1)])
            }
        }
        tally.report()
        #expect(tally.accepted > 0 && tally.accepted < tally.cases)
    }

    @Test("the DB-API driver: mutated result streams end in a DBAPIError or readable rows")
    func driverFetch() async throws {
        let stream = try FuzzCorpus.stream(batches: 2)
        let info = FlightInfo(
            schema: FuzzCorpus.schemaMessage,
            endpoints: [FlightEndpoint(ticket: FlightTicket(ticket: Data("t".utf8)))], totalRecords: -1, totalBytes: -1)
        var tally = FuzzTally("driver fetch (in-memory)")
        for index in 0..<FuzzConfiguration.iterations(3000) {
            var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0xDB)
            let responses = Self.mutatedStream(stream, using: &rng)
            // Sometimes the FlightInfo's schema disagrees with the stream's.
            var mutatedInfo = info
            if Int.random(in: 0..<4, using: &rng) == 0 { mutatedInfo.schema = Mutator.mutate(info.schema, using: &rng) }
            let infoBytes = mutatedInfo.serializedProtobuf()
            let transport = HostileTransport { path, _ in
                switch path {
                case FlightService.Method.getFlightInfo: [infoBytes]
                case FlightService.Method.doGet: responses
                default: throw GRPCStatus(code: .unimplemented, message: path)
                }
            }
            let connection = FlightSQLConnection(client: FlightSQLClient(flight: FlightClient(transport: transport)))
            await Self.expectClean("driver fetch", index, &tally) {
                let cursor = try await connection.cursor()
                try await cursor.execute("SELECT * FROM t")
                _ = cursor.description
                for row in try await cursor.fetchall() {
                    for value in row.values { _ = value.description }
                }
            }
        }
        tally.report()
        #expect(tally.accepted > 0 && tally.accepted < tally.cases)
    }
}
