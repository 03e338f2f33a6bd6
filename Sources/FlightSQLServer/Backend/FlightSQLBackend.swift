import Arrow
import DBAPI
import Foundation

/// A database that a ``FlightSQLServer`` serves: the seam for plugging in databases other
/// than SQLite.
///
/// The server speaks Flight SQL (handles, tickets, Arrow IPC, authentication); a backend
/// only runs SQL and answers catalog questions in Arrow terms. Work happens in
/// ``FlightSQLBackendSession``s: the server keeps one for statements outside a transaction
/// and opens one more per Flight SQL transaction, so a backend maps sessions to its own
/// connections.
public protocol FlightSQLBackend: Sendable {
    /// What the server reports through `GetSqlInfo` about this database.
    var info: FlightSQLBackendInfo { get }

    /// Opens a session (a connection). `transactional` sessions hold one Flight SQL
    /// transaction; the others run each statement on its own (autocommit).
    func openSession(transactional: Bool) async throws -> any FlightSQLBackendSession

    /// The SQL data types the database offers, for `GetXdbcTypeInfo`.
    var typeInfo: [FlightSQLTypeInfo] { get }

    /// Releases the backend's resources; called once when the server shuts down.
    func close() async
}

/// One connection to a backend's database. Every method may be called from any task;
/// implementations serialize as their database needs.
public protocol FlightSQLBackendSession: AnyObject, Sendable {
    /// Runs a query and returns its schema and a stream of record batches of at most
    /// `batchSize` rows. The statement must return rows (see ``prepare(_:)``).
    func executeQuery(_ sql: String, parameters: [Value], batchSize: Int) async throws -> any FlightSQLRecordBatchStream

    /// Runs a statement for its effect once per parameter set (once with none when
    /// `parameterSets` is empty) and returns the number of affected rows (-1 if unknown).
    /// A statement that writes and also returns rows (`INSERT … RETURNING`) sent as an
    /// update runs to completion, its rows discarded, and reports its affected rows.
    func executeUpdate(_ sql: String, parameterSets: [[Value]]) async throws -> Int64

    /// Prepares a statement without running it: checks it and says whether it returns rows,
    /// whether it writes, and what its parameters and result columns are. The server calls
    /// it for every statement, so it should be cheap.
    func prepare(_ sql: String) async throws -> FlightSQLPreparedDescription

    /// Commits the session's transaction.
    func commit() async throws
    /// Rolls the session's transaction back.
    func rollback() async throws
    /// Opens a savepoint called `name` inside the session's transaction.
    func beginSavepoint(_ name: String) async throws
    /// Releases (keeps the work of) the savepoint `name`.
    func releaseSavepoint(_ name: String) async throws
    /// Rolls back to the savepoint `name` and ends it.
    func rollbackToSavepoint(_ name: String) async throws

    /// The catalogs (databases); SQLite has none.
    func catalogs() async throws -> [String]
    /// The schemas matching `pattern` (SQL `LIKE` syntax, `nil` for all) in `catalog`.
    func schemas(catalog: String?, pattern: String?) async throws -> [FlightSQLSchemaName]
    /// The tables matching the filters, with their Arrow schemas when `includeSchema`.
    func tables(_ filter: FlightSQLTableFilter, includeSchema: Bool) async throws -> [FlightSQLTableDescription]
    /// The table types the database has (`table`, `view`, …).
    func tableTypes() async throws -> [String]
    /// A table's primary key columns.
    func primaryKey(_ table: FlightSQLTableName) async throws -> [FlightSQLKeyColumn]
    /// The foreign keys a table declares (referencing other tables).
    func importedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn]
    /// The foreign keys of other tables that reference `table`.
    func exportedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn]
    /// The foreign keys of `foreign` that reference `primary` (a default filters
    /// ``importedKeys(_:)``).
    func crossReference(primary: FlightSQLTableName, foreign: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn]

    /// Bulk-ingests `batches` into `table` (see ``FlightSQLIngestMode``) and returns the
    /// number of rows written.
    func ingest(
        into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, temporary: Bool,
        batches: any FlightSQLRecordBatchSource
    ) async throws -> Int64

    /// Interrupts whatever the session is running, if the database can.
    func interrupt()

    /// Closes the session; an open transaction is rolled back.
    func close() async
}

extension FlightSQLBackendSession {
    /// The keys `foreign` declares whose referenced table is `primary`.
    public func crossReference(primary: FlightSQLTableName, foreign: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn] {
        // An absent or empty schema or catalog in the request matches any.
        func matches(_ wanted: String?, _ actual: String?) -> Bool { (wanted ?? "").isEmpty || wanted == actual }
        return try await importedKeys(foreign).filter { key in
            key.pkTable.table == primary.table && matches(primary.schema, key.pkTable.schema)
                && matches(primary.catalog, key.pkTable.catalog)
        }
    }
}

/// A query's result: its schema, then its record batches on demand (the server pulls one
/// batch per message it can send, so a slow client bounds the memory used).
public protocol FlightSQLRecordBatchStream: AnyObject, Sendable {
    /// The result's schema, known before the first batch.
    var schema: Schema { get }
    /// The next batch, or `nil` at the end.
    func next() async throws -> RecordBatch?
    /// Stops the query and releases its resources; later ``next()`` calls return `nil`.
    func close() async
}

/// Record batches arriving from a client (DoPut), read on demand.
public protocol FlightSQLRecordBatchSource: AnyObject, Sendable {
    /// The next batch, or `nil` when the client finished sending.
    func next() async throws -> RecordBatch?
}

/// Whether a statement returns rows.
public enum FlightSQLStatementKind: Sendable, Hashable {
    /// A statement that returns rows (`SELECT`, `VALUES`, `PRAGMA`, `… RETURNING`).
    case query
    /// A statement that returns no rows (`INSERT`, `UPDATE`, DDL, …).
    case update
}

/// A prepared statement as the backend describes it.
public struct FlightSQLPreparedDescription: Sendable {
    /// Whether the statement returns rows.
    public var kind: FlightSQLStatementKind
    /// The result's schema for a query whose columns are known before it runs, else `nil`.
    public var datasetSchema: Schema?
    /// One field per parameter, in order.
    public var parameterSchema: Schema
    /// Whether the statement leaves the database unchanged (a read-only server runs only these).
    public var isReadOnly: Bool

    /// A description from its parts.
    public init(kind: FlightSQLStatementKind, datasetSchema: Schema?, parameterSchema: Schema, isReadOnly: Bool) {
        self.kind = kind
        self.datasetSchema = datasetSchema
        self.parameterSchema = parameterSchema
        self.isReadOnly = isReadOnly
    }
}

/// How bulk ingestion treats a missing or existing table.
public struct FlightSQLIngestMode: Sendable, Hashable {
    /// What to do when the table does not exist.
    public enum IfMissing: Sendable, Hashable {
        /// Create it from the stream's schema.
        case create
        /// Fail with NOT_FOUND.
        case fail
    }
    /// What to do when the table exists.
    public enum IfExists: Sendable, Hashable {
        /// Fail with ALREADY_EXISTS.
        case fail
        /// Append the rows.
        case append
        /// Drop and recreate it from the stream's schema.
        case replace
    }
    /// What to do when the table does not exist.
    public var ifMissing: IfMissing
    /// What to do when the table exists.
    public var ifExists: IfExists

    /// A mode from its parts.
    public init(ifMissing: IfMissing, ifExists: IfExists) {
        self.ifMissing = ifMissing
        self.ifExists = ifExists
    }
}
