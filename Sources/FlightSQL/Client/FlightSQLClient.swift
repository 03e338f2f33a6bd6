import Arrow
import Foundation
import GRPCTransport
import Protobuf

/// A Flight SQL client, in the shape of Python's `flightsql.FlightSQLClient`: `execute` returns
/// a ``FlightInfo`` whose endpoints' tickets ``doGet(_:options:)`` turns into streams of batches.
///
/// ```swift
/// let client = try await FlightSQLClient.connect(url: "grpc+tls://host:443",
///                                                options: .init(token: token))
/// let info = try await client.execute("SELECT 1")
/// let table = try await client.fetchAll(info)
/// ```
public struct FlightSQLClient: Sendable {
    /// The Flight client the commands travel over.
    public let flight: FlightClient
    private let url: String
    private let options: FlightClientOptions

    /// Connects (and authenticates, for username/password options) to a Flight SQL server.
    public static func connect(url: String, options: FlightClientOptions = FlightClientOptions()) async throws -> FlightSQLClient {
        FlightSQLClient(flight: try await FlightClient.connect(url: url, options: options), url: url, options: options)
    }

    /// Wraps an existing Flight client.
    public init(flight: FlightClient) {
        self.init(flight: flight, url: "", options: FlightClientOptions())
    }

    private init(flight: FlightClient, url: String, options: FlightClientOptions) {
        self.flight = flight
        self.url = url
        self.options = options
    }

    /// Closes the connection.
    public func close() { flight.close() }

    // MARK: - Statements

    /// Runs a query (`CommandStatementQuery`) and returns where to fetch its results.
    public func execute(_ query: String, transactionID: Data? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandStatementQuery()
        command.query = query
        command.transactionID = transactionID
        return try await getFlightInfo(command, options: options)
    }

