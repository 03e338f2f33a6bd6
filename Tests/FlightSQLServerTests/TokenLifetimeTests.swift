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
        let options = FlightSQLServerOptions(tokenIdleTimeout: .seconds(3))
        try await TestServer.with(auth: Self.auth, options: options) { server, _ in
            let idle = try await Self.handshake(server)
            let busy = try await Self.handshake(server)
            #expect(try await Self.refusal(server, token: idle) == nil)
            // `busy` is presented every second, each use restarting its wait; `idle` is not.
            for _ in 0..<4 {
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
