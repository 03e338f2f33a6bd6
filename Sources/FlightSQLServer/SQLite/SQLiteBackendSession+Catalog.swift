import Arrow
import SQLiteDBAPI

/// Catalog metadata from SQLite's schema: databases (`main`, `temp`, attached) are Flight
/// SQL schemas; SQLite has no catalogs.
extension SQLiteBackendSession {
    func catalogs() async throws -> [String] { [] }

    func schemas(catalog: String?, pattern: String?) async throws -> [FlightSQLSchemaName] {
        // A client asking for a named catalog asks for something SQLite does not have.
        if let catalog, !catalog.isEmpty { return [] }
        return try await connection.schemas()
            .filter { LikePattern.matches($0, pattern) }
            .map { FlightSQLSchemaName(catalog: nil, schema: $0) }
    }

    func tables(_ filter: FlightSQLTableFilter, includeSchema: Bool) async throws -> [FlightSQLTableDescription] {
        if let catalog = filter.catalog, !catalog.isEmpty { return [] }
        let types = Set(filter.tableTypes.map { $0.lowercased() })
        var result: [FlightSQLTableDescription] = []
        for schema in try await connection.schemas() where LikePattern.matches(schema, filter.schemaPattern) {
            for table in try await connection.tables(schema: schema) where LikePattern.matches(table.name, filter.tablePattern) {
                let type = table.kind == .view ? "view" : "table"
                if !types.isEmpty, !types.contains(type) { continue }
                let arrowSchema = includeSchema
                    ? Schema(fields: table.columns.map { SQLiteArrowTypes.field($0, table: table.name, schema: schema) })
                    : nil
                result.append(FlightSQLTableDescription(
                    name: FlightSQLTableName(catalog: nil, schema: schema, table: table.name), type: type, schema: arrowSchema))
            }
        }
        return result
    }

    func tableTypes() async throws -> [String] { ["table", "view"] }

    func primaryKey(_ table: FlightSQLTableName) async throws -> [FlightSQLKeyColumn] {
        let schema = Self.database(table)
        let name = FlightSQLTableName(catalog: nil, schema: schema, table: table.table)
        return try await connection.primaryKey(table: table.table, schema: schema).enumerated().map { index, column in
            FlightSQLKeyColumn(table: name, column: column, sequence: Int32(index + 1), keyName: nil)
        }
    }

    func importedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn] {
        let schema = Self.database(table)
        return Self.keyColumns(try await connection.foreignKeys(table: table.table, schema: schema))
    }

    func exportedKeys(_ table: FlightSQLTableName) async throws -> [FlightSQLForeignKeyColumn] {
        let schema = Self.database(table)
        return Self.keyColumns(try await connection.foreignKeys(referencing: table.table, schema: schema))
    }

    /// The SQLite database (Flight SQL schema) a table name refers to: `main` unless named.
    static func database(_ table: FlightSQLTableName) -> String {
        guard let schema = table.schema, !schema.isEmpty else { return "main" }
        return schema
    }

    /// One row per column pair of each key, in key order.
    static func keyColumns(_ keys: [SQLiteForeignKey]) -> [FlightSQLForeignKeyColumn] {
        keys.flatMap { key in
            zip(key.columns, key.referencedColumns).enumerated().map { index, pair in
                FlightSQLForeignKeyColumn(
                    pkTable: FlightSQLTableName(catalog: nil, schema: key.schema, table: key.referencedTable),
                    pkColumn: pair.1,
                    fkTable: FlightSQLTableName(catalog: nil, schema: key.schema, table: key.table),
                    fkColumn: pair.0,
                    sequence: Int32(index + 1),
                    fkName: nil, pkName: nil,
                    updateRule: rule(key.onUpdate), deleteRule: rule(key.onDelete))
            }
        }
    }

    /// Flight SQL's `UpdateDeleteRules` for SQLite's action text.
    static func rule(_ action: String) -> UInt8 {
        switch action.uppercased() {
        case "CASCADE": 0
        case "RESTRICT": 1
        case "SET NULL": 2
        case "SET DEFAULT": 4
        default: 3
        }
    }
}
