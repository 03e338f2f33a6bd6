import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import TestSupport
import Testing

/// The Flight client against a hostile server over the real network stack (TCP, nghttp2,
/// the gRPC deframer): broken gRPC length prefixes, lengths above the receive limit,
/// truncated messages, garbage `grpc-status`/`grpc-message`, wrong content types and
/// statuses, thousands of headers, broken frames, and mutated FlightData/IPC inside valid
/// framing. Every call must end, within its deadline, with a result or a FlightError.
@Suite struct HostileServerFuzzTests {
    /// The call a case makes, with the valid response messages of that method.
    enum Method: CaseIterable {
        case doGet, getFlightInfo, doAction
    }

    static func validMessages(_ method: Method) throws -> [Data] {
        switch method {
        case .doGet: try FuzzCorpus.stream(batches: 2).map { $0.serializedProtobuf() }
        case .getFlightInfo: [FuzzCorpus.info.serializedProtobuf()]
        case .doAction: [
            FlightResult(body: ActionBeginTransactionResult(transactionID: FuzzCorpus.transaction).serializedAny()).serializedProtobuf(),
            FlightResult(body: Data("second".utf8)).serializedProtobuf(),
        ]
        }
    }

    static let okHeaders = [(":status", "200"), ("content-type", "application/grpc")]

    /// A complete, valid response: headers, the messages in DATA frames, OK trailers.
    static func response(
        _ messages: [Data], headers: [(String, String)] = okHeaders, trailers: [(String, String)] = [("grpc-status", "0")]
    ) -> Data {
        RawHTTP2.headers(headers, stream: 1, endStream: false)
            + RawHTTP2.data(messages.reduce(Data()) { $0 + RawHTTP2.grpcMessage($1) }, stream: 1, endStream: false)
            + RawHTTP2.headers(trailers, stream: 1, endStream: true)
    }

    static let garbageStatuses = ["", "abc", "-1", "17", "99", "4294967296", "0x0", " 0", "0 ", "+0", "00000000000000000000001", "٣", "\u{7F}"]
    static let garbageMessages = ["%", "%z", "%zz%", "%00%ff%FE", "\u{1}\u{2}", String(repeating: "x", count: 20_000), String(repeating: "%41", count: 3000), "é✓"]
    static let badContentTypes = ["text/html", "", "application/grpc+", "application/grpcx", "application/json", "application/grpc; charset=\u{7F}", "APPLICATION/GRPC+PROTO"]

