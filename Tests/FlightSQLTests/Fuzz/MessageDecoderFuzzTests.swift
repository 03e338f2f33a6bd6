import Arrow
import FlightSQL
import Foundation
import Protobuf
import TestSupport
import Testing

/// Mutation fuzzing of every Flight and Flight SQL message decoder, and of the decoding
/// chains a client or server runs on bytes from the network (a descriptor's command `Any`,
/// an info's schema and tickets, an action's body). Every input must decode or throw a
/// ProtobufError/ArrowError/FlightError: never trap, never hang. A message that decodes must
/// re-encode to a fixed point (encode → decode → encode gives the same bytes), so fields are
/// neither lost nor invented.
@Suite struct MessageDecoderFuzzTests {
    /// One decoder under fuzz: valid samples to mutate, and the decoding to run.
    struct Target {
        let name: String
        let samples: [Data]
        let decode: @Sendable (Data) throws -> Void
    }

    struct UnstableEncoding: Error, CustomStringConvertible {
        let once: Data, twice: Data
        var description: String { "re-encoding is not a fixed point: \(Array(once)) then \(Array(twice))" }
    }

    /// Decodes as `M` and checks the re-encoding is a fixed point.
    @discardableResult
    static func decodeStable<M: ProtobufMessage>(_ type: M.Type, _ bytes: Data) throws -> M {
        let message = try M(protobuf: bytes)
        let once = message.serializedProtobuf()
        let twice = try M(protobuf: once).serializedProtobuf()
        guard once == twice else { throw UnstableEncoding(once: once, twice: twice) }
        return message
    }

    static func target<M: ProtobufMessage>(_ samples: [M]) -> Target {
        Target(name: "\(M.self)", samples: samples.map { $0.serializedProtobuf() }) { try decodeStable(M.self, $0) }
    }

    /// A command's own decoder, and its unpacking from an `Any` through the type-checked
    /// `init(serializedAny:)`.
    static func commandTargets<M: FlightSQLCommandMessage>(_ message: M) -> [Target] {
        [
            target([message]),
            Target(name: "\(M.self) in Any", samples: [message.serializedAny()]) { bytes in
                let decoded = try M(serializedAny: bytes)
                let once = decoded.serializedAny()
                guard try M(serializedAny: once).serializedAny() == once else { throw UnstableEncoding(once: once, twice: Data()) }
            },
        ]
    }

    /// What a server does with a command: the `Any`'s URL picks the type.
    static func dispatch(_ serializedAny: Data) throws {
        let command = try FlightSQLCommand(serializedAny: serializedAny)
        if let message = command.message {
            // The re-packed command must dispatch to the same case.
            let repacked = try FlightSQLCommand(serializedAny: message.serializedAny())
            guard repacked == command else { throw UnstableEncoding(once: message.serializedAny(), twice: serializedAny) }
        }
    }

