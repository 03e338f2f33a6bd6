import Arrow
import FlightSQL
@testable import FlightSQLServer
import Foundation
@testable import GRPCTransport
import TestSupport

/// Our Flight SQL server assembled from its parts (service, router, gRPC server) so that
/// the fuzz tests can read the transport's connection and handler counts, which the public
/// `FlightSQLServer` does not expose: after hostile clients leave, both must return to zero.
struct FuzzServer {
    let grpc: GRPCServer
    let service: FlightSQLService

    static let username = "fuzz"
    static let password = "fuzz-password"

    /// Basic auth, so that Handshake decodes the credentials it is sent; every fuzz call
    /// carries the Basic header, which the server accepts on any call.
    static func start() async throws -> FuzzServer {
        let backend = try await SQLiteBackend(path: ":memory:")
        try await backend.executeScript(TestServer.sampleSchema + "\nCREATE TABLE fuzz_sink (a INTEGER, b TEXT);")
        let service = try await FlightSQLService(
            backend: backend, options: FlightSQLServerOptions(), auth: .basic(username: username, password: password))
        var router = GRPCServerRouter()
        service.register(on: &router)
        let grpc = try await GRPCServer.start(handler: router)
        return FuzzServer(grpc: grpc, service: service)
    }

    var url: String { grpc.url }
    var port: Int { grpc.port }

    /// Open connections and running handlers.
    var activity: (connections: Int, handlers: Int) { grpc.core.activity }

    func stop() async {
        await grpc.shutdown()
        await service.close()
    }

    static var authorization: GRPCMetadata {
        var metadata = GRPCMetadata()
        metadata.add("authorization", "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        return metadata
    }

    /// A well-behaved client's query on a fresh connection: the server still serves.
    func expectServing() async throws -> Bool {
        let client = try await FlightSQLClient.connect(url: url, options: FlightClientOptions(username: Self.username, password: Self.password, timeout: .seconds(20)))
        defer { client.close() }
        let table = try await client.fetchAll(try await client.execute("SELECT name FROM cities WHERE id = 1"))
        return table.batches.first?.columns.first?.value(at: 0) == .string("Paris")
    }

    /// Waits until every connection is closed and every handler returned.
    func waitIdle(timeout: Duration = .seconds(20)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if activity == (0, 0) { return true }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return activity == (0, 0)
    }
}
