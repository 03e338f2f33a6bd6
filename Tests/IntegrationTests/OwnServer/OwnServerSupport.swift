import DBAPI
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport
import Testing
import TestSupport

/// The project's own Flight SQL server, started in-process on a free loopback port over a
/// fresh SQLite database, for the DB-API driver's end-to-end tests.
struct OwnServer {
    /// Where the SQLite database lives.
    enum Storage {
        /// `:memory:` (the backend serves it from a private temporary file).
        case memory
        /// A file in a new temporary directory, removed when the server stops.
        case temporaryFile
    }

    let server: FlightSQLServer
    private let directory: URL?

    /// `grpc://127.0.0.1:PORT` (or `grpc+tls://…`).
    var url: String { server.url }
    var port: Int { server.port }
    var statistics: FlightSQLServerStatistics.Snapshot { server.statistics.snapshot }

    static func start(
        storage: Storage = .memory, script: String? = nil, tls: TLSServerConfiguration? = nil,
        auth: FlightSQLServerAuth = .none, options: FlightSQLServerOptions = FlightSQLServerOptions()
    ) async throws -> OwnServer {
        var directory: URL?
        let path: String
        switch storage {
        case .memory:
            path = ":memory:"
        case .temporaryFile:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ownserver-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            directory = folder
            path = folder.appendingPathComponent("test.sqlite").path
        }
        do {
            let backend = try await SQLiteBackend(path: path)
            if let script { try await backend.executeScript(script) }
            let server = try await FlightSQLServer.start(backend: backend, host: "127.0.0.1", port: 0, tls: tls, auth: auth, options: options)
            return OwnServer(server: server, directory: directory)
        } catch {
            if let directory { try? FileManager.default.removeItem(at: directory) }
            throw error
        }
    }

    func stop() async {
        await server.shutdown()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    /// A DB-API connection to the server; `query` (`?token=…`) is appended to the URL.
    func connect(_ query: String = "", options: FlightClientOptions = FlightClientOptions()) async throws -> FlightSQLConnection {
        try await FlightSQLConnection.connect(url: url + query, options: options)
    }

    /// Starts a server, runs `body`, and stops the server whatever happens.
    static func with(
        storage: Storage = .memory, script: String? = nil, tls: TLSServerConfiguration? = nil,
        auth: FlightSQLServerAuth = .none, options: FlightSQLServerOptions = FlightSQLServerOptions(),
        _ body: (OwnServer) async throws -> Void
    ) async throws {
        let server = try await start(storage: storage, script: script, tls: tls, auth: auth, options: options)
        do {
            try await body(server)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    /// Starts a server, connects to it, runs `body`, then closes the connection and stops the
    /// server whatever happens.
    static func withConnection(
        storage: Storage = .memory, script: String? = nil, options: FlightSQLServerOptions = FlightSQLServerOptions(),
        _ body: (OwnServer, FlightSQLConnection) async throws -> Void
    ) async throws {
        try await with(storage: storage, script: script, options: options) { server in
            let connection = try await server.connect()
            do {
                try await body(server, connection)
            } catch {
                try? await connection.close()
                throw error
            }
            try await connection.close()
        }
    }

    /// The project's TLS test material (`../shared/testdata/tls`).
    static func tlsFile(_ name: String) -> String {
        TestEnvironment.sharedTestData.appendingPathComponent("tls").appendingPathComponent(name).path
    }
}

extension Cursor {
    /// Runs `sql` and returns the first column of the single row as `T`.
    func scalar<T: DatabaseValueDecodable>(_ sql: String, parameters: [Value] = [], as type: T.Type = T.self) async throws -> T {
        try await execute(sql, parameters: parameters)
        let row = try #require(try await fetchone())
        return try row.decode(T.self, at: 0)
    }
}
