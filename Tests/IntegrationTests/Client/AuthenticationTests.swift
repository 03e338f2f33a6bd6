import FlightSQL
import Foundation
import Testing
import TestSupport

/// Basic-auth handshake and bearer tokens against roapi configured with both.
@Suite struct AuthenticationTests {
    static let url = "FLIGHTSQL_TEST_ROAPI_AUTH_URL"

    func rowCount(_ options: FlightClientOptions) async throws -> Int {
        let client = try await FlightSQLClient.connect(url: try TestEnvironment.require(Self.url), options: options)
        defer { client.close() }
        return try await client.fetchAll(try await client.execute("SELECT id FROM trips")).rowCount
    }

    @Test("username and password: the handshake's bearer token is used", .enabled(if: TestEnvironment.isAvailable(url)))
    func basic() async throws {
        let options = FlightClientOptions(
            username: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME"),
            password: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_PASSWORD"))
        #expect(try await rowCount(options) == 1000)
    }

    @Test("the handshake returns the server's token", .enabled(if: TestEnvironment.isAvailable(url)))
    func handshakeToken() async throws {
        let client = try await FlightClient.connect(url: try TestEnvironment.require(Self.url))
        defer { client.close() }
        let token = try await client.authenticateBasic(
            username: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME"),
            password: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_PASSWORD"))
        #expect(token == (try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_TOKEN")))
    }

    @Test("a bearer token", .enabled(if: TestEnvironment.isAvailable(url)))
    func token() async throws {
        #expect(try await rowCount(FlightClientOptions(token: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_TOKEN"))) == 1000)
    }

    @Test("wrong password, wrong token and no token are unauthenticated, and no secret is printed", .enabled(if: TestEnvironment.isAvailable(url)))
    func refusals() async throws {
        let username = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_USERNAME")
        let cases: [(FlightClientOptions, String?)] = [
            (FlightClientOptions(username: username, password: "wrong-password-XYZ"), "wrong-password-XYZ"),
            (FlightClientOptions(token: "wrong-token-XYZ"), "wrong-token-XYZ"),
            (FlightClientOptions(), nil),
        ]
        for (options, secret) in cases {
            let error = try await #require(throws: FlightError.self) { _ = try await rowCount(options) }
            #expect(error.code == .unauthenticated)
            if let secret {
                #expect(!String(describing: error).contains(secret))
                #expect(!String(reflecting: error).contains(secret))
                #expect(!options.description.contains(secret))
            }
        }
    }
}