    /// Runs a statement that returns no rows (`CommandStatementUpdate` through `DoPut`);
    /// returns the affected row count the server reports (-1 when it does not know).
    public func executeUpdate(_ query: String, transactionID: Data? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> Int64 {
        var command = CommandStatementUpdate()
        command.query = query
        command.transactionID = transactionID
        let results = try await flight.doPutEmpty(Self.descriptor(command), options: options)
        return try Self.decoding { try Self.updateCount(in: results) }
    }

    /// The affected row count of an update's `DoPut` results: the last `PutResult`'s
    /// `DoPutUpdateResult`; -1 when the server sent no result at all. An empty
    /// `app_metadata` is a `DoPutUpdateResult` with every field at its default, so a count
    /// of 0 (protobuf does not encode zero values), not "unknown".
    static func updateCount(in results: [PutResult]) throws -> Int64 {
        guard let last = results.last else { return -1 }
        return try DoPutUpdateResult(protobuf: last.appMetadata).recordCount
    }

    /// Streams the data of one ticket.
    public func doGet(_ ticket: FlightTicket, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightStreamReader {
        try await flight.doGet(ticket, options: options)
    }

    /// Streams the data of one endpoint, connecting to its location when it names another server.
    ///
    /// The returned reader keeps its own connection alive; closing happens when it is dropped.
    public func doGet(_ endpoint: FlightEndpoint, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightStreamReader {
        guard let location = Self.remoteLocation(of: endpoint, currentURL: url) else {
            return try await flight.doGet(try Self.ticket(of: endpoint), options: options)
        }
        let remote = try await FlightClient.connect(url: location, options: self.options)
        return try await remote.doGet(try Self.ticket(of: endpoint), options: options)
    }

    /// Reads every endpoint of `info` (in order) into one table.
    public func fetchAll(_ info: FlightInfo, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightTable {
        var schema = try info.arrowSchema()
        var batches: [RecordBatch] = []
        for endpoint in info.endpoints {
            let reader = try await doGet(endpoint, options: options)
            let table = try await reader.readAll()
            if schema == nil { schema = table.schema }
            batches += table.batches
        }
        guard let schema else {
            throw FlightError(code: .invalidResponse, message: "the server sent neither a schema nor any endpoint")
        }
        return FlightTable(schema: schema, batches: batches)
    }

    /// The schema a query would return, without running it (`GetSchema`).
    public func getExecuteSchema(_ query: String, transactionID: Data? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> Schema {
        var command = CommandStatementQuery()
        command.query = query
        command.transactionID = transactionID
        return try await flight.getSchema(Self.descriptor(command), options: options)
    }

    // MARK: - Prepared statements and transactions

    /// Creates a prepared statement (`ActionCreatePreparedStatementRequest`).
    public func prepare(_ query: String, transactionID: Data? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> ActionCreatePreparedStatementResult {
        let results = try await flight.doAction(ActionCreatePreparedStatementRequest(query: query, transactionID: transactionID).flightAction, options: options)
        guard let body = results.first?.body else {
            throw FlightError(code: .invalidResponse, message: "CreatePreparedStatement returned no result")
        }
        return try Self.decoding { try ActionCreatePreparedStatementResult(serializedAny: body) }
    }

    /// Closes a prepared statement (`ActionClosePreparedStatementRequest`).
    public func closePreparedStatement(_ handle: Data, options: FlightCallOptions = FlightCallOptions()) async throws {
        _ = try await flight.doAction(ActionClosePreparedStatementRequest(preparedStatementHandle: handle).flightAction, options: options)
    }

    /// Begins a transaction (`ActionBeginTransactionRequest`); returns its id.
    public func beginTransaction(options: FlightCallOptions = FlightCallOptions()) async throws -> Data {
        let results = try await flight.doAction(ActionBeginTransactionRequest().flightAction, options: options)
        return try Self.returnedID(results, action: "BeginTransaction", kind: "transaction") {
            try ActionBeginTransactionResult(serializedAny: $0).transactionID
        }
    }

    /// Commits or rolls back a transaction (`ActionEndTransactionRequest`).
    public func endTransaction(_ transactionID: Data, action: ActionEndTransactionRequest.EndTransaction, options: FlightCallOptions = FlightCallOptions()) async throws {
        _ = try await flight.doAction(ActionEndTransactionRequest(transactionID: transactionID, action: action).flightAction, options: options)
    }

    /// Begins a savepoint named `name` in the transaction `transactionID`
    /// (`ActionBeginSavepointRequest`); returns its id.
    public func beginSavepoint(_ name: String, transactionID: Data, options: FlightCallOptions = FlightCallOptions()) async throws -> Data {
        let results = try await flight.doAction(ActionBeginSavepointRequest(transactionID: transactionID, name: name).flightAction, options: options)
        return try Self.returnedID(results, action: "BeginSavepoint", kind: "savepoint") {
            try ActionBeginSavepointResult(serializedAny: $0).savepointID
        }
    }

    /// Releases or rolls back to a savepoint (`ActionEndSavepointRequest`).
    public func endSavepoint(_ savepointID: Data, action: ActionEndSavepointRequest.EndSavepoint, options: FlightCallOptions = FlightCallOptions()) async throws {
        _ = try await flight.doAction(ActionEndSavepointRequest(savepointID: savepointID, action: action).flightAction, options: options)
    }

    // MARK: - Metadata

    /// The catalogs (`CommandGetCatalogs`).
    public func getCatalogs(options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        try await getFlightInfo(CommandGetCatalogs(), options: options)
    }

    /// The database schemas (`CommandGetDbSchemas`), optionally filtered (`%` and `_` patterns).
    public func getDbSchemas(catalog: String? = nil, dbSchemaFilterPattern: String? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetDbSchemas()
        command.catalog = catalog
        command.dbSchemaFilterPattern = dbSchemaFilterPattern
        return try await getFlightInfo(command, options: options)
    }

    /// The tables (`CommandGetTables`), optionally filtered and with their Arrow schemas.
    public func getTables(
        catalog: String? = nil, dbSchemaFilterPattern: String? = nil, tableNameFilterPattern: String? = nil,
        tableTypes: [String] = [], includeSchema: Bool = false, options: FlightCallOptions = FlightCallOptions()
    ) async throws -> FlightInfo {
        var command = CommandGetTables()
        command.catalog = catalog
        command.dbSchemaFilterPattern = dbSchemaFilterPattern
        command.tableNameFilterPattern = tableNameFilterPattern
        command.tableTypes = tableTypes
        command.includeSchema = includeSchema
        return try await getFlightInfo(command, options: options)
    }

    /// The table types (`CommandGetTableTypes`).
    public func getTableTypes(options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        try await getFlightInfo(CommandGetTableTypes(), options: options)
    }

    /// A table's primary key columns (`CommandGetPrimaryKeys`).
    public func getPrimaryKeys(table: String, catalog: String? = nil, dbSchema: String? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetPrimaryKeys()
        command.table = table
        command.catalog = catalog
        command.dbSchema = dbSchema
        return try await getFlightInfo(command, options: options)
    }

    /// The foreign keys that reference a table's primary key (`CommandGetExportedKeys`).
    public func getExportedKeys(table: String, catalog: String? = nil, dbSchema: String? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetExportedKeys()
        command.table = table
        command.catalog = catalog
        command.dbSchema = dbSchema
        return try await getFlightInfo(command, options: options)
    }

    /// A table's foreign keys (`CommandGetImportedKeys`).
    public func getImportedKeys(table: String, catalog: String? = nil, dbSchema: String? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetImportedKeys()
        command.table = table
        command.catalog = catalog
        command.dbSchema = dbSchema
        return try await getFlightInfo(command, options: options)
    }

    /// The foreign keys of `foreignTable` that reference `primaryTable` (`CommandGetCrossReference`).
    public func getCrossReference(
        primaryTable: String, primaryCatalog: String? = nil, primaryDbSchema: String? = nil,
        foreignTable: String, foreignCatalog: String? = nil, foreignDbSchema: String? = nil,
        options: FlightCallOptions = FlightCallOptions()
    ) async throws -> FlightInfo {
        var command = CommandGetCrossReference()
        command.pkTable = primaryTable
        command.pkCatalog = primaryCatalog
        command.pkDbSchema = primaryDbSchema
        command.fkTable = foreignTable
        command.fkCatalog = foreignCatalog
        command.fkDbSchema = foreignDbSchema
        return try await getFlightInfo(command, options: options)
    }

    /// Server and SQL capabilities (`CommandGetSqlInfo`); an empty list asks for all.
    public func getSqlInfo(_ ids: [SqlInfo] = [], options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetSqlInfo()
        command.info = ids
        return try await getFlightInfo(command, options: options)
    }

    /// The data types the server supports (`CommandGetXdbcTypeInfo`), optionally one of them.
    public func getXdbcTypeInfo(dataType: Int32? = nil, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        var command = CommandGetXdbcTypeInfo()
        command.dataType = dataType
        return try await getFlightInfo(command, options: options)
    }

    // MARK: - Plumbing

    /// `GetFlightInfo` for a Flight SQL command packed into the descriptor.
    public func getFlightInfo(_ command: some FlightSQLCommandMessage, options: FlightCallOptions = FlightCallOptions()) async throws -> FlightInfo {
        try await flight.getFlightInfo(Self.descriptor(command), options: options)
    }

    static func descriptor(_ command: some FlightSQLCommandMessage) -> FlightDescriptor {
        command.flightDescriptor
    }

    /// The URL to fetch an endpoint from, or nil to use this connection (no location, or the
    /// `arrow-flight-reuse-connection://` marker, or the same URL).
    static func remoteLocation(of endpoint: FlightEndpoint, currentURL: String) -> String? {
        guard let location = endpoint.locations.first?.uri, !location.isEmpty,
              !location.hasPrefix("arrow-flight-reuse-connection:"), location != currentURL
        else { return nil }
        return location
    }

    static func ticket(of endpoint: FlightEndpoint) throws -> FlightTicket {
        guard let ticket = endpoint.ticket else {
            throw FlightError(code: .invalidResponse, message: "the server sent an endpoint without a ticket")
        }
        return ticket
    }

    /// The id that `action` returned in its first result, read by `id`; a missing result or an
    /// empty id is the server's error (`invalidResponse`), since later calls could not name it.
    static func returnedID(_ results: [FlightResult], action: String, kind: String, _ id: (Data) throws -> Data) throws -> Data {
        guard let body = results.first?.body else {
            throw FlightError(code: .invalidResponse, message: "\(action) returned no result")
        }
        let value = try decoding { try id(body) }
        guard !value.isEmpty else { throw FlightError(code: .invalidResponse, message: "\(action) returned an empty \(kind) id") }
        return value
    }

    static func decoding<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as FlightError {
            throw error
        } catch {
            throw FlightError(code: .invalidResponse, message: "malformed response: \(error)", cause: error)
        }
    }
}

extension FlightInfo {
    /// The Arrow schema the info announces, or nil when the server left it empty.
    public func arrowSchema() throws -> Schema? {
        schema.isEmpty ? nil : try IPCSchemaMessage.decode(schema)
    }
}
