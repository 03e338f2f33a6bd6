import DBAPI

/// Counters of a running ``FlightSQLServer``, for monitoring and tests.
public final class FlightSQLServerStatistics: Sendable {
    /// A snapshot of the counters.
    public struct Snapshot: Sendable, Hashable {
        /// Record batches built from query results.
        public var batchesEncoded: Int
        /// Record batches handed to HTTP/2 (the client's flow control allowed them).
        public var batchesSent: Int
        /// Bytes of FlightData sent by `DoGet`.
        public var bytesSent: Int
        /// The most record batches ever built but not yet sent at one time, over all `DoGet`s
        /// (at most one per running `DoGet`): what bounds the result memory slow clients
        /// can make the server hold.
        public var maxBatchesInFlight: Int
        /// Queries (and updates) executed.
        public var statementsExecuted: Int
        /// Statements cancelled by clients.
        public var statementsCancelled: Int
        /// Prepared statements created (`CreatePreparedStatement` answered).
        public var preparedStatementsCreated: Int
        /// Prepared statements closed by clients (`ClosePreparedStatement` for an open
        /// handle): shows whether clients release what they prepare.
        public var preparedStatementsClosed: Int
        /// Prepared statements the server dropped: unused for
        /// ``FlightSQLServerOptions/preparedStatementIdleTimeout``, or evicted as the least
        /// recently used to stay within ``FlightSQLServerOptions/maxPreparedStatements``.
        /// Closes by clients are not counted here.
        public var preparedStatementsExpired: Int
    }

    private let counters = Locked(Snapshot(
        batchesEncoded: 0, batchesSent: 0, bytesSent: 0, maxBatchesInFlight: 0, statementsExecuted: 0,
        statementsCancelled: 0, preparedStatementsCreated: 0, preparedStatementsClosed: 0,
        preparedStatementsExpired: 0))

    init() {}

    /// The current values.
    public var snapshot: Snapshot { counters.withLock { $0 } }

    func update(_ body: (inout Snapshot) -> Void) { counters.withLock { body(&$0) } }
}
