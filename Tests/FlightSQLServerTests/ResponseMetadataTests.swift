import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

@testable import FlightSQLServer

/// `FlightCallOptions.responseMetadata` against the project's server over real sockets: every
/// kind of call fills the capture when it ends, a failed call's trailers carry the server's
/// error kind, session cookies show in the headers and trailers, and no value is printed.
@Suite struct ResponseMetadataTests {
    static func options(_ capture: FlightResponseMetadataCapture) -> FlightCallOptions {
        FlightCallOptions(responseMetadata: capture)
    }

    @Test("GetFlightInfo, GetSchema, PollFlightInfo, DoPut, DoAction and ListActions each record their method and headers")
    func unaryAndStreamingCalls() async throws {
        try await TestServer.with { _, client in
            let capture = FlightResponseMetadataCapture()
            let options = Self.options(capture)
            _ = try await client.execute("SELECT 1", options: options)
            _ = try await client.getExecuteSchema("SELECT 1", options: options)
            _ = try await client.flight.pollFlightInfo(CommandStatementQuery(query: "SELECT 1").flightDescriptor, options: options)
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)", options: options) == 1)
            let prepared = try await client.prepare("SELECT 1", options: options)
            try await client.closePreparedStatement(prepared.preparedStatementHandle, options: options)
            _ = try await client.flight.listActions(options: options)
            #expect(capture.calls.map(\.method) == [
                FlightService.Method.getFlightInfo, FlightService.Method.getSchema, FlightService.Method.pollFlightInfo,
                FlightService.Method.doPut, FlightService.Method.doAction, FlightService.Method.doAction,
                FlightService.Method.listActions,
            ])
            // ClosePreparedStatement returns no result, so the server answers Trailers-Only:
            // its one header block counts as trailers. The other calls send headers first.
            for (index, call) in capture.calls.enumerated() {
                let (headers, trailers) = index == 5 ? (call.trailers, call.headers) : (call.headers, call.trailers)
                #expect(headers.filter { $0.name == "content-type" }.map(\.value) == ["application/grpc"], "\(index) \(call.method)")
                #expect(trailers.isEmpty, "\(index) \(call.method)")
            }
            #expect(capture.metadata?.method == FlightService.Method.listActions)
        }
    }

    @Test("a DoGet is recorded when its stream ends, not when it starts")
    func doGetAtEnd() async throws {
        try await TestServer.with { _, client in
            let info = try await client.execute("SELECT id FROM cities")
            let capture = FlightResponseMetadataCapture()
            let reader = try await client.doGet(info.endpoints[0], options: Self.options(capture))
            _ = try await reader.schema()
            #expect(capture.metadata == nil)
            #expect(try await reader.readAll().rowCount == 3)
            #expect(capture.calls.map(\.method) == [FlightService.Method.doGet])
            #expect(capture.metadata?.headerValues("content-type") == ["application/grpc"])
            // Reading past the end records nothing more.
            #expect(try await reader.next() == nil)
            #expect(capture.calls.count == 1)
        }
    }

    @Test("a failed call's trailers carry the error kind: GetFlightInfo (trailers only), DoPut and DoGet")
    func failedCalls() async throws {
        try await TestServer.with { _, client in
            let capture = FlightResponseMetadataCapture()
            let options = Self.options(capture)
            await #expect(throws: FlightError.self) { _ = try await client.execute("SELECT * FROM nowhere", options: options) }
            let query = try #require(capture.metadata)
            #expect(query.method == FlightService.Method.getFlightInfo)
            #expect(query.trailerValues(FlightSQLErrorKindTrailer.name) == ["ProgrammingError"])
            // The server answered with one header block, which is the trailers, not headers.
            #expect(query.headers.isEmpty)
            #expect(query.headerValues(FlightSQLErrorKindTrailer.name).isEmpty)

            await #expect(throws: FlightError.self) { _ = try await client.executeUpdate("INSERT INTO nowhere VALUES (1)", options: options) }
            #expect(capture.metadata?.method == FlightService.Method.doPut)
            #expect(capture.metadata?.trailerValues(FlightSQLErrorKindTrailer.name) == ["ProgrammingError"])

            // A value that does not fit its declared type fails the DoGet mid-stream.
            _ = try await client.executeUpdate("INSERT INTO cities (id, name, founded) VALUES (9, 'x', 'not a date')")
            let info = try await client.execute("SELECT founded FROM cities")
            await #expect(throws: FlightError.self) { _ = try await client.fetchAll(info, options: options) }
            let doGet = try #require(capture.metadata)
            #expect(doGet.method == FlightService.Method.doGet)
            #expect(doGet.trailerValues(FlightSQLErrorKindTrailer.name) == ["DataError"])
        }
    }

    @Test("session cookies show in the capture (headers, and a stale session's NOT_FOUND trailers) but never in descriptions")
    func sessionCookies() async throws {
        try await TestServer.with { server, client in
            let capture = FlightResponseMetadataCapture()
            _ = try await client.flight.setSessionOptions(["read_only": SessionOptionValue(.bool(true))], options: Self.options(capture))
            let cookie = try #require(capture.metadata?.headerValues("set-cookie").first)
            #expect(cookie.hasPrefix("\(ClientSessions.cookieName)="))
            let sessionID = String(cookie.dropFirst("\(ClientSessions.cookieName)=".count))
            #expect(sessionID.count > 8)
            #expect(client.flight.cookies?.cookieHeader == cookie)
            #expect(!"\(capture)".contains(sessionID) && !"\(capture.metadata!)".contains(sessionID))
            #expect("\(capture)".contains("set-cookie"))

            server.server.forgetIdleSessions(olderThan: .zero)
            let error = try await #require(throws: FlightError.self) {
                _ = try await client.flight.getSessionOptions(options: Self.options(capture))
            }
            #expect(error.code == .notFound)
            #expect(capture.metadata?.trailerValues("set-cookie") == ["\(ClientSessions.cookieName)=; Max-Age=0"])
            #expect(client.flight.cookies?.isEmpty == true)
        }
    }

    @Test("the handshake's response headers carry the bearer token")
    func handshake() async throws {
        try await TestServer.with(auth: .basic(username: "ann", password: "pw")) { server, _ in
            let client = try await server.client()
            defer { client.close() }
            let capture = FlightResponseMetadataCapture()
            let token = try await client.flight.authenticateBasic(username: "ann", password: "pw", options: Self.options(capture))
            #expect(capture.metadata?.method == FlightService.Method.handshake)
            #expect(capture.metadata?.headerValues("authorization") == ["Bearer \(token)"])
            #expect(!"\(capture)".contains(token))
        }
    }

    @Test("a call that cannot start replaces the last call's metadata with none")
    func failedStart() async throws {
        try await TestServer.with { server, _ in
            let client = try await server.client()
            let capture = FlightResponseMetadataCapture()
            _ = try await client.execute("SELECT 1", options: Self.options(capture))
            #expect(capture.metadata?.headers.isEmpty == false)
            client.close()
            await #expect(throws: FlightError.self) { _ = try await client.execute("SELECT 1", options: Self.options(capture)) }
            #expect(capture.calls.count == 2)
            #expect(capture.metadata?.method == FlightService.Method.getFlightInfo)
            #expect(capture.metadata?.headers.isEmpty == true)
            #expect(capture.metadata?.trailers.isEmpty == true)
        }
    }

    @Test("the cursor's lastResponseMetadata lists the last statement's calls, DoGet once read, and starts over per statement")
    func cursorMetadata() async throws {
        try await TestServer.with { _, client in
            let cursor = try await FlightSQLConnection(client: client).cursor()
            #expect(cursor.lastResponseMetadata.isEmpty)
            try await cursor.execute("SELECT id FROM cities ORDER BY id")
            #expect(cursor.lastResponseMetadata.map(\.method) == [FlightService.Method.getFlightInfo])
            #expect(try await cursor.fetchall().count == 3)
            #expect(cursor.lastResponseMetadata.map(\.method) == [FlightService.Method.getFlightInfo, FlightService.Method.doGet])

            try await cursor.execute("SELECT name FROM cities WHERE id = ?", parameters: [2])
            #expect(try await cursor.fetchall().count == 1)
            #expect(cursor.lastResponseMetadata.map(\.method) == [
                FlightService.Method.doAction, FlightService.Method.doPut, FlightService.Method.getFlightInfo,
                FlightService.Method.doGet, FlightService.Method.doAction,
            ])

            await #expect(throws: DBAPIError.self) { try await cursor.execute("SELECT * FROM nowhere") }
            let failed = try #require(cursor.lastResponseMetadata.last)
            #expect(cursor.lastResponseMetadata.count == 1)
            #expect(failed.trailerValues(FlightSQLErrorKindTrailer.name) == ["ProgrammingError"])

            try await cursor.execute("INSERT INTO trips (city_id) VALUES (3)")
            #expect(cursor.lastResponseMetadata.map(\.method) == [FlightService.Method.doPut])
            #expect(cursor.lastResponseMetadata.first?.headerValues("content-type") == ["application/grpc"])
        }
    }
}
