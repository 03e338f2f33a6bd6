import Foundation
import SQLiteDBAPI

/// The built-in backend: an SQLite database file served through `SQLiteDBAPI`.
///
/// Statements outside transactions share one autocommit connection, except queries and
/// bulk ingestions: each runs on a connection of its own (see ``SQLiteConnectionPool``), so
/// that a result read slowly never pins the shared connection's snapshot. Each Flight SQL
/// transaction gets a connection of its own, so its work stays invisible to others until
/// it commits. The database runs in WAL mode (for files it can write) so that readers and
/// a writer do not block each other. `:memory:` is served from a private temporary file,
/// deleted when the backend closes, because separate connections to an in-memory SQLite
/// database would each see a different, empty database; read-only, that file is an empty
/// database.
public final class SQLiteBackend: FlightSQLBackend {
    /// The database file served.
    public let path: String
    /// Whether writes are refused (the file is opened read-only).
    public let isReadOnly: Bool
    /// The SQLite library's version (`sqlite_version()`).
    public let sqliteVersion: String
    /// The functions of the linked library that SqlInfo may advertise.
    private let functions: Set<String>
    private let temporaryDirectory: URL?
    /// The connections of queries and ingestions outside transactions.
    let pool: SQLiteConnectionPool

    /// Opens (creating it unless `readOnly`) the database at `path`, or a private temporary
    /// database for `":memory:"`. Throws the driver's `DBAPIError` when it cannot be opened.
    public init(path: String, readOnly: Bool = false) async throws {
        if path == ":memory:" || path.isEmpty {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flightsql-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            temporaryDirectory = directory
            self.path = directory.appendingPathComponent("memory.sqlite").path
        } else {
            temporaryDirectory = nil
            self.path = path
        }
        isReadOnly = readOnly
        // SQLite steps as many rows per batch as the server sends per record batch.
        pool = SQLiteConnectionPool(path: self.path, options: .init(readOnly: readOnly, autocommit: true, batchSize: 4096))
        let probe: SQLiteConnection
        do {
            // A file opened read-only must exist: `:memory:`'s is created (empty) first.
            if readOnly, temporaryDirectory != nil { try await SQLiteConnection.open(path: self.path).close() }
            // Checks that the database opens, and switches it to WAL once (it is persistent).
            probe = try SQLiteConnection.open(path: self.path, options: .init(readOnly: readOnly, autocommit: true))
        } catch {
            if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
            throw error
        }
        do {
            if !readOnly { try? await probe.executeScript("PRAGMA journal_mode = WAL") }
            let cursor = try await probe.execute("SELECT sqlite_version()")
            if let row = try await cursor.fetchone(), case .string(let version) = row[0] {
                sqliteVersion = version
            } else {
                sqliteVersion = "unknown"
            }
            functions = try await Self.functionNames(probe, version: sqliteVersion)
            try await probe.close()
        } catch {
            try? await probe.close()
            if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
            throw error
        }
    }

    /// Runs an SQL script (several statements) on the database, committing it; for setting
    /// up schemas and sample data.
    public func executeScript(_ script: String) async throws {
        let connection = try pool.open()
        do {
            try await connection.executeScript(script)
            try await connection.close()
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Information for `GetSqlInfo`.
    public var info: FlightSQLBackendInfo {
        FlightSQLBackendInfo(
            databaseName: "SQLite", databaseVersion: sqliteVersion, isReadOnly: isReadOnly,
            supportsTransactions: true, supportsSavepoints: true, supportsIngest: !isReadOnly,
            identifierQuoteCharacter: "\"", extra: SQLiteSqlInfo.values(functions: functions))
    }

    /// The SQL types SQLite columns may be declared with, for `GetXdbcTypeInfo`.
    public var typeInfo: [FlightSQLTypeInfo] { SQLiteSqlInfo.typeInfo }

    /// Opens a session: a connection in one transaction if `transactional`; else an
    /// autocommit connection, whose queries and ingestions get connections of their own.
    public func openSession(transactional: Bool) async throws -> any FlightSQLBackendSession {
        guard transactional else { return SQLiteBackendSession(connection: try pool.open(), pool: pool) }
        return SQLiteBackendSession(connection: try pool.openTransactional())
    }

    /// The SQL functions the linked SQLite has, so SqlInfo never advertises one it lacks.
    private static func functionNames(_ connection: SQLiteConnection, version: String) async throws -> Set<String> {
        if let cursor = try? await connection.execute("SELECT DISTINCT name FROM pragma_function_list") {
            var names: Set<String> = []
            while let row = try await cursor.fetchone() {
                if case .string(let name) = row[0] { names.insert(name.lowercased()) }
            }
            if !names.isEmpty { return names }
        }
        // The pragma is compiled out: fall back on the versions functions appeared in.
        return SQLiteSqlInfo.functions(forVersionNumber: SQLiteSqlInfo.versionNumber(version) ?? 0)
    }

    /// Closes the idle connections and deletes the temporary database of `:memory:`.
    public func close() async {
        await pool.close()
        if let temporaryDirectory { try? FileManager.default.removeItem(at: temporaryDirectory) }
    }

}
