import Arrow
import DBAPI
import Foundation

/// A DB-API cursor on a Flight SQL connection.
///
/// - Without parameters, a query is sent as `CommandStatementQuery` (no prepare round trip)
///   and its rows stream from every endpoint of the result, a record batch at a time; a
///   statement that returns no rows (`INSERT`, `CREATE`, …; see ``FlightSQLStatementKind``)
///   is sent as `CommandStatementUpdate` and sets ``rowcount``.
/// - With parameters, the statement is prepared, the parameters are bound as one Arrow
///   record batch, and the prepared statement is closed once its result is read.
/// - ``executemany(_:parameterSets:)`` prepares once and sends every parameter set in one
///   batch (one round trip).
///
/// ``statementKind`` (or the `kind:` argument of `execute`) overrides the query/update guess.
///
/// ``lastResponseMetadata`` shows the response headers and trailers of the last statement's calls.
public final class FlightSQLCursor: CoreBackedCursor {
    /// The cursor's state and fetch engine.
    public let core = CursorCore()
    let session: FlightSQLSession
    private let kindStorage = Locked(FlightSQLStatementKind.automatic)
    /// Records the calls of the last statement; replaced by each `execute`, so that a previous
    /// result still being read cannot add to the new statement's.
    private let statementCapture = Locked(FlightResponseMetadataCapture())

    init(session: FlightSQLSession) { self.session = session }

    /// How statements run when `execute` is not given a kind: ``FlightSQLStatementKind/automatic``
    /// (the default) decides from the SQL.
    public var statementKind: FlightSQLStatementKind {
        get { kindStorage.withLock { $0 } }
        set { kindStorage.withLock { $0 = newValue } }
    }

    /// The response headers and trailers of the calls the last `execute` or `executemany` made
    /// (`GetFlightInfo`, `DoPut`, prepared statement actions, and each `DoGet` once its
    /// stream is read to the end or fails), in the order they ended; empty before the first
    /// statement. Servers report query timings and error details there. The values may be
    /// credentials (`set-cookie`); their `description`s show names only.
    public var lastResponseMetadata: [FlightResponseMetadata] { statementCapture.withLock { $0 }.calls }

    /// Runs `sql` as the given kind of statement (a query whose rows are fetched, or an
    /// update that sets ``rowcount``), whatever ``statementKind`` says.
    public func execute(_ sql: String, parameters: [Value] = [], kind: FlightSQLStatementKind) async throws(DBAPIError) {
        try await core.execute { try await self.run(sql, parameters: parameters, kind: kind, options: self.newStatementOptions()) }
    }

    /// Runs one statement with ``statementKind``.
    public func run(_ sql: String, parameters: [Value]) async throws(DBAPIError) -> ExecutionResult {
        try await run(sql, parameters: parameters, kind: statementKind, options: newStatementOptions())
    }

    /// Prepares `sql` once and runs it with every parameter set, sent as one Arrow batch.
    /// Afterwards ``rowcount`` is what the server reports for the whole batch (-1 if it
    /// reports nothing) and there is no result set. A statement that returns rows (by its
    /// prepared dataset schema, `RETURNING`, or a forced `.query` kind) is a
    /// `programmingError`, raised before anything runs.
    public func executemany(_ sql: String, parameterSets: [[Value]]) async throws(DBAPIError) {
        let kind = statementKind
        try await core.execute { try await self.runMany(sql, parameterSets: parameterSets, kind: kind, options: self.newStatementOptions()) }
    }

    /// Call options that record into a fresh capture, which becomes ``lastResponseMetadata``.
    private func newStatementOptions() -> FlightCallOptions {
        let capture = FlightResponseMetadataCapture()
        statementCapture.withLock { $0 = capture }
        return FlightCallOptions(responseMetadata: capture)
    }

    // MARK: - Running statements

    func run(
        _ sql: String, parameters: [Value], kind: FlightSQLStatementKind, options: FlightCallOptions
    ) async throws(DBAPIError) -> ExecutionResult {
        let transactionID = try await session.statementTransactionID()
        guard parameters.isEmpty else {
            return try await runPrepared(sql, parameterSets: [parameters], kind: kind, transactionID: transactionID, options: options)
        }
        let resolved = kind == .automatic ? FlightSQLStatementKind.detect(sql) : kind
        let client = session.client
        if resolved == .update {
            let count = try await mappingFlightErrors { try await client.executeUpdate(sql, transactionID: transactionID, options: options) }
            return .update(rowcount: Int(clamping: count))
        }
        let info = try await mappingFlightErrors { try await client.execute(sql, transactionID: transactionID, options: options) }
        return try await Self.result(of: info, client: client, options: options)
    }

