import FlightSQL
import Foundation
import GRPCTransport
import Testing

@testable import FlightSQLServer

/// Session options per client session, found by the `arrow_flight_session_id` cookie:
/// separate clients keep separate options, `read_only` has its effect, closing one session
/// leaves the others alone, and a stale cookie is NOT_FOUND without leaking it.
@Suite struct ClientSessionTests {
    static let readOnly = "read_only"

    @Test("two clients keep their own options; unknown names and wrong types fail per option")
    func separateSessions() async throws {
        try await TestServer.with { server, first in
            let second = try await server.client()
            defer { second.close() }
            let result = try await first.flight.setSessionOptions([
                Self.readOnly: SessionOptionValue(.bool(true)),
                "schema": SessionOptionValue(.string("main")),
                "catalog": SessionOptionValue(.string("x")),
            ])
            #expect(result.errors == [
                "schema": .init(value: .invalidName), "catalog": .init(value: .invalidName),
            ])
            #expect(first.flight.cookies?.names == [ClientSessions.cookieName])
            let wrongType = try await second.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.string("yes"))])
            #expect(wrongType.errors == [Self.readOnly: .init(value: .invalidValue)])
            _ = try await second.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(false))])

            #expect(try await first.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(true))])
            #expect(try await second.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(false))])
            #expect(first.flight.cookies?.cookieHeader != second.flight.cookies?.cookieHeader)
            #expect(server.server.openSessionCount == 2)
        }
    }

    @Test("read_only refuses that session's writes only; unsetting it lifts the refusal")
    func readOnlyEffect() async throws {
        try await TestServer.with { server, guarded in
            let other = try await server.client()
            defer { other.close() }
            _ = try await guarded.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            let update = try await #require(throws: FlightError.self) {
                _ = try await guarded.executeUpdate("INSERT INTO trips (city_id) VALUES (1)")
            }
            #expect(update.code == .permissionDenied)
            #expect(update.message.contains("session is read-only"))
            let query = try await #require(throws: FlightError.self) { _ = try await guarded.execute("DELETE FROM trips") }
            #expect(query.code == .permissionDenied)
            #expect(try await guarded.table("SELECT count(*) FROM trips").rows == [[.int(3)]])
            #expect(try await other.executeUpdate("INSERT INTO trips (city_id) VALUES (1)") == 1)

            _ = try await guarded.flight.setSessionOptions([Self.readOnly: SessionOptionValue()])
            #expect(try await guarded.executeUpdate("DELETE FROM trips WHERE id = 4") == 1)
            #expect(try await guarded.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(false))])
        }
    }

    @Test("CloseSession ends only the caller's session; the cookie is dropped and a new session can start")
    func closeOne() async throws {
        try await TestServer.with { server, first in
            let second = try await server.client()
            defer { second.close() }
            _ = try await first.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            _ = try await second.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            #expect(try await first.flight.closeSession() == .closed)
            #expect(first.flight.cookies?.isEmpty == true)
            #expect(server.server.openSessionCount == 1)
            // The closed session's restriction is gone; the other session keeps its own.
            #expect(try await first.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(false))])
            #expect(try await first.executeUpdate("INSERT INTO trips (city_id) VALUES (2)") == 1)
            #expect(try await second.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(true))])
            await #expect(throws: FlightError.self) { _ = try await second.executeUpdate("INSERT INTO trips (city_id) VALUES (2)") }
            // Closing without a session is harmless; setting options again starts a new one.
            #expect(try await first.flight.closeSession() == .closed)
            _ = try await first.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            #expect(first.flight.cookies?.names == [ClientSessions.cookieName])
            #expect(server.server.openSessionCount == 2)
        }
    }

    @Test("a cookie naming no session is NOT_FOUND, the error does not carry it, and the jar drops it")
    func staleCookie() async throws {
        try await TestServer.with { server, _ in
            let stale = try await server.client(FlightClientOptions(headers: [.init(name: "cookie", value: "arrow_flight_session_id=s3cr3t-gone")]))
            defer { stale.close() }
            let error = try await #require(throws: FlightError.self) { _ = try await stale.flight.getSessionOptions() }
            #expect(error.code == .notFound)
            #expect(!"\(error)".contains("s3cr3t") && !error.message.contains("s3cr3t"))
            #expect(!error.trailers.contains { $0.name == "set-cookie" || $0.value.contains("s3cr3t") })
            await #expect(throws: FlightError.self) { _ = try await stale.flight.closeSession() }

            // A jar-held cookie of a session the server forgot is dropped with the error.
            let client = try await server.client()
            defer { client.close() }
            _ = try await client.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            server.server.forgetIdleSessions(olderThan: .zero)
            await #expect(throws: FlightError.self) { _ = try await client.flight.getSessionOptions() }
            #expect(client.flight.cookies?.isEmpty == true)
            #expect(try await client.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(false))])
        }
    }

    @Test("on a read-only server read_only cannot be turned off, and Get reports it on")
    func readOnlyServer() async throws {
        try await TestServer.with(options: FlightSQLServerOptions(readOnly: true)) { _, client in
            let result = try await client.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(false))])
            #expect(result.errors == [Self.readOnly: .init(value: .error)])
            #expect(try await client.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(true))])
        }
    }

    @Test("without the cookie jar every SetSessionOptions starts a new session (useCookies: false)")
    func withoutCookies() async throws {
        try await TestServer.with(clientOptions: FlightClientOptions(useCookies: false)) { server, client in
            #expect(client.flight.cookies == nil)
            _ = try await client.flight.setSessionOptions([Self.readOnly: SessionOptionValue(.bool(true))])
            #expect(try await client.flight.getSessionOptions() == [Self.readOnly: SessionOptionValue(.bool(false))])
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)") == 1)
            #expect(server.server.openSessionCount == 1)
        }
    }

    @Test("the session store: cookie parsing, idle expiry, bounded size")
    func store() {
        var metadata = GRPCMetadata()
        metadata.add("cookie", "a=1")
        metadata.add("cookie", "b=2; arrow_flight_session_id = abc ; c=3")
        #expect(ClientSessions.sessionID(in: metadata) == "abc")
        var empty = GRPCMetadata()
        empty.add("cookie", "arrow_flight_session_id=; x")
        #expect(ClientSessions.sessionID(in: empty) == nil)
        #expect(ClientSessions.sessionID(in: GRPCMetadata()) == nil)

        let sessions = ClientSessions(capacity: 2)
        let first = sessions.create(options: [:])
        let second = sessions.create(options: ["read_only": SessionOptionValue(.bool(true))])
        #expect(first != second && first.count == 64)
        _ = sessions.create(options: [:])
        #expect(sessions.count == 2)
        var cookie = GRPCMetadata()
        cookie.add("cookie", "\(ClientSessions.cookieName)=\(first)")
        #expect(sessions.lookup(cookie) == .unknown, "the least recently used session makes room")
        sessions.removeIdle(.zero)
        #expect(sessions.count == 0)
    }
}
