import Arrow
import DBAPI
import FlightSQL
import Foundation
import GRPCTransport

/// The Flight SQL service: the Flight RPCs, registered on a ``GRPCServerRouter``, served by
/// a ``FlightSQLBackend``.
final class FlightSQLService: Sendable {
    let backend: any FlightSQLBackend
    let options: FlightSQLServerOptions
    let authenticator: Authenticator
    let statistics: FlightSQLServerStatistics
    let sessions: SessionRegistry
    let statements = StatementRegistry()
    let prepared: PreparedStatementRegistry
    let clientSessions = ClientSessions()
    private let sweeper = Locked<Task<Void, Never>?>(nil)

    init(backend: any FlightSQLBackend, options: FlightSQLServerOptions, auth: FlightSQLServerAuth) async throws {
        self.backend = backend
        self.options = options
        authenticator = Authenticator(auth, idleTimeout: options.tokenIdleTimeout, capacity: options.maxTokens)
        statistics = FlightSQLServerStatistics()
        prepared = PreparedStatementRegistry(
            idleTimeout: options.preparedStatementIdleTimeout, capacity: options.maxPreparedStatements, statistics: statistics)
        sessions = SessionRegistry(backend: backend, shared: try await backend.openSession(transactional: false))
        startSweeper()
    }

