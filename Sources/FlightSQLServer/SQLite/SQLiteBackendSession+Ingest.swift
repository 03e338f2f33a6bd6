import Foundation
import Arrow
import DBAPI
import SQLiteDBAPI

/// Bulk ingestion: creates the table from the stream's schema when asked, then inserts
/// every batch with one prepared `INSERT` per batch (`executemany`). A whole ingestion is
/// atomic: a batch that fails leaves the database (and a client's transaction) as before.
extension SQLiteBackendSession {
    func ingest(
        into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, temporary: Bool,
        batches: any FlightSQLRecordBatchSource
    ) async throws -> Int64 {
        guard let pool else {
            // In a client's transaction: a savepoint undoes a failed ingestion and only it.
            return try await inSavepoint {
                try await write(into: table, schema: schema, mode: mode, temporary: temporary, batches: batches)
            }
        }
        if temporary {
            return try await ingestTemporary(into: table, schema: schema, mode: mode, batches: batches)
        }
        // One transaction on a connection of its own, committed at the end. Not on the shared
        // connection: a transaction there would take in every statement other clients run
        // meanwhile, and undo them with a failed ingestion.
        let own = SQLiteBackendSession(connection: try pool.openTransactional())
        do {
            let count = try await own.ingest(into: table, schema: schema, mode: mode, temporary: false, batches: batches)
            try await own.commit()
            await own.close()
            return count
        } catch {
            await own.close()  // rolls back
            throw error
        }
    }

    /// Creates, replaces or appends to `table` as `mode` says, then inserts the batches.
    private func write(
        into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, temporary: Bool,
        batches: any FlightSQLRecordBatchSource
    ) async throws -> Int64 {
        let database = temporary ? "temp" : Self.database(table)
        let qualified = Self.quote(database) + "." + Self.quote(table.table)
        let exists = try await connection.table(named: table.table, schema: database) != nil
        if try Self.createsTable(table, exists: exists, mode: mode) {
            if exists { _ = try await executeUpdate("DROP TABLE \(qualified)", parameterSets: []) }
            _ = try await executeUpdate(Self.createTable(qualified, schema), parameterSets: [])
        }
        return try await insert(batches, into: qualified, schema: schema)
    }

    /// A temporary table exists on its connection only, so one ingested outside a transaction
    /// is made on the shared connection, where later queries find it. No transaction may span
    /// the upload there (it would take in other clients' statements), so the batches go to a
    /// staging table of a unique name in `temp` (which no other connection sees, and writing it
    /// takes no database lock); one script, which nothing interleaves with, then puts it in place.
    private func ingestTemporary(
        into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, batches: any FlightSQLRecordBatchSource
    ) async throws -> Int64 {
        let target = Self.quote("temp") + "." + Self.quote(table.table)
        let exists = try await connection.table(named: table.table, schema: "temp") != nil
        let creates = try Self.createsTable(table, exists: exists, mode: mode)
        let stagingName = Self.uniqueIngestName()
        let staging = Self.quote("temp") + "." + Self.quote(stagingName)
        do {
            _ = try await executeUpdate(Self.createTable(staging, schema), parameterSets: [])
            let count = try await insert(batches, into: staging, schema: schema)
            let columns = schema.fields.map { Self.quote($0.name) }.joined(separator: ", ")
            // Appending is one statement, so all or nothing. Replacing drops the old table and
            // renames the staging one in the same script, so no statement sees neither; the
            // rename cannot fail once the name is free. Creating fails if another client
            // created the table meanwhile.
            let rename = "ALTER TABLE \(staging) RENAME TO \(Self.quote(table.table));"
            try await connection.executeScript(
                !creates ? "INSERT INTO \(target) (\(columns)) SELECT \(columns) FROM \(staging); DROP TABLE \(staging);"
                    : exists ? "DROP TABLE IF EXISTS \(target); " + rename : rename)
            return count
        } catch {
            try? await connection.executeScript("DROP TABLE IF EXISTS \(staging)")
            // The client knows its table, not the staging table SQLite's message may name.
            guard var error = error as? DBAPIError else { throw error }
            error.message = error.message.replacingOccurrences(of: stagingName, with: table.table)
            throw error
        }
    }

    /// Whether the ingestion (re)creates the table; throws when `mode` refuses it.
    private static func createsTable(_ table: FlightSQLTableName, exists: Bool, mode: FlightSQLIngestMode) throws -> Bool {
        guard exists else {
            guard mode.ifMissing == .create else { throw DBAPIError(.programmingError, "no such table: \(table.table)") }
            return true
        }
        switch mode.ifExists {
        case .fail: throw DBAPIError(.integrityError, "table \(table.table) already exists")
        case .append: return false
        case .replace: return true
        }
    }

    /// Inserts every batch into `qualified`; returns the number of rows.
    private func insert(_ batches: any FlightSQLRecordBatchSource, into qualified: String, schema: Schema) async throws -> Int64 {
        let columns = schema.fields.map { Self.quote($0.name) }.joined(separator: ", ")
        let placeholders = Array(repeating: "?", count: schema.fields.count).joined(separator: ", ")
        let insert = "INSERT INTO \(qualified) (\(columns)) VALUES (\(placeholders))"
        var total: Int64 = 0
        while let batch = try await batches.next() {
            guard batch.rowCount > 0 else { continue }
            let sets = ValueConversion.parameterSets(batch)
            try await withCursor { cursor in try await cursor.executemany(insert, parameterSets: sets) }
            total += Int64(batch.rowCount)
        }
        return total
    }

    /// A name no client uses, for an ingestion's staging table or savepoint.
    private static func uniqueIngestName() -> String {
        "flightsql_ingest_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    /// Runs `body` in a savepoint: released when it succeeds, rolled back to when it fails.
    private func inSavepoint<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        let name = Self.uniqueIngestName()
        try await connection.savepoint(name)
        do {
            let result = try await body()
            try await connection.releaseSavepoint(name)
            return result
        } catch {
            // Fails only if SQLite already rolled the whole transaction back (an interrupt).
            try? await connection.rollbackToSavepoint(name)
            try? await connection.releaseSavepoint(name)
            throw error
        }
    }

    static func createTable(_ qualified: String, _ schema: Schema) -> String {
        let columns = schema.fields.map { field in
            quote(field.name) + " " + SQLiteArrowTypes.declaredType(field.type) + (field.isNullable ? "" : " NOT NULL")
        }
        return "CREATE TABLE \(qualified) (\(columns.joined(separator: ", ")))"
    }

    /// An SQL identifier, double-quoted with embedded quotes doubled.
    static func quote(_ identifier: String) -> String {
        "\"" + identifier.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
