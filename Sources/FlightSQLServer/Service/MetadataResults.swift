import Arrow
import FlightSQL
import Foundation
import GRPCTransport

/// Runs the Flight SQL metadata commands against a backend session and builds their
/// results in the fixed schemas of ``MetadataSchemas``.
enum MetadataResults {
    /// The result schema of a metadata command, or `nil` when `command` is not one.
    static func schema(for command: FlightSQLCommand) -> Schema? {
        switch command {
        case .getCatalogs: MetadataSchemas.catalogs
        case .getDbSchemas: MetadataSchemas.dbSchemas
        case .getTables(let c): MetadataSchemas.tables(includeSchema: c.includeSchema)
        case .getTableTypes: MetadataSchemas.tableTypes
        case .getPrimaryKeys: MetadataSchemas.primaryKeys
        case .getExportedKeys, .getImportedKeys, .getCrossReference: MetadataSchemas.foreignKeys
        case .getSqlInfo: MetadataSchemas.sqlInfo
        case .getXdbcTypeInfo: MetadataSchemas.xdbcTypeInfo
        default: nil
        }
    }

    /// The command's result as one record batch.
    static func run(
        _ command: FlightSQLCommand, session: any FlightSQLBackendSession, backend: any FlightSQLBackend,
        sqlInfo: [UInt32: FlightSQLInfoValue]
    ) async throws -> RecordBatch {
        guard let schema = schema(for: command) else {
            throw GRPCStatus(code: .invalidArgument, message: "not a metadata command")
        }
        let rows: [[ArrowValue]]
        switch command {
        case .getCatalogs:
            rows = try await session.catalogs().map { [.string($0)] }
        case .getDbSchemas(let c):
            rows = try await session.schemas(catalog: c.catalog, pattern: c.dbSchemaFilterPattern).map {
                [text($0.catalog), .string($0.schema)]
            }
        case .getTables(let c):
            let filter = FlightSQLTableFilter(
                catalog: c.catalog, schemaPattern: c.dbSchemaFilterPattern, tablePattern: c.tableNameFilterPattern,
                tableTypes: c.tableTypes)
            rows = try await session.tables(filter, includeSchema: c.includeSchema).map { table in
                var row: [ArrowValue] = [
                    text(table.name.catalog), text(table.name.schema), .string(table.name.table), .string(table.type),
                ]
                if c.includeSchema {
                    row.append(.binary(ArrowIPCMessageEncoder.encapsulatedSchema(table.schema ?? Schema(fields: []))))
                }
                return row
            }
        case .getTableTypes:
            rows = try await session.tableTypes().map { [.string($0)] }
        case .getPrimaryKeys(let c):
            let table = FlightSQLTableName(catalog: c.catalog, schema: c.dbSchema, table: c.table)
            rows = try await session.primaryKey(table).map { key in
                [text(key.table.catalog), text(key.table.schema), .string(key.table.table), .string(key.column),
                 text(key.keyName), .int(Int64(key.sequence))]
            }
        case .getImportedKeys(let c):
            rows = try await session.importedKeys(FlightSQLTableName(catalog: c.catalog, schema: c.dbSchema, table: c.table))
                .map(foreignKeyRow)
        case .getExportedKeys(let c):
            rows = try await session.exportedKeys(FlightSQLTableName(catalog: c.catalog, schema: c.dbSchema, table: c.table))
                .map(foreignKeyRow)
        case .getCrossReference(let c):
            rows = try await session.crossReference(
                primary: FlightSQLTableName(catalog: c.pkCatalog, schema: c.pkDbSchema, table: c.pkTable),
                foreign: FlightSQLTableName(catalog: c.fkCatalog, schema: c.fkDbSchema, table: c.fkTable)
            ).map(foreignKeyRow)
        case .getSqlInfo(let c):
            let ids = c.info.isEmpty ? sqlInfo.keys.sorted() : c.info.map(\.rawValue)
            return try SqlInfoBatch.make(ids.compactMap { id in sqlInfo[id].map { (id, $0) } })
        case .getXdbcTypeInfo(let c):
            // FlightSql.proto: "ordered by data_type and then by type_name", whatever order
            // the backend lists its types in.
            rows = backend.typeInfo
                .filter { c.dataType == nil || $0.dataType == c.dataType }
                .sorted { ($0.dataType, $0.name) < ($1.dataType, $1.name) }
                .map(typeInfoRow)
        default:
            rows = []
        }
        return try RecordBatch(schema: schema, rows: rows)
    }

    private static func text(_ value: String?) -> ArrowValue {
        value.map { .string($0) } ?? .null
    }

    private static func foreignKeyRow(_ key: FlightSQLForeignKeyColumn) -> [ArrowValue] {
        [
            text(key.pkTable.catalog), text(key.pkTable.schema), .string(key.pkTable.table), .string(key.pkColumn),
            text(key.fkTable.catalog), text(key.fkTable.schema), .string(key.fkTable.table), .string(key.fkColumn),
            .int(Int64(key.sequence)), text(key.fkName), text(key.pkName),
            .uint(UInt64(key.updateRule)), .uint(UInt64(key.deleteRule)),
        ]
    }

    private static func typeInfoRow(_ type: FlightSQLTypeInfo) -> [ArrowValue] {
        func int(_ v: Int32?) -> ArrowValue { v.map { .int(Int64($0)) } ?? .null }
        func bool(_ v: Bool?) -> ArrowValue { v.map { .bool($0) } ?? .null }
        return [
            .string(type.name), .int(Int64(type.dataType)), int(type.columnSize), text(type.literalPrefix),
            text(type.literalSuffix), type.createParameters.map { .list($0.map { .string($0) }) } ?? .null,
            .int(1),  // NULLABILITY_NULLABLE: SQLite columns accept NULL unless declared NOT NULL
            .bool(type.caseSensitive),
            .int(3),  // SEARCHABLE_FULL
            bool(type.isUnsigned), .bool(type.fixedPrecisionScale), bool(type.autoIncrement), .string(type.name),
            int(type.minimumScale), int(type.maximumScale), .int(Int64(type.dataType)), .null,
            int(type.numericPrecisionRadix), .null,
        ]
    }
}
