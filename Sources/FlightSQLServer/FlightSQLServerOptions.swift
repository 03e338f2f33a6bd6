import Foundation

/// How a ``FlightSQLServer`` serves its backend.
public struct FlightSQLServerOptions: Sendable {
    /// Refuse every write (updates, bulk ingestion, prepared updates) with PERMISSION_DENIED,
    /// and report `FLIGHT_SQL_SERVER_READ_ONLY`.
    public var readOnly: Bool
    /// Into how many endpoints a query's result is split (1 or more). With more than one,
    /// the query runs once to count its batches, then each endpoint runs it again and sends
    /// its contiguous run of batches, so use it with deterministic queries (an `ORDER BY`);
    /// every location is `arrow-flight-reuse-connection://?` (fetch it from this server).
    public var endpoints: Int
    /// Rows per record batch sent by `DoGet`.
    public var batchSize: Int
    /// How long an executed statement's result waits for its `DoGet` before it is dropped.
    public var statementTimeout: Duration
    /// How long a transaction may stay unused before the server rolls it back (a client that
    /// disappeared must not hold the database's locks).
    public var transactionIdleTimeout: Duration
    /// How long a client session (its session options, found by the
    /// `arrow_flight_session_id` cookie) is kept unused before the server forgets it.
    public var sessionIdleTimeout: Duration
    /// The name reported as `FLIGHT_SQL_SERVER_NAME`.
    public var serverName: String
    /// How long a bearer token issued by `Handshake` (``FlightSQLServerAuth/basic(username:password:)``)
    /// stays valid unused; each call that presents it restarts the wait. An expired token is
    /// refused with UNAUTHENTICATED, so the client handshakes again.
    public var tokenIdleTimeout: Duration
    /// How many tokens issued by `Handshake` are kept at most; issuing one more forgets the
    /// least recently used (whose client then gets UNAUTHENTICATED and handshakes again), so
    /// a client that handshakes in a loop cannot grow the server's memory without bound.
    /// Values below 1 count as 1.
    public var maxTokens: Int
    /// How long a prepared statement stays open unused (no call binds, describes or runs it:
    /// `DoPut` of its parameters, `GetFlightInfo`/`GetSchema`/`PollFlightInfo` of its query,
    /// `DoPut` of its update); each such call restarts the wait. An expired statement is
    /// dropped, and a later call naming its handle gets NOT_FOUND ("prepare it again"), so a
    /// client that vanished without `ClosePreparedStatement` does not hold memory forever.
    public var preparedStatementIdleTimeout: Duration
    /// How many prepared statements are kept open at most; preparing one more drops the least
    /// recently used (whose handle then gets NOT_FOUND), so a client that prepares in a loop
    /// without closing cannot grow the server's memory without bound. Values below 1 count as 1.
    public var maxPreparedStatements: Int

    /// Options with the defaults: writable, one endpoint, 4096-row batches, results kept
    /// 10 minutes, idle transactions rolled back after 10 minutes, idle client sessions
    /// forgotten after an hour, idle tokens expired after an hour, at most 10,000 tokens, idle
    /// prepared statements dropped after an hour, at most 10,000 prepared statements.
    public init(
        readOnly: Bool = false, endpoints: Int = 1, batchSize: Int = 4096, statementTimeout: Duration = .seconds(600),
        transactionIdleTimeout: Duration = .seconds(600), sessionIdleTimeout: Duration = .seconds(3600),
        serverName: String = "swift-flightsql", tokenIdleTimeout: Duration = .seconds(3600), maxTokens: Int = 10_000,
        preparedStatementIdleTimeout: Duration = .seconds(3600), maxPreparedStatements: Int = 10_000
    ) {
        self.readOnly = readOnly
        self.endpoints = endpoints
        self.batchSize = batchSize
        self.statementTimeout = statementTimeout
        self.transactionIdleTimeout = transactionIdleTimeout
        self.sessionIdleTimeout = sessionIdleTimeout
        self.serverName = serverName
        self.tokenIdleTimeout = tokenIdleTimeout
        self.maxTokens = maxTokens
        self.preparedStatementIdleTimeout = preparedStatementIdleTimeout
        self.maxPreparedStatements = maxPreparedStatements
    }
}

/// How clients authenticate to a ``FlightSQLServer``.
public struct FlightSQLServerAuth: Sendable, Hashable, CustomStringConvertible {
    enum Mode: Sendable, Hashable {
        case none
        case token(String)
        case basic(username: String, password: String)
    }

    let mode: Mode

    /// No authentication: every call is served.
    public static let none = FlightSQLServerAuth(mode: .none)

    /// Every call must carry `authorization: Bearer <token>`.
    public static func token(_ token: String) -> FlightSQLServerAuth { FlightSQLServerAuth(mode: .token(token)) }

    /// Clients authenticate with `Handshake` and HTTP Basic credentials (in the
    /// `authorization` header or a `BasicAuth` payload), receive a bearer token (in the
    /// `authorization` response header and the response payload), and send it on every call.
    public static func basic(username: String, password: String) -> FlightSQLServerAuth {
        FlightSQLServerAuth(mode: .basic(username: username, password: password))
    }

    /// The mode, without secrets.
    public var description: String {
        switch mode {
        case .none: "none"
        case .token: "bearer token"
        case .basic(let username, _): "basic (user \(username))"
        }
    }
}
