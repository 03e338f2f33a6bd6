import Foundation
import Arrow
import DBAPI
import SQLiteDBAPI

/// Bulk ingestion: creates the table from the stream's schema when asked, then inserts
/// every batch with one prepared `INSERT` per batch (`executemany`).
extension SQLiteBackendSession {
    func ingest(
        into table: FlightSQLTableName, schema: Schema, mode: FlightSQLIngestMode, temporary: Bool,
        batches: any FlightSQLRecordBatchSource
    ) async throws -> Int64 {
        let database = temporary ? "temp" : Self.database(table)
        let qualified = Self.quote(database) + "." + Self.quote(table.table)
        let exists = try await connection.table(named: table.table, schema: database) != nil
        if exists {
            switch mode.ifExists {
            case .fail: throw DBAPIError(.integrityError, "table \(table.table) already exists")
            case .append: break
            case .replace:
                _ = try await executeUpdate("DROP TABLE \(qualified)", parameterSets: [])
                _ = try await executeUpdate(Self.createTable(qualified, schema), parameterSets: [])
            }
        } else {
            guard mode.ifMissing == .create else { throw DBAPIError(.programmingError, "no such table: \(table.table)") }
            _ = try await executeUpdate(Self.createTable(qualified, schema), parameterSets: [])
        }
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
