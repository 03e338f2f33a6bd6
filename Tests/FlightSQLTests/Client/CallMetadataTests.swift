import Arrow
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQL

/// Response headers and trailers the project's own server never sends (DoGet cookies,
/// timings, binary trailers, a Trailers-Only error with details), from a scripted Flight
/// service on the real HTTP/2 server and client over loopback.
@Suite struct CallMetadataTests {
    /// The `cookie` headers of the calls the scripted service received, in order.
    final class ReceivedCookies: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [String?] = []

        func append(_ metadata: GRPCMetadata) { lock.withLock { values.append(metadata.first("cookie")) } }
        var all: [String?] { lock.withLock { values } }
    }

    static let statsBytes = Data([0, 1, 2, 0xFF])

    /// DoGet: one batch, cookies and a query id in the headers, a cookie, timings and binary
    /// stats in the trailers. GetFlightInfo: fails at once with details and a cookie.
    /// ListActions: no actions (it shows which cookies the client sends).
    static func router(_ cookies: ReceivedCookies) throws -> GRPCServerRouter {
        let batch = try RecordBatch(schema: Schema(fields: [Field(name: "n", type: .int64)]), rows: [[.int(7)], [.int(8)]])
        var router = GRPCServerRouter()
        router.registerServerStreaming(FlightService.Method.doGet) { _, call in
            cookies.append(call.metadata)
            var headers = GRPCMetadata()
            headers.add("set-cookie", "from_headers=h1; Path=/")
            headers.add("x-query-id", "42")
            try await call.sendHeaders(headers)
            var encoder = try ArrowIPCMessageEncoder(schema: batch.schema)
            for message in [encoder.encodeSchema()] + (try encoder.encode(batch)) {
                try await call.send(FlightData(dataHeader: message.header, dataBody: message.body).serializedProtobuf())
            }
            var trailers = GRPCMetadata()
            trailers.add("set-cookie", "from_trailers=t2")
            trailers.add("x-query-duration", "12ms")
            trailers.add("x-stats-bin", binary: statsBytes)
            call.setTrailers(trailers)
        }
        router.registerUnary(FlightService.Method.getFlightInfo) { _, call in
            cookies.append(call.metadata)
            var details = GRPCMetadata()
            details.add("set-cookie", "from_error=e3")
            details.add("x-detail", "the table is locked")
            throw GRPCStatus(code: .failedPrecondition, message: "locked", metadata: details)
        }
        router.registerServerStreaming(FlightService.Method.listActions) { _, call in cookies.append(call.metadata) }
        return router
    }

    static func withServer(_ body: (FlightClient, ReceivedCookies) async throws -> Void) async throws {
        let cookies = ReceivedCookies()
        let server = try await GRPCServer.start(handler: try router(cookies))
        do {
            let client = try await FlightClient.connect(url: server.url)
            defer { client.close() }
            try await body(client, cookies)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    @Test("DoGet's set-cookies reach the jar (the headers' with the first message) and are sent back")
    func doGetCookies() async throws {
        try await Self.withServer { client, received in
            let reader = try await client.doGet(FlightTicket(ticket: Data("t".utf8)))
            _ = try await reader.schema()
            #expect(client.cookies?.names == ["from_headers"])
            #expect(try await reader.readAll().rowCount == 2)
            #expect(client.cookies?.names == ["from_headers", "from_trailers"])
            _ = try await client.listActions()
            #expect(received.all == [nil, "from_headers=h1; from_trailers=t2"])
        }
    }

    @Test("a DoGet's capture gets the headers and trailers (binary ones in base64) at the end of the stream")
    func doGetCapture() async throws {
        try await Self.withServer { client, _ in
            let capture = FlightResponseMetadataCapture()
            let reader = try await client.doGet(FlightTicket(ticket: Data("t".utf8)), options: FlightCallOptions(responseMetadata: capture))
            _ = try await reader.next()
            #expect(capture.metadata == nil)
            while try await reader.next() != nil {}
            let metadata = try #require(capture.metadata)
            #expect(metadata.method == FlightService.Method.doGet)
            #expect(metadata.headerValues("x-query-id") == ["42"])
            #expect(metadata.headerValues("set-cookie") == ["from_headers=h1; Path=/"])
            #expect(metadata.trailerValues("X-Query-Duration") == ["12ms"])
            #expect(metadata.trailerValues("x-stats-bin") == [Self.statsBytes.base64EncodedString()])
            #expect(metadata.trailers.map(\.name) == ["set-cookie", "x-query-duration", "x-stats-bin"])
            #expect(capture.headers.map(\.name) == metadata.headers.map(\.name))
            // The reader's own accessors agree.
            #expect(try await reader.trailers().map(\.value) == metadata.trailers.map(\.value))
        }
    }

    @Test("a Trailers-Only error: no headers, the details and cookie in the trailers; the jar keeps the cookie, the error hides it")
    func trailersOnlyError() async throws {
        try await Self.withServer { client, _ in
            let capture = FlightResponseMetadataCapture()
            let error = try await #require(throws: FlightError.self) {
                _ = try await client.getFlightInfo(FlightDescriptor(type: .cmd, cmd: Data("x".utf8)), options: FlightCallOptions(responseMetadata: capture))
            }
            #expect(error.code == .failedPrecondition)
            // A Trailers-Only block carries the response headers too (content-type, …).
            #expect(error.trailers.contains { $0.name == "x-detail" })
            #expect(!error.trailers.contains { $0.name == "set-cookie" })
            let metadata = try #require(capture.metadata)
            #expect(metadata.headers.isEmpty)
            #expect(metadata.trailerValues("x-detail") == ["the table is locked"])
            #expect(metadata.trailerValues("set-cookie") == ["from_error=e3"])
            #expect(client.cookies?.names == ["from_error"])
            #expect(!"\(capture)".contains("e3") && !"\(metadata)".contains("locked"))
        }
    }

    @Test("without a capture nothing is recorded, and the cookie jar still works")
    func noCapture() async throws {
        try await Self.withServer { client, _ in
            let capture = FlightResponseMetadataCapture()
            _ = try await client.listActions(options: FlightCallOptions(responseMetadata: capture))
            _ = try await client.doGet(FlightTicket(ticket: Data("t".utf8))).readAll()
            #expect(capture.calls.map(\.method) == [FlightService.Method.listActions])
            #expect(client.cookies?.names == ["from_headers", "from_trailers"])
        }
    }

    @Test("values are found by name in any case; a capture keeps at most maximumCalls calls, the newest")
    func lookupAndBound() {
        let metadata = FlightResponseMetadata(
            method: "/m", headers: [("X-A", "1"), ("x-a", "2"), ("b", "3")], trailers: [("T", "s3cr3t")])
        #expect(metadata.headerValues("x-A") == ["1", "2"])
        #expect(metadata.trailerValues("t") == ["s3cr3t"])
        #expect(metadata.headerValues("T").isEmpty)
        #expect("\(metadata)" == "FlightResponseMetadata(/m, headers: [\"X-A\", \"x-a\", \"b\"], trailers: [\"T\"])")

        let capture = FlightResponseMetadataCapture()
        #expect(capture.metadata == nil && capture.headers.isEmpty && capture.trailers.isEmpty)
        for index in 0..<(FlightResponseMetadataCapture.maximumCalls + 5) {
            capture.record(FlightResponseMetadata(method: "/m\(index)"))
        }
        #expect(capture.calls.count == FlightResponseMetadataCapture.maximumCalls)
        #expect(capture.calls.first?.method == "/m5")
        #expect(capture.metadata?.method == "/m\(FlightResponseMetadataCapture.maximumCalls + 4)")
        capture.removeAll()
        #expect(capture.calls.isEmpty)
    }
}
