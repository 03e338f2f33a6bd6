import FlightSQL
import Foundation
import Testing

@testable import FlightSQLServer

/// Handshake tokens (basic auth) are bounded: they expire after `tokenIdleTimeout` unused,
/// and at most `maxTokens` are kept, so a client handshaking in a loop cannot grow the
/// server's memory forever. An expired or evicted token gets UNAUTHENTICATED.
@Suite struct TokenLifetimeTests {
    static let auth = FlightSQLServerAuth.basic(username: "ada", password: "lovelace")

    /// A fresh token from a Handshake with the right credentials.
    static func handshake(_ server: TestServer) async throws -> String {
        let client = try await server.client()
        defer { client.close() }
        return try await client.flight.authenticateBasic(username: "ada", password: "lovelace")
    }

    /// Runs a query presenting only `token`; the error code when it is refused.
    static func refusal(_ server: TestServer, token: String) async throws -> FlightError.Code? {
        let client = try await server.client(FlightClientOptions(token: token))
        defer { client.close() }
        do {
            _ = try await client.table("SELECT 1")
            return nil
        } catch let error as FlightError {
            #expect(!error.message.contains(token))
            return error.code
        }
    }

    @Test("a token unused for tokenIdleTimeout is refused UNAUTHENTICATED; a used one stays valid")
    func idleExpiry() async throws {
        // 8 s: far above one call's latency on a loaded 2-core machine (under
        // ThreadSanitizer, 3 s was not), so `busy`, presented every second, never idles that
        // long; `idle` is unused for 11 s.
        let options = FlightSQLServerOptions(tokenIdleTimeout: .seconds(8))
        try await TestServer.with(auth: Self.auth, options: options) { server, _ in
            let idle = try await Self.handshake(server)
            let busy = try await Self.handshake(server)
            #expect(try await Self.refusal(server, token: idle) == nil)
            let idleSince = ContinuousClock.now
            while ContinuousClock.now - idleSince < .seconds(11) {
                try await Task.sleep(for: .seconds(1))
                #expect(try await Self.refusal(server, token: busy) == nil)
            }
            #expect(try await Self.refusal(server, token: idle) == .unauthenticated)
            // The refusal tells the client what to do, and a new Handshake works.
            let client = try await server.client(FlightClientOptions(token: idle))
            defer { client.close() }
            let error = try await #require(throws: FlightError.self) { _ = try await client.table("SELECT 1") }
            #expect(error.message.contains("expired"))
            #expect(try await Self.refusal(server, token: try await Self.handshake(server)) == nil)
        }
    }

    @Test("at most maxTokens are kept: the least recently used is evicted and refused UNAUTHENTICATED")
    func capacity() async throws {
        try await TestServer.with(auth: Self.auth, options: FlightSQLServerOptions(maxTokens: 2)) { server, _ in
            let first = try await Self.handshake(server)
            let second = try await Self.handshake(server)
            // Using `first` makes `second` the least recently used.
            #expect(try await Self.refusal(server, token: first) == nil)
            let third = try await Self.handshake(server)
            #expect(server.server.issuedTokenCount == 2)
            #expect(try await Self.refusal(server, token: second) == .unauthenticated)
            #expect(try await Self.refusal(server, token: first) == nil)
            #expect(try await Self.refusal(server, token: third) == nil)
            // A client handshaking in a loop leaves the set at its bound.
            for _ in 0..<20 { _ = try await Self.handshake(server) }
            #expect(server.server.issuedTokenCount == 2)
        }
    }
}