    static var targets: [Target] {
        let info = FuzzCorpus.info
        let endpoint = FuzzCorpus.endpoint
        let commandAnys = FuzzCorpus.commands.map { $0.serializedAny() }
        var targets: [Target] = [
            target([FlightDescriptor.path(["a", "b", ""]), CommandStatementQuery(query: "SELECT 1").flightDescriptor,
                    FlightDescriptor(type: .init(rawValue: 7), cmd: Data([1]), path: ["x"])]),
            target([info, FlightInfo()]),
            target([endpoint]),
            target([FlightLocation(uri: "grpc://h:1")]),
            target([FlightTicket(ticket: Data([1, 2, 3]))]),
            target([FlightData(flightDescriptor: .path(["p"]), dataHeader: Data([1, 2, 3, 4, 5, 6, 7, 8]), appMetadata: Data([9]), dataBody: Data(repeating: 7, count: 40))]
                   + ((try? FuzzCorpus.stream(batches: 1)) ?? [])),
            target([PutResult(appMetadata: DoPutUpdateResult(recordCount: 3).serializedProtobuf())]),
            target([PollInfo(info: info, flightDescriptor: .path(["again"]), progress: 0.5, expirationTime: FuzzCorpus.timestamp)]),
            target([SchemaResult(schema: FuzzCorpus.schemaMessage)]),
            target([FlightEmpty()]),
            target([ActionType(type: "CreatePreparedStatement", description: "prepare")]),
            target([Criteria(expression: Data("x".utf8))]),
            target([FlightAction(type: FlightSQLActionName.beginSavepoint, body: ActionBeginSavepointRequest(transactionID: Data([1]), name: "s").serializedAny())]),
            target([FlightResult(body: ActionBeginTransactionResult(transactionID: Data([1])).serializedAny())]),
            target([HandshakeRequest(protocolVersion: 1, payload: BasicAuth(username: "u", password: "p").serializedProtobuf())]),
            target([HandshakeResponse(protocolVersion: 2, payload: Data("token".utf8))]),
            target([BasicAuth(username: "user", password: "secret")]),
            target([CancelFlightInfoRequest(info: info)]),
            target([CancelFlightInfoResult(status: .init(rawValue: 1))]),
            target([RenewFlightEndpointRequest(endpoint: endpoint)]),
            target(FuzzCorpus.sessionOptions.values.map { $0 }),
            target([SetSessionOptionsRequest(sessionOptions: FuzzCorpus.sessionOptions)]),
            target([SetSessionOptionsResult(errors: ["a": .init(value: .init(rawValue: 1)), "b": .init(value: .init(rawValue: 3))])]),
            target([GetSessionOptionsRequest()]),
            target([GetSessionOptionsResult(sessionOptions: FuzzCorpus.sessionOptions)]),
            target([CloseSessionRequest()]),
            target([CloseSessionResult(status: .init(rawValue: 1))]),
            target([ProtobufAny(typeURL: "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery", value: CommandStatementQuery(query: "q").serializedProtobuf())]),
            target([FuzzCorpus.timestamp]),
        ]
        for command in FuzzCorpus.commands + FuzzCorpus.results {
            targets += commandTargets(command)
        }
        // The server's dispatch on a command `Any` (GetFlightInfo, DoGet, DoPut, DoAction).
        targets.append(Target(name: "FlightSQLCommand dispatch", samples: commandAnys, decode: dispatch))
        // GetFlightInfo: the descriptor, then its command.
        targets.append(Target(name: "FlightDescriptor → command", samples: FuzzCorpus.commands.map { $0.flightDescriptor.serializedProtobuf() }) { bytes in
            let descriptor = try decodeStable(FlightDescriptor.self, bytes)
            try dispatch(descriptor.cmd)
        })
        // DoAction: the action, then its body.
        targets.append(Target(name: "FlightAction → command", samples: FuzzCorpus.commands.map {
            FlightAction(type: "CreatePreparedStatement", body: $0.serializedAny()).serializedProtobuf()
        }) { bytes in
            try dispatch(try decodeStable(FlightAction.self, bytes).body)
        })
        // DoGet: the ticket, then its statement handle.
        targets.append(Target(name: "FlightTicket → command", samples: [FlightTicket(ticket: TicketStatementQuery(statementHandle: FuzzCorpus.handle).serializedAny()).serializedProtobuf()]) { bytes in
            try dispatch(try decodeStable(FlightTicket.self, bytes).ticket)
        })
        // The client on a GetFlightInfo answer: the info, its schema and its tickets.
        targets.append(Target(name: "FlightInfo → schema, tickets", samples: [info.serializedProtobuf()]) { bytes in
            let info = try decodeStable(FlightInfo.self, bytes)
            if !info.schema.isEmpty { _ = try ArrowIPC.schema(fromMessage: info.schema) }
            for endpoint in info.endpoints {
                if let ticket = endpoint.ticket { _ = try? FlightSQLCommand(serializedAny: ticket.ticket) }
            }
        })
        // The client on a prepared statement: the result, then both schemas.
        targets.append(Target(name: "ActionCreatePreparedStatementResult → schemas", samples: [
            FlightResult(body: ActionCreatePreparedStatementResult(
                preparedStatementHandle: FuzzCorpus.handle, datasetSchema: FuzzCorpus.schemaMessage, parameterSchema: FuzzCorpus.schemaMessage
            ).serializedAny()).serializedProtobuf()
        ]) { bytes in
            let result = try ActionCreatePreparedStatementResult(serializedAny: try decodeStable(FlightResult.self, bytes).body)
            if !result.datasetSchema.isEmpty { _ = try ArrowIPC.schema(fromMessage: result.datasetSchema) }
            if !result.parameterSchema.isEmpty { _ = try ArrowIPC.schema(fromMessage: result.parameterSchema) }
        })
        return targets
    }

