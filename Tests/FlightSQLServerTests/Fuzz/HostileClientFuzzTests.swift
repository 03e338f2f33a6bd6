import Arrow
import FlightSQL
@testable import FlightSQLServer
import Foundation
@testable import GRPCTransport
import Protobuf
import TestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Our server against hostile clients: garbage instead of the HTTP/2 preface, mutated
/// frames, and well-framed gRPC calls carrying mutated Flight SQL commands, tickets,
/// actions, DoPut streams (commands, IPC schemas and parameter batches) and Handshakes.
/// A trap would kill this (in-process) test run; beyond that, the server must answer with a
/// status, keep serving a normal client after every batch of cases, and end with no
/// connection or handler left over.
@Suite struct HostileClientFuzzTests {
    /// Commands a client sends in GetFlightInfo descriptors, DoGet tickets and DoPut streams.
    static let commands: [any FlightSQLCommandMessage] = [
        CommandStatementQuery(query: "SELECT id, name, population, founded, area, capital, photo FROM cities WHERE id > 0"),
        CommandStatementQuery(query: "SELECT c.name, t.km FROM trips t JOIN cities c ON c.id = t.city_id"),
        CommandStatementSubstraitPlan(plan: SubstraitPlan(plan: Data([1, 2, 3]), version: "1")),
        CommandGetSqlInfo(info: [SqlInfo(rawValue: 0), SqlInfo(rawValue: 1), SqlInfo(rawValue: 500), SqlInfo(rawValue: 12)]),
        CommandGetXdbcTypeInfo(dataType: 4),
        CommandGetCatalogs(),
        CommandGetDbSchemas(catalog: "main", dbSchemaFilterPattern: "%"),
        CommandGetTables(catalog: nil, dbSchemaFilterPattern: "%", tableNameFilterPattern: "c%", tableTypes: ["table", "view"], includeSchema: true),
        CommandGetTableTypes(),
        CommandGetPrimaryKeys(table: "cities"),
        CommandGetExportedKeys(table: "cities"),
        CommandGetImportedKeys(table: "trips"),
        CommandGetCrossReference(pkTable: "cities", fkTable: "trips"),
        TicketStatementQuery(statementHandle: Data("00000000-0000-0000-0000-000000000000:0".utf8)),
    ]

    /// DoPut commands; updates only touch the fuzz table, so that the liveness query's
    /// answer cannot change.
    static let putCommands: [any FlightSQLCommandMessage] = [
        CommandStatementIngest(tableDefinitionOptions: .init(ifNotExist: .create, ifExists: .append), table: "fuzz_ingest"),
        CommandStatementUpdate(query: "INSERT INTO fuzz_sink VALUES (1, 'x')"),
        CommandStatementIngest(tableDefinitionOptions: .init(ifNotExist: .fail, ifExists: .append), table: "fuzz_sink", options: ["k": "v"]),
    ]

    static let parameterSchema = Schema(fields: [Field(name: "a", type: .int64), Field(name: "b", type: .utf8)])

    /// The FlightData of a DoPut: descriptor with the command and the schema, then batches.
    static func putStream(_ command: any FlightSQLCommandMessage) throws -> [FlightData] {
        var encoder = try ArrowIPCMessageEncoder(schema: parameterSchema)
        let schema = encoder.encodeSchema()
        var messages = [FlightData(flightDescriptor: command.flightDescriptor, dataHeader: schema.header, dataBody: schema.body)]
        let batch = try RecordBatch(schema: parameterSchema, rows: [[.int(1), .string("one")], [.null, .string("")], [.int(-7), .null]])
        for message in try encoder.encode(batch) + encoder.encode(batch) {
            messages.append(FlightData(dataHeader: message.header, dataBody: message.body))
        }
        return messages
    }

