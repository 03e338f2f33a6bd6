import FlightSQL
import Foundation
import GRPCTransport

/// A Flight SQL server: serves a ``FlightSQLBackend`` (such as ``SQLiteBackend``) to any
/// Flight SQL client over gRPC, plaintext or TLS.
///
/// ```swift
/// let backend = try await SQLiteBackend(path: "shop.sqlite")
/// let server = try await FlightSQLServer.start(backend: backend, port: 0)
/// print(server.url)          // grpc://127.0.0.1:PORT
/// // … clients connect …
/// await server.shutdown()
/// ```
public final class FlightSQLServer: Sendable {
    /// The server's version, reported in `FLIGHT_SQL_SERVER_VERSION`.
    public static let version = "0.1.0"
    /// The Arrow columnar format version it writes, reported in `FLIGHT_SQL_SERVER_ARROW_VERSION`.
    public static let arrowFormatVersion = "1.5.0"

    private let grpc: GRPCServer
    private let service: FlightSQLService

    private init(grpc: GRPCServer, service: FlightSQLService) {
        self.grpc = grpc
        self.service = service
    }

    /// Starts serving `backend` on `host`:`port` (0 picks a free port; read ``port``).
    ///
    /// - Parameters:
    ///   - tls: the certificate and key to serve TLS with (and a client CA for mutual TLS);
    ///     `nil` for plaintext.
    ///   - auth: how clients authenticate.
    ///   - options: read-only mode, endpoints per query, batch size, timeouts.
    /// - Throws: a `GRPCStatus` (from the `GRPCTransport` product, which also provides
    ///   `TLSServerConfiguration`): UNAVAILABLE when the address cannot be bound,
    ///   INVALID_ARGUMENT when the TLS files or the options are unusable; or the backend's
    ///   error when its first session cannot be opened.
    public static func start(
        backend: any FlightSQLBackend, host: String = "127.0.0.1", port: Int = 0, tls: TLSServerConfiguration? = nil,
        auth: FlightSQLServerAuth = .none, options: FlightSQLServerOptions = FlightSQLServerOptions()
    ) async throws -> FlightSQLServer {
        guard options.endpoints >= 1, options.batchSize >= 1 else {
            throw GRPCStatus(code: .invalidArgument, message: "endpoints and batchSize must be at least 1")
        }
        if let tls { try checkPEMFiles(tls) }
        let service = try await FlightSQLService(backend: backend, options: options, auth: auth)
        var router = GRPCServerRouter()
        service.register(on: &router)
        do {
            let grpc = try await GRPCServer.start(host: host, port: port, tls: tls, handler: router)
            return FlightSQLServer(grpc: grpc, service: service)
        } catch {
            await service.close()
            throw error
        }
    }

    /// Refuses missing, unreadable and non-PEM TLS files before the transport loads them,
    /// with INVALID_ARGUMENT naming the file and its role, before any backend session opens.
    static func checkPEMFiles(_ tls: TLSServerConfiguration) throws {
        let files = [("certificate", tls.certificateChainPath), ("private key", tls.privateKeyPath)]
            + (tls.clientCAPath.map { [("client CA", $0)] } ?? [])
        for (what, path) in files {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw GRPCStatus(code: .invalidArgument, message: "cannot read the TLS \(what) file \(path)")
            }
            guard data.range(of: Data("-----BEGIN ".utf8)) != nil else {
                throw GRPCStatus(code: .invalidArgument, message: "the TLS \(what) file \(path) is not PEM")
            }
        }
    }

    /// Where clients connect: `grpc://host:port` or `grpc+tls://host:port`.
    public var url: String { grpc.url }
    /// The host the server listens on.
    public var host: String { grpc.host }
    /// The bound port.
    public var port: Int { grpc.port }
    /// Counters of the work done so far.
    public var statistics: FlightSQLServerStatistics { service.statistics }

    /// How many client sessions (session options under a cookie) are open.
    var openSessionCount: Int { service.clientSessions.count }

    /// Forgets the client sessions unused for `duration` now, as the sweeper does after
    /// `sessionIdleTimeout` (for tests).
    func forgetIdleSessions(olderThan duration: Duration) { service.clientSessions.removeIdle(duration) }

    /// How many tokens issued by `Handshake` are kept (for tests).
    var issuedTokenCount: Int { service.authenticator.tokenCount }

    /// How many prepared statements are open (for tests).
    var openPreparedStatementCount: Int { service.prepared.count }

    /// Stops accepting calls, ends the running ones, rolls back open transactions and closes
    /// the backend. Returns once everything is closed.
    public func shutdown() async {
        await grpc.shutdown()
        await service.close()
    }
}