    /// Runs `cases` mutations of the target's samples; returns how many decoded.
    static func fuzz(_ target: Target, cases: Int, donors: [Data], tally: inout FuzzTally) async {
        let seed = FuzzConfiguration.seed ^ UInt64(truncatingIfNeeded: target.name.utf8.reduce(5381) { ($0 &* 33) &+ Int($1) })
        // The unmutated samples must decode: otherwise the harness tests nothing.
        for sample in target.samples {
            do { try target.decode(sample) } catch { Issue.record("\(target.name): a valid sample did not decode: \(error)") }
        }
        for index in 0..<cases {
            // Parallel tests share the cooperative pool's threads (two on CI): let them run.
            if index % 256 == 0 { await Task.yield() }
            var rng = SplitMix64.forCase(index, seed: seed)
            let sample = target.samples[Int.random(in: 0..<target.samples.count, using: &rng)]
            let input = Mutator.mutate(sample, using: &rng, donors: donors)
            let start = ContinuousClock.now
            do {
                try target.decode(input)
                tally.accepted += 1
            } catch is ProtobufError {
            } catch is ArrowError {
            } catch is FlightError {
            } catch {
                Issue.record("\(target.name): unexpected \(type(of: error)) \(error) for \(Array(input.prefix(256))) (\(FuzzConfiguration.replay(index)))")
            }
            // Decoding is linear in the input; a slow case is a (near) hang.
            if ContinuousClock.now - start > .milliseconds(500) {
                Issue.record("\(target.name): decoding \(input.count) bytes took \(ContinuousClock.now - start) (\(FuzzConfiguration.replay(index)))")
            }
            tally.cases += 1
        }
    }

    @Test("mutated encodings of every Flight and Flight SQL message decode or throw, never trap or hang")
    func everyMessage() async {
        let targets = Self.targets
        let donors = targets.flatMap(\.samples)
        var tally = FuzzTally("protobuf messages (\(targets.count) decoders)")
        let perTarget = FuzzConfiguration.iterations(1500)
        for target in targets {
            await Self.fuzz(target, cases: perTarget, donors: donors, tally: &tally)
        }
        tally.report()
        #expect(tally.cases == targets.count * perTarget)
        // Mutations that keep most of a valid encoding should often still decode; if none
        // do, the mutator is too destructive to reach deep paths.
        #expect(tally.accepted > tally.cases / 20)
    }

    @Test("every message type is covered by the decoder fuzz")
    func coverage() {
        let names = Set(Self.targets.map(\.name))
        // Each command is fuzzed on its own and packed in an Any.
        for command in FuzzCorpus.commands + FuzzCorpus.results {
            let name = "\(type(of: command))"
            #expect(names.contains(name) && names.contains("\(name) in Any"), "\(name) is not fuzzed")
        }
        for name in ["FlightDescriptor", "FlightInfo", "FlightEndpoint", "FlightData", "PollInfo", "SessionOptionValue",
                     "SetSessionOptionsRequest", "SetSessionOptionsResult", "GetSessionOptionsResult", "CloseSessionResult",
                     "HandshakeRequest", "HandshakeResponse", "FlightAction", "FlightResult", "PutResult", "SchemaResult",
                     "CancelFlightInfoRequest", "RenewFlightEndpointRequest", "ProtobufAny", "FlightSQLCommand dispatch"] {
            #expect(names.contains(name), "\(name) is not fuzzed")
        }
    }
}
