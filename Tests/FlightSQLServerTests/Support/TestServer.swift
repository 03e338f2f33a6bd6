import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import GRPCTransport

/// A server on a free loopback port over a fresh SQLite database with sample tables, and a
/// client connected to it through the real network stack.
struct TestServer {
    let server: FlightSQLServer
    let backend: SQLiteBackend

    static let sampleSchema = """
        CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, population REAL, founded DATE,
                             area DECIMAL(10,2), capital BOOLEAN, photo BLOB);
        CREATE TABLE trips (id INTEGER PRIMARY KEY, city_id INTEGER NOT NULL REFERENCES cities(id),
                            km INTEGER, started TIMESTAMP);
        INSERT INTO cities VALUES (1, 'Paris', 2.1, '0250-01-01', 105.40, 1, x'0102'),
                                  (2, 'Lyon', 0.52, '0043-10-09', 47.87, 0, NULL),
                                  (3, 'Nice', 0.34, NULL, NULL, 0, NULL);
        INSERT INTO trips VALUES (1, 1, 12, '2024-05-01 10:00:00'), (2, 1, 30, '2024-05-02 11:30:00'), (3, 2, 7, NULL);
        """

    static func start(
        tls: TLSServerConfiguration? = nil, auth: FlightSQLServerAuth = .none,
        options: FlightSQLServerOptions = FlightSQLServerOptions()
    ) async throws -> TestServer {
        let backend = try await SQLiteBackend(path: ":memory:")
        try await backend.executeScript(sampleSchema)
        let server = try await FlightSQLServer.start(backend: backend, tls: tls, auth: auth, options: options)
        return TestServer(server: server, backend: backend)
    }

    func client(_ options: FlightClientOptions = FlightClientOptions()) async throws -> FlightSQLClient {
        try await FlightSQLClient.connect(url: server.url, options: options)
    }

    func stop() async { await server.shutdown() }

    /// Runs `body` with a started server and a client, then stops both.
    static func with(
        tls: TLSServerConfiguration? = nil, auth: FlightSQLServerAuth = .none,
        options: FlightSQLServerOptions = FlightSQLServerOptions(),
        clientOptions: FlightClientOptions = FlightClientOptions(),
        _ body: (TestServer, FlightSQLClient) async throws -> Void
    ) async throws {
        let server = try await start(tls: tls, auth: auth, options: options)
        do {
            let client = try await server.client(clientOptions)
            do {
                try await body(server, client)
            } catch {
                client.close()
                throw error
            }
            client.close()
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }
}

extension FlightSQLClient {
    /// Runs a query and reads every endpoint.
    func table(_ sql: String, transactionID: Data? = nil) async throws -> FlightTable {
        try await fetchAll(try await execute(sql, transactionID: transactionID))
    }

    /// The rows of a metadata command's result.
    func rows(_ info: FlightInfo) async throws -> [[ArrowValue]] {
        try await fetchAll(info).rows
    }
}

extension FlightTable {
    /// Every row as Arrow values.
    var rows: [[ArrowValue]] {
        batches.flatMap { batch in (0..<batch.rowCount).map { row in batch.columns.map { $0.value(at: row) } } }
    }

    /// One column's values across batches.
    func column(_ name: String) -> [ArrowValue] {
        guard let index = schema.fields.firstIndex(where: { $0.name == name }) else { return [] }
        return rows.map { $0[index] }
    }
}