    /// A mutated FlightData stream: one part of one message, or the sequence.
    static func mutated(_ messages: [FlightData], using rng: inout SplitMix64) -> [Data] {
        var messages = messages
        let index = Int.random(in: 0..<messages.count, using: &rng)
        let donors = messages.flatMap { [$0.dataHeader, $0.dataBody] }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: messages[index].dataHeader = Mutator.mutate(messages[index].dataHeader, using: &rng, donors: donors)
        case 1: messages[index].dataBody = Mutator.mutate(messages[index].dataBody, using: &rng, donors: donors)
        case 2:
            if let descriptor = messages[0].flightDescriptor {
                messages[0].flightDescriptor = FlightDescriptor.command(Mutator.mutate(descriptor.cmd, using: &rng))
            }
        case 3:
            var raw = messages.map { $0.serializedProtobuf() }
            raw[index] = Mutator.mutate(raw[index], using: &rng)
            return raw
        case 4:
            var raw = messages.map { $0.serializedProtobuf() }
            let removed = raw.remove(at: index)
            if Bool.random(using: &rng) { raw.insert(removed, at: Int.random(in: 0...raw.count, using: &rng)) }
            return raw
        default:
            messages[index].dataBody = messages[index].dataBody.prefix(Int.random(in: 0...messages[index].dataBody.count, using: &rng))
        }
        return messages.map { $0.serializedProtobuf() }
    }

    /// Makes a call with `requests`; reads every response. Server errors are expected.
    @discardableResult
    static func call(_ transport: HTTP2ClientTransport, _ path: String, _ requests: [Data]) async -> [Data]? {
        do {
            let call = try await transport.makeStreamingCall(
                path: path, metadata: FuzzServer.authorization, options: GRPCCallOptions(timeout: .seconds(20)))
            for request in requests { try await call.send(request) }
            try await call.finishSending()
            var responses: [Data] = []
            while let message = try await call.receive() { responses.append(message) }
            _ = try await call.trailers()
            return responses
        } catch let status as GRPCStatus {
            // The server answered with a status: fine, but it must not be a timeout (a hang).
            if status.code == .deadlineExceeded { Issue.record("\(path): the server did not answer within 20 s: \(status)") }
            return nil
        } catch {
            Issue.record("\(path): unexpected \(type(of: error)): \(error)")
            return nil
        }
    }

    /// One case of hostile gRPC calls.
    static func gRPCCase(_ transport: HTTP2ClientTransport, using rng: inout SplitMix64, prepared: Data) async throws -> Bool {
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
        switch Int.random(in: 0..<6, using: &rng) {
        case 0, 1:  // GetFlightInfo with a mutated command (inner message, Any, or descriptor); DoGet what it returns
            let command = pick(commands + [CommandPreparedStatementQuery(preparedStatementHandle: prepared)])
            let descriptor: Data
            switch Int.random(in: 0..<3, using: &rng) {
            case 0:
                let inner = Mutator.mutate(command.serializedProtobuf(), using: &rng)
                descriptor = FlightDescriptor.command(ProtobufAny(typeURL: command.packedInAny().typeURL, value: inner).serializedProtobuf()).serializedProtobuf()
            case 1: descriptor = FlightDescriptor.command(Mutator.mutate(command.serializedAny(), using: &rng)).serializedProtobuf()
            default: descriptor = Mutator.mutate(command.flightDescriptor.serializedProtobuf(), using: &rng)
            }
            let path = pick([FlightService.Method.getFlightInfo, FlightService.Method.pollFlightInfo, FlightService.Method.getSchema])
            guard let answer = await call(transport, path, [descriptor]), path == FlightService.Method.getFlightInfo,
                  let info = try? FlightInfo(protobuf: answer.first ?? Data()) else { return false }
            for endpoint in info.endpoints {
                guard let ticket = endpoint.ticket else { continue }
                await call(transport, FlightService.Method.doGet, [ticket.serializedProtobuf()])
            }
            return true
        case 2:  // DoGet with a mutated ticket (statement handles and partitions)
            let valid = await call(transport, FlightService.Method.getFlightInfo, [CommandStatementQuery(query: "SELECT * FROM trips").flightDescriptor.serializedProtobuf()])
            guard let info = try? FlightInfo(protobuf: valid?.first ?? Data()), let ticket = info.endpoints.first?.ticket else { return false }
            let mutated = Bool.random(using: &rng)
                ? FlightTicket(ticket: Mutator.mutate(ticket.ticket, using: &rng)).serializedProtobuf()
                : Mutator.mutate(ticket.serializedProtobuf(), using: &rng)
            return await call(transport, FlightService.Method.doGet, [mutated]) != nil
        case 3:  // DoAction with a mutated body or type
            let actions: [FlightAction] = [
                ActionCreatePreparedStatementRequest(query: "SELECT * FROM cities WHERE id = ?").flightAction,
                ActionClosePreparedStatementRequest(preparedStatementHandle: prepared).flightAction,
                ActionBeginSavepointRequest(transactionID: Data("t".utf8), name: "s").flightAction,
                ActionEndTransactionRequest(transactionID: Data("t".utf8), action: .init(rawValue: 2)).flightAction,
                ActionEndSavepointRequest(savepointID: Data("s".utf8), action: .init(rawValue: 1)).flightAction,
                ActionCancelQueryRequest(info: FlightInfo(endpoints: [FlightEndpoint(ticket: FlightTicket(ticket: Data("x:0".utf8)))])).flightAction,
                FlightAction(type: FlightService.ActionName.cancelFlightInfo, message: CancelFlightInfoRequest(info: FlightInfo(endpoints: [FlightEndpoint(ticket: FlightTicket(ticket: Data("x:0".utf8)))]))),
                FlightAction(type: FlightService.ActionName.renewFlightEndpoint, message: RenewFlightEndpointRequest(endpoint: FlightEndpoint(ticket: FlightTicket(ticket: Data("x:0".utf8))))),
                FlightAction(type: FlightService.ActionName.setSessionOptions, message: SetSessionOptionsRequest(sessionOptions: [
                    "catalog": SessionOptionValue(.string("main")), "x": SessionOptionValue(.stringList(["a"])), "n": SessionOptionValue(.int64(3)),
                ])),
                FlightAction(type: FlightService.ActionName.getSessionOptions, message: GetSessionOptionsRequest()),
            ]
            var action = pick(actions)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: action.type = String(decoding: Mutator.mutate(Data(action.type.utf8), using: &rng), as: UTF8.self)
            case 1: return await call(transport, FlightService.Method.doAction, [Mutator.mutate(action.serializedProtobuf(), using: &rng)]) != nil
            default: action.body = Mutator.mutate(action.body, using: &rng)
            }
            return await call(transport, FlightService.Method.doAction, [action.serializedProtobuf()]) != nil
        case 4:  // DoPut with a mutated stream: commands, schemas, parameter batches
            let command = pick(putCommands + [CommandPreparedStatementQuery(preparedStatementHandle: prepared) as any FlightSQLCommandMessage])
            return await call(transport, FlightService.Method.doPut, mutated(try putStream(command), using: &rng)) != nil
        default:  // Handshake with a mutated request (BasicAuth payload)
            let request = HandshakeRequest(protocolVersion: 0, payload: BasicAuth(username: FuzzServer.username, password: FuzzServer.password).serializedProtobuf())
            let bytes = Bool.random(using: &rng)
                ? HandshakeRequest(protocolVersion: 0, payload: Mutator.mutate(request.payload, using: &rng)).serializedProtobuf()
                : Mutator.mutate(request.serializedProtobuf(), using: &rng)
            return await call(transport, FlightService.Method.handshake, [bytes, bytes].prefix(Int.random(in: 0...2, using: &rng)).map { $0 }) != nil
        }
    }

    @Test("mutated Flight SQL calls get a status; the server keeps serving and ends idle")
    func hostileCalls() async throws {
        let server = try await FuzzServer.start()
        do {
            var tally = FuzzTally("server vs mutated gRPC calls")
            let transport = try await HTTP2ClientTransport.connect(url: server.url)
            // A real prepared statement, so that mutations of its handle reach the registry.
            let prepareAnswer = await Self.call(transport, FlightService.Method.doAction, [
                ActionCreatePreparedStatementRequest(query: "SELECT name FROM cities WHERE id = ?").flightAction.serializedProtobuf(),
            ])
            let prepared = try ActionCreatePreparedStatementResult(
                serializedAny: try FlightResult(protobuf: try #require(prepareAnswer?.first)).body).preparedStatementHandle
            let cases = FuzzConfiguration.iterations(1200)
            for index in 0..<cases {
                var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0x5E7E)
                tally.cases += 1
                if try await Self.gRPCCase(transport, using: &rng, prepared: prepared) { tally.accepted += 1 }
                if index % 300 == 299 {
                    #expect(try await server.expectServing(), "after case \(index) (\(FuzzConfiguration.replay(index)))")
                }
            }
            transport.close()
            tally.report()
            #expect(try await server.expectServing())
            #expect(await server.waitIdle(), "left over: \(server.activity)")
            #expect(tally.accepted > 0 && tally.accepted < tally.cases)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// A valid connection's bytes up to one complete GetFlightInfo call.
    static func validConnectionBytes() -> Data {
        let message = CommandStatementQuery(query: "SELECT * FROM cities").flightDescriptor.serializedProtobuf()
        var fields = RawHTTP2.requestHeaders(path: FlightService.Method.getFlightInfo)
        fields.append(("authorization", "Basic " + Data("\(FuzzServer.username):\(FuzzServer.password)".utf8).base64EncodedString()))
        return RawHTTP2.preface
            + RawHTTP2.frame(RawHTTP2.FrameType.settings.rawValue, stream: 0, Data([0, 4, 0, 1, 0, 0]))  // INITIAL_WINDOW_SIZE 65536
            + RawHTTP2.frame(RawHTTP2.FrameType.windowUpdate.rawValue, stream: 0, Data([0, 0x10, 0, 0]))
            + RawHTTP2.headers(fields, stream: 1, endStream: false)
            + RawHTTP2.data(RawHTTP2.grpcMessage(message), stream: 1, endStream: true)
    }

    @Test("garbage and mutated HTTP/2 connections are dropped; the server keeps serving and ends idle")
    func hostileConnections() async throws {
        let server = try await FuzzServer.start()
        do {
            var tally = FuzzTally("server vs hostile HTTP/2 connections")
            let valid = Self.validConnectionBytes()
            let cases = FuzzConfiguration.iterations(3000)
            for index in 0..<cases {
                var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0xC044)
                let bytes: Data
                switch Int.random(in: 0..<9, using: &rng) {
                case 0:  // random bytes instead of the preface
                    bytes = Data(Mutator.randomBytes(Int.random(in: 1...2048, using: &rng), using: &rng))
                case 1:  // part of the preface, then garbage
                    bytes = RawHTTP2.preface.prefix(Int.random(in: 1...24, using: &rng)) + Data(Mutator.randomBytes(Int.random(in: 0...64, using: &rng), using: &rng))
                case 2:  // the unmutated call: the server must answer it
                    bytes = valid
                case 3:  // a request with thousands of header fields, within or past the 256 KiB limit
                    var fields = RawHTTP2.requestHeaders(path: FlightService.Method.getFlightInfo)
                    fields += (0..<[500, 3000, 9000][Int.random(in: 0..<3, using: &rng)]).map { ("x\($0 % 7)", "") }
                    bytes = RawHTTP2.preface + RawHTTP2.frame(RawHTTP2.FrameType.settings.rawValue, stream: 0, Data())
                        + RawHTTP2.headers(fields, stream: 1, endStream: true)
                default:  // mutations after the preface: frame headers, SETTINGS, HPACK, DATA, gRPC prefix
                    let preface = RawHTTP2.preface.count
                    bytes = RawHTTP2.preface + Mutator.mutate(valid.dropFirst(preface), using: &rng)
                }
                guard let fd = RawSockets.connect(port: server.port) else {
                    Issue.record("connect failed (\(FuzzConfiguration.replay(index)))")
                    continue
                }
                tally.cases += 1
                RawSockets.writeAll(fd, bytes)
                if bytes == valid {
                    // The unmutated call is answered: SETTINGS, then the response's frames
                    // (the server ends a connection at end of input, so wait before that).
                    // Generous: parallel CPU-bound tests can starve the server's handler tasks.
                    let (answer, _) = RawSockets.readAvailable(fd, timeout: .seconds(30), limit: 200)
                    #expect(answer.count >= 200, "no answer to a valid call: \(Array(answer)) (\(FuzzConfiguration.replay(index)))")
                }
                // End of input: whatever state the connection is in, the server must close it.
                _ = shutdown(fd, Int32(SHUT_WR))
                let (answer, closed) = RawSockets.readAvailable(fd, timeout: .seconds(10))
                close(fd)
                #expect(closed, "the server kept a half-closed connection open for 10 s (\(FuzzConfiguration.replay(index)))")
                // "Accepted": the server answered beyond its SETTINGS.
                if answer.count > 30 { tally.accepted += 1 }
                if index % 1000 == 999 {
                    #expect(try await server.expectServing(), "after case \(index) (\(FuzzConfiguration.replay(index)))")
                }
            }
            tally.report()
            #expect(try await server.expectServing())
            #expect(await server.waitIdle(), "left over: \(server.activity)")
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}