    private func runMany(
        _ sql: String, parameterSets: [[Value]], kind: FlightSQLStatementKind, options: FlightCallOptions
    ) async throws(DBAPIError) -> ExecutionResult {
        guard !parameterSets.isEmpty else { return .update(rowcount: 0) }
        if parameterSets.allSatisfy(\.isEmpty) {
            // Nothing to bind: run the plain statement once per set, as PEP 249 asks.
            var total = 0
            var known = true
            for _ in parameterSets {
                let result = try await run(sql, parameters: [], kind: kind, options: options)
                await result.source?.cancel()
                if result.rowcount < 0 { known = false } else { total += result.rowcount }
            }
            return .update(rowcount: known ? total : -1)
        }
        let width = parameterSets[0].count
        guard parameterSets.allSatisfy({ $0.count == width }) else {
            throw DBAPIError(.programmingError, "every parameter set of executemany needs the same number of parameters")
        }
        let result = try await runPrepared(
            sql, parameterSets: parameterSets, kind: kind, transactionID: try await session.statementTransactionID(),
            options: options, refusingRows: true)
        await result.source?.cancel()
        return .update(rowcount: result.source == nil ? result.rowcount : -1)
    }

    /// Prepares, binds and runs; the statement is closed when its result is done.
    /// `refusingRows` (executemany) makes a statement that returns rows a `programmingError`
    /// before anything runs, as in the SQLite driver and Python's `sqlite3`: its rows would be lost.
    private func runPrepared(
        _ sql: String, parameterSets: [[Value]], kind: FlightSQLStatementKind, transactionID: Data?,
        options: FlightCallOptions, refusingRows: Bool = false
    ) async throws(DBAPIError) -> ExecutionResult {
        let client = session.client
        var statement = try await PreparedStatement.create(client: client, sql: sql, transactionID: transactionID, options: options)
        let isQuery = kind == .automatic ? statement.returnsRows(sql: sql) : kind == .query
        if isQuery, refusingRows {
            await statement.close()
            throw DBAPIError(.programmingError, "executemany cannot run a statement that returns rows; use execute")
        }
        do {
            if !isQuery {
                let count = try await statement.executeUpdate(parameterSets)
                await statement.close()
                return .update(rowcount: count)
            }
            try await statement.bindForQuery(parameterSets)
            let info = try await statement.executeQuery()
            let closing = statement
            return try await Self.result(of: info, client: client, options: options, onFinish: { await closing.close() })
        } catch {
            await statement.close()
            throw error
        }
    }

    /// The result set of `info` (`onFinish` runs once the result is read or cancelled; if this
    /// throws, it does not run). The first endpoint's stream is opened right away, so that
    /// `description` comes from the schema the data really has (a FlightInfo's schema can
    /// differ, e.g. announce dictionary encoding the stream does not use) and so that errors
    /// surface from `execute`; the rest is read on demand.
    static func result(
        of info: FlightInfo, client: FlightSQLClient, options: FlightCallOptions = FlightCallOptions(),
        onFinish: (@Sendable () async -> Void)? = nil
    ) async throws(DBAPIError) -> ExecutionResult {
        let rowcount = info.totalRecords >= 0 ? Int(clamping: info.totalRecords) : -1
        guard let first = info.endpoints.first else {
            let schema = try await mappingFlightErrors { try info.arrowSchema() } ?? Schema(fields: [])
            await onFinish?()
            return .rows(columns: ArrowColumnDescription.describe(schema), source: InMemoryBatchSource([]), rowcount: 0)
        }
        let reader: FlightStreamReader
        var schema: Schema
        do {
            reader = try await client.doGet(first, options: options)
            do {
                schema = try await reader.schema()
            } catch {
                reader.cancel()
                throw error
            }
        } catch {
            // `onFinish` is the caller's to run when this throws (it closes what it opened).
            throw DBAPIError.flight(error)
        }
        // Some servers (roapi) send a stream with an empty schema when there are no rows;
        // the FlightInfo's schema then describes the result.
        if schema.fields.isEmpty, let announced = try? info.arrowSchema(), !announced.fields.isEmpty {
            schema = announced
        }
        // A statement sent as a query that turned out to return nothing at all (no columns),
        // with a known count (`WITH … INSERT …`: servers such as ours run it and report the
        // affected rows as `total_records`), is an update: no result set, `rowcount` the count.
        if schema.fields.isEmpty, info.totalRecords >= 0 {
            reader.cancel()
            await onFinish?()
            return .update(rowcount: rowcount)
        }
        let columns = ArrowColumnDescription.describe(schema)
        let source = FlightResultSource(
            client: client, endpoints: info.endpoints, columns: columns, firstReader: reader, options: options, onFinish: onFinish)
        return .rows(columns: columns, source: source, rowcount: rowcount)
    }
}