    /// The response bytes of a case and whether the server closes right after them.
    static func script(_ method: Method, using rng: inout SplitMix64, maxMessage: Int) throws -> (kind: Int, response: Data, close: Bool) {
        let messages = try validMessages(method)
        let kind = Int.random(in: 0..<13, using: &rng)
        func pick<T>(_ values: [T]) -> T { values[Int.random(in: 0..<values.count, using: &rng)] }
        switch kind {
        case 0:  // valid: the harness must not break real answers
            return (kind, response(messages), false)
        case 1:  // a gRPC length prefix set to an interesting value, the rest as it was
            let index = Int.random(in: 0..<messages.count, using: &rng)
            let length = UInt32(truncatingIfNeeded: pick(Mutator.interestingLengths + [UInt64(maxMessage), UInt64(maxMessage + 1)]))
            var body = Data()
            for (position, message) in messages.enumerated() {
                body += RawHTTP2.grpcMessage(message, length: position == index ? length : nil)
            }
            return (kind, RawHTTP2.headers(okHeaders, stream: 1, endStream: false) + RawHTTP2.data(body, stream: 1, endStream: Bool.random(using: &rng)), Bool.random(using: &rng))
        case 2:  // truncated: the stream or the connection ends in the middle of a message
            let body = messages.reduce(Data()) { $0 + RawHTTP2.grpcMessage($1) }
            let cut = body.prefix(Int.random(in: 0..<body.count, using: &rng))
            let ending = Int.random(in: 0..<3, using: &rng)
            var bytes = RawHTTP2.headers(okHeaders, stream: 1, endStream: false) + RawHTTP2.data(cut, stream: 1, endStream: ending == 0)
            if ending == 1 { bytes += RawHTTP2.headers([("grpc-status", "0")], stream: 1, endStream: true) }
            return (kind, bytes, ending == 2)
        case 3:  // garbage grpc-status
            return (kind, response(messages, trailers: [("grpc-status", pick(garbageStatuses)), ("grpc-message", "x")]), false)
        case 4:  // garbage grpc-message with a failing or OK status, or a trailers-only answer
            let status = pick(["0", "2", "13", "16"])
            if Bool.random(using: &rng) {
                return (kind, RawHTTP2.headers(okHeaders + [("grpc-status", status), ("grpc-message", pick(garbageMessages))], stream: 1, endStream: true), false)
            }
            return (kind, response(messages, trailers: [("grpc-status", status), ("grpc-message", pick(garbageMessages))]), false)
        case 5:  // bad content type or HTTP status, or headers missing
            var headers = okHeaders
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: headers[1].1 = pick(badContentTypes)
            case 1: headers[0].1 = pick(["500", "404", "204", "100", "999", "abc"])
            case 2: headers.remove(at: Int.random(in: 0..<2, using: &rng))
            default: headers += [("grpc-encoding", pick(["gzip", "identity", "", "\u{1}"]))]
            }
            return (kind, response(messages, headers: headers), false)
        case 6:  // thousands of headers, in the response headers or the trailers
            let count = pick([200, 2000, 8000])
            let many = (0..<count).map { ("x-fuzz-\($0)", String(repeating: "v", count: Int.random(in: 0...40, using: &rng))) }
            return (kind, Bool.random(using: &rng) ? response(messages, headers: okHeaders + many) : response(messages, trailers: [("grpc-status", "0")] + many), false)
        case 7:  // the compressed flag set on a message
            let flag = pick([1, 2, 0x80, 0xFF] as [UInt8])
            let body = messages.enumerated().reduce(Data()) { $0 + RawHTTP2.grpcMessage($1.element, flag: $1.offset == 0 ? flag : 0) }
            return (kind, RawHTTP2.headers(okHeaders, stream: 1, endStream: false) + RawHTTP2.data(body, stream: 1, endStream: false)
                + RawHTTP2.headers([("grpc-status", "0")], stream: 1, endStream: true), false)
        case 8:  // a mutated protobuf inside valid framing
            var mutated = messages
            let index = Int.random(in: 0..<mutated.count, using: &rng)
            mutated[index] = Mutator.mutate(mutated[index], using: &rng)
            return (kind, response(mutated), false)
        case 9:  // mutated Arrow IPC inside valid FlightData (DoGet only; others get a protobuf mutation)
            if method == .doGet {
                return (kind, response(HostileStreamFuzzTests.mutatedStream(try FuzzCorpus.stream(batches: 2), using: &rng)), false)
            }
            return (kind, response(messages.map { Mutator.mutate($0, using: &rng) }), false)
        case 10:  // a message above the receive limit, with its bytes sent
            let big = Data(repeating: 0x0A, count: maxMessage + Int.random(in: 1...4096, using: &rng))
            return (kind, response([big]), false)
        case 11:  // frames on other streams, unknown frame types, a RST_STREAM or a GOAWAY in the middle
            var bytes = RawHTTP2.headers(okHeaders, stream: 1, endStream: false)
            bytes += pick([
                RawHTTP2.frame(0xEE, stream: 1, Data([1, 2, 3])),
                RawHTTP2.data(Data([0, 0, 0, 0, 0]), stream: 3, endStream: true),
                RawHTTP2.frame(RawHTTP2.FrameType.rstStream.rawValue, stream: 1, Data([0, 0, 0, UInt8.random(in: 0...14, using: &rng)])),
                RawHTTP2.frame(RawHTTP2.FrameType.goAway.rawValue, stream: 0, Data([0, 0, 0, 0, 0, 0, 0, 2]) + Data("bye".utf8)),
                RawHTTP2.frame(RawHTTP2.FrameType.windowUpdate.rawValue, stream: 1, Data([0x7F, 0xFF, 0xFF, 0xFF])),
                RawHTTP2.frame(RawHTTP2.FrameType.headers.rawValue, flags: 0x4, stream: 1, Data([0xFF, 0xFF, 0xFF, 0xFF])),
                RawHTTP2.frame(RawHTTP2.FrameType.ping.rawValue, stream: 0, Data([1, 2, 3])),
            ])
            bytes += RawHTTP2.data(messages.reduce(Data()) { $0 + RawHTTP2.grpcMessage($1) }, stream: 1, endStream: false)
            bytes += RawHTTP2.headers([("grpc-status", "0")], stream: 1, endStream: true)
            return (kind, bytes, false)
        default:  // raw byte mutations of the whole response: frame headers, HPACK, everything
            return (kind, Mutator.mutate(response(messages), using: &rng), Bool.random(using: &rng))
        }
    }

    /// Runs the case's call; returns whether it succeeded.
    static func call(_ method: Method, on client: FlightClient) async throws -> Bool {
        switch method {
        case .doGet:
            let reader = try await client.doGet(FlightTicket(ticket: Data([1])))
            let table = try await reader.readAll()
            for batch in table.batches { HostileStreamFuzzTests.walk(batch) }
            _ = try await reader.trailers()
        case .getFlightInfo:
            let info = try await client.getFlightInfo(CommandStatementQuery(query: "SELECT 1").flightDescriptor)
            _ = info.schema.isEmpty ? nil : try? ArrowIPC.schema(fromMessage: info.schema)
        case .doAction:
            _ = try await client.doAction(FlightAction(type: "BeginTransaction", body: Data()))
        }
        return true
    }

    @Test("hostile HTTP/2 and gRPC responses end every Flight call with a FlightError or a result, in time")
    func hostileResponses() async throws {
        let server = try HostileHTTP2Server()
        defer { server.close() }
        let maxMessage = 256 * 1024
        var tally = FuzzTally("client vs hostile HTTP/2 server")
        var validOK = 0
        // Calls ended by their deadline: a response the client cannot tell is incomplete
        // (a stream left open) ends only this way.
        var deadlines = 0
        for index in 0..<FuzzConfiguration.iterations(360) {
            var rng = SplitMix64.forCase(index, seed: FuzzConfiguration.seed ^ 0x4057)
            let method = Method.allCases[index % Method.allCases.count]
            let (kind, response, close) = try Self.script(method, using: &rng, maxMessage: maxMessage)
            server.respond(with: response, closeAfterWrite: close)
            let options = FlightClientOptions(timeout: .seconds(2), maxReceiveMessageSize: maxMessage)
            let start = ContinuousClock.now
            tally.cases += 1
            do {
                let client = try await FlightClient.connect(url: "grpc://127.0.0.1:\(server.port)", options: options)
                defer { client.close() }
                if try await Self.call(method, on: client) {
                    tally.accepted += 1
                    if kind == 0 { validOK += 1 }
                }
                #expect(kind != 10, "a message above maxReceiveMessageSize was accepted (\(FuzzConfiguration.replay(index)))")
            } catch let error as FlightError {
                #expect(kind != 0, "a valid \(method) response failed: \(error) (\(FuzzConfiguration.replay(index)))")
                #expect(!error.message.isEmpty)
                if error.code == .deadlineExceeded { deadlines += 1 }
                // A message this large must be refused by size, not read.
                if kind == 10 { #expect(error.code == .resourceExhausted, "\(error) (\(FuzzConfiguration.replay(index)))") }
            } catch {
                Issue.record("\(method) kind \(kind): unexpected \(type(of: error)): \(error) (\(FuzzConfiguration.replay(index)))")
            }
            // The call's deadline is 2 s; the close after it must not hang either. The bound
            // is loose because parallel CPU-bound tests can starve this one's tasks.
            let elapsed = ContinuousClock.now - start
            #expect(elapsed < .seconds(30), "\(method) kind \(kind) took \(elapsed) (\(FuzzConfiguration.replay(index)))")
        }
        tally.report()
        print("fuzz client vs hostile HTTP/2 server: \(deadlines) calls ended by their deadline")
        #expect(validOK > 0)
    }
}