    /// Rolls back idle transactions and drops expired results and idle prepared statements, a
    /// few times per timeout (idle client sessions and tokens go at the same pass).
    private func startSweeper() {
        let interval = min(options.transactionIdleTimeout, options.statementTimeout, options.preparedStatementIdleTimeout) / 4
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: max(interval, .milliseconds(10)))
                guard let self else { return }
                await self.sweep()
            }
        }
        sweeper.withLock { $0 = task }
    }

    func sweep() async {
        for (id, session) in sessions.removeIdle(options.transactionIdleTimeout) {
            for statement in statements.removeAll(transactionID: id) { await statement.cancel()?.close() }
            try? await session.rollback()
            await session.close()
        }
        await statements.removeExpired()
        clientSessions.removeIdle(options.sessionIdleTimeout)
        authenticator.removeIdleTokens()
        prepared.removeIdle()
    }

    /// Registers every Flight method.
    func register(on router: inout GRPCServerRouter) {
        router.register(FlightService.Method.handshake) { [self] call in try await handshake(call) }
        router.registerUnary(FlightService.Method.getFlightInfo) { [self] request, call in
            try await serving(call) { try await getFlightInfo(try Self.descriptor(request), call: call).serializedProtobuf() }
        }
        router.registerUnary(FlightService.Method.pollFlightInfo) { [self] request, call in
            try await serving(call) {
                let info = try await getFlightInfo(try Self.descriptor(request), call: call)
                return PollInfo(info: info, flightDescriptor: nil, progress: 1.0).serializedProtobuf()
            }
        }
        router.registerUnary(FlightService.Method.getSchema) { [self] request, call in
            try await serving(call) {
                let schema = try await getSchema(try Self.descriptor(request))
                return SchemaResult(schema: ArrowIPCMessageEncoder.encapsulatedSchema(schema)).serializedProtobuf()
            }
        }
        router.registerServerStreaming(FlightService.Method.doGet) { [self] request, call in
            try await serving(call) { try await doGet(request, call: call) }
        }
        router.register(FlightService.Method.doPut) { [self] call in
            try await serving(call) { try await doPut(call) }
        }
        router.registerServerStreaming(FlightService.Method.doAction) { [self] request, call in
            try await serving(call) {
                for result in try await doAction(request, call: call) { try await call.send(result.serializedProtobuf()) }
            }
        }
        router.registerServerStreaming(FlightService.Method.listActions) { [self] _, call in
            try await serving(call) {
                for action in Self.actionTypes { try await call.send(action.serializedProtobuf()) }
            }
        }
        router.register(FlightService.Method.listFlights) { [self] call in
            try await serving(call) {
                throw GRPCStatus(code: .unimplemented, message: "ListFlights is not supported: this server serves Flight SQL commands")
            }
        }
        router.register(FlightService.Method.doExchange) { [self] call in
            try await serving(call) {
                throw GRPCStatus(code: .unimplemented, message: "DoExchange is not supported by this Flight SQL server")
            }
        }
    }

    /// Authorizes the call, runs `body`, and turns every failure into a gRPC status.
    func serving<T>(_ call: GRPCServerCall, _ body: () async throws -> T) async throws -> T {
        do {
            try authenticator.authorize(call.metadata)
            return try await body()
        } catch {
            throw ErrorMapping.status(for: error)
        }
    }

    static func descriptor(_ request: Data) throws -> FlightDescriptor {
        do {
            return try FlightDescriptor(protobuf: request)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "the request is not a valid FlightDescriptor")
        }
    }

    /// The Flight SQL command in a descriptor.
    static func command(_ descriptor: FlightDescriptor) throws -> FlightSQLCommand {
        guard descriptor.type == .cmd else {
            throw GRPCStatus(code: .invalidArgument, message: "only command descriptors are supported (Flight SQL commands), not paths")
        }
        return try command(serializedAny: descriptor.cmd)
    }

    static func command(serializedAny data: Data) throws -> FlightSQLCommand {
        do {
            return try FlightSQLCommand(serializedAny: data)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "the command is not a valid Flight SQL message")
        }
    }

    static func substraitUnsupported() -> GRPCStatus {
        GRPCStatus(code: .unimplemented, message: "Substrait plans are not supported: this server runs SQL")
    }

    /// Refuses writes when the server, or the client session the call belongs to, is read-only.
    func checkWritable(_ call: GRPCServerCall) throws {
        if options.readOnly {
            throw GRPCStatus(code: .permissionDenied, message: "the server is read-only: updates and ingestion are refused")
        }
        if sessionIsReadOnly(call) {
            throw GRPCStatus(code: .permissionDenied, message: "the session is read-only (session option read_only): updates and ingestion are refused")
        }
    }

    /// SqlInfo values: the server's, then the backend's.
    var sqlInfo: [UInt32: FlightSQLInfoValue] {
        let info = backend.info
        let readOnly = options.readOnly || info.isReadOnly
        var values: [UInt32: FlightSQLInfoValue] = [
            SqlInfo.flightSqlServerName.rawValue: .string(options.serverName),
            SqlInfo.flightSqlServerVersion.rawValue: .string("\(FlightSQLServer.version) (\(info.databaseName) \(info.databaseVersion))"),
            SqlInfo.flightSqlServerArrowVersion.rawValue: .string(FlightSQLServer.arrowFormatVersion),
            SqlInfo.flightSqlServerReadOnly.rawValue: .bool(readOnly),
            SqlInfo.flightSqlServerSql.rawValue: .bool(true),
            SqlInfo.flightSqlServerSubstrait.rawValue: .bool(false),
            SqlInfo.flightSqlServerTransaction.rawValue: .int32(
                info.supportsSavepoints ? SqlSupportedTransaction.savepoint.rawValue
                    : info.supportsTransactions ? SqlSupportedTransaction.transaction.rawValue : SqlSupportedTransaction.none.rawValue),
            SqlInfo.flightSqlServerCancel.rawValue: .bool(true),
            SqlInfo.flightSqlServerBulkIngestion.rawValue: .bool(info.supportsIngest && !readOnly),
            SqlInfo.flightSqlServerIngestTransactionsSupported.rawValue: .bool(info.supportsTransactions),
            SqlInfo.flightSqlServerStatementTimeout.rawValue: .int32(0),
            SqlInfo.flightSqlServerTransactionTimeout.rawValue: .int32(Self.milliseconds(options.transactionIdleTimeout)),
            SqlInfo.sqlIdentifierQuoteChar.rawValue: .string(info.identifierQuoteCharacter),
            SqlInfo.sqlTransactionsSupported.rawValue: .bool(info.supportsTransactions),
            SqlInfo.sqlSavepointsSupported.rawValue: .bool(info.supportsSavepoints),
        ]
        values.merge(info.extra) { _, backend in backend }
        return values
    }

    static func milliseconds(_ duration: Duration) -> Int32 {
        let (seconds, attoseconds) = duration.components
        return Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000)
    }

    /// Releases everything (shutdown).
    func close() async {
        sweeper.withLock { $0 }?.cancel()
        await statements.closeAll()
        await sessions.closeAll()
        await backend.close()
    }
}
