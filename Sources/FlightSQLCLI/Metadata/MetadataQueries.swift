import Arrow
import FlightSQL
import Foundation

/// Metadata that needs reshaping before it is printed: the columns of one table (from
/// `GetTables` with `include_schema`), readable table schemas, and named `SqlInfo` values.
/// Shared by the metadata commands and the shell's dot-commands.
enum MetadataQueries {
    /// The Flight SQL column metadata key holding the server's own name for a column's type.
    static let typeNameKey = "ARROW:FLIGHT:SQL:TYPE_NAME"

    /// The columns of `table`: ordinal, name, Arrow type, nullability and the server's SQL type name.
    static func columns(of table: String, catalog: String?, schema: String?, client: FlightSQLClient) async throws -> (schema: Schema, rows: [[ArrowValue]]) {
        let info = try await client.getTables(catalog: catalog, dbSchemaFilterPattern: schema, tableNameFilterPattern: table, includeSchema: true)
        let result = try await ResultPrinting.fetchAll(info: info, client: client)
        // Patterns treat `_` and `%` as wildcards: keep only the exact names asked for.
        var matches: [(catalog: String?, schema: String?, tableSchema: Data)] = []
        for batch in result.batches {
            guard let names = batch.column(named: "table_name"), let schemas = batch.column(named: "table_schema") else {
                throw CommandError("the server's GetTables result has no table_schema column")
            }
            let catalogs = batch.column(named: "catalog_name")
            let dbSchemas = batch.column(named: "db_schema_name")
            for row in 0..<batch.rowCount {
                guard case .string(let name) = names.value(at: row), name == table else { continue }
                let rowCatalog = catalogs.flatMap { stringValue($0.value(at: row)) }
                let rowSchema = dbSchemas.flatMap { stringValue($0.value(at: row)) }
                if let schema, rowSchema != schema { continue }
                if let catalog, rowCatalog != catalog { continue }
                guard case .binary(let bytes) = schemas.value(at: row) else { continue }
                matches.append((rowCatalog, rowSchema, bytes))
            }
        }
        guard let match = matches.first else { throw CommandError("no table named '\(table)'") }
        guard matches.count == 1 else {
            let places = matches.map { [$0.catalog, $0.schema].compactMap { $0 }.joined(separator: ".") }
            throw CommandError("'\(table)' names \(matches.count) tables (in \(places.joined(separator: ", "))); pass --catalog and --schema")
        }
        let tableSchema = try ArrowIPC.schema(fromMessage: match.tableSchema)
        let rows: [[ArrowValue]] = tableSchema.fields.enumerated().map { index, field in
            [
                .int(Int64(index + 1)),
                .string(field.name),
                .string(ArrowTypeText.text(of: field)),
                .bool(field.isNullable),
                field.metadata.first { $0.key == typeNameKey }.map { .string($0.value) } ?? .null,
            ]
        }
        let fields = [
            Field(name: "ordinal", type: .int32, isNullable: false),
            Field(name: "column_name", type: .utf8, isNullable: false),
            Field(name: "data_type", type: .utf8, isNullable: false),
            Field(name: "nullable", type: .bool, isNullable: false),
            Field(name: "sql_type", type: .utf8),
        ]
        return (Schema(fields: fields), rows)
    }

    /// A `GetTables` result with `table_schema` (IPC bytes) replaced by its readable text.
    static func readableTables(schema: Schema, batches: [RecordBatch]) throws -> (schema: Schema, rows: [[ArrowValue]]) {
        let schemaIndex = schema.fields.firstIndex { $0.name == "table_schema" }
        var fields = schema.fields
        if let schemaIndex { fields[schemaIndex] = Field(name: "table_schema", type: .utf8) }
        var rows: [[ArrowValue]] = []
        for batch in batches {
            for row in 0..<batch.rowCount {
                var values = batch.columns.map { $0.value(at: row) }
                if let schemaIndex, case .binary(let bytes) = values[schemaIndex] {
                    values[schemaIndex] = .string(ArrowTypeText.text(of: try ArrowIPC.schema(fromMessage: bytes)))
                }
                rows.append(values)
            }
        }
        return (Schema(fields: fields), rows)
    }

    /// A `GetSqlInfo` result as `id`, `name`, `value` rows (`name` is null for ids without one).
    static func namedSqlInfo(schema: Schema, batches: [RecordBatch]) throws -> (schema: Schema, rows: [[ArrowValue]]) {
        guard let valueField = schema.fields.first(where: { $0.name == "value" }) else {
            throw CommandError("the server's GetSqlInfo result has no value column")
        }
        var rows: [[ArrowValue]] = []
        for batch in batches {
            guard let ids = batch.column(named: "info_name"), let values = batch.column(named: "value") else {
                throw CommandError("the server's GetSqlInfo result has no info_name or value column")
            }
            for row in 0..<batch.rowCount {
                let id = ids.value(at: row)
                var name = ArrowValue.null
                if case .uint(let raw) = id, let known = UInt32(exactly: raw).flatMap(SqlInfoNames.name(of:)) { name = .string(known) }
                rows.append([id, name, values.value(at: row)])
            }
        }
        let fields = [
            Field(name: "id", type: .uint32, isNullable: false),
            Field(name: "name", type: .utf8),
            Field(name: "value", type: valueField.type),
        ]
        return (Schema(fields: fields), rows)
    }

    private static func stringValue(_ value: ArrowValue) -> String? {
        if case .string(let text) = value { return text }
        return nil
    }
}
