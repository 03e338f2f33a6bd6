import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// The catalog commands and SqlInfo, in Flight SQL's fixed schemas.
@Suite struct MetadataTests {
    @Test("GetTables lists tables with their Arrow schemas, filtered by LIKE patterns")
    func tables() async throws {
        try await TestServer.with { _, client in
            let table = try await client.fetchAll(try await client.getTables(tableNameFilterPattern: "c%", includeSchema: true))
            #expect(table.schema.fields.map(\.name) == ["catalog_name", "db_schema_name", "table_name", "table_type", "table_schema"])
            #expect(table.rows.count == 1)
            let row = try #require(table.rows.first)
            #expect(Array(row.prefix(4)) == [.null, .string("main"), .string("cities"), .string("table")])
            guard case .binary(let bytes) = row[4] else {
                Issue.record("table_schema is not binary")
                return
            }
            let schema = try ArrowIPC.schema(fromMessage: bytes)
            #expect(schema.fields.map(\.name) == ["id", "name", "population", "founded", "area", "capital", "photo"])
            #expect(schema.fields[3].type == .date32)
            let all = try await client.rows(try await client.getTables(tableTypes: ["table"]))
            #expect(all.map { $0[2] } == [.string("cities"), .string("trips")])
        }
    }

    @Test("schemas, catalogs and table types")
    func listings() async throws {
        try await TestServer.with { _, client in
            #expect(try await client.rows(try await client.getCatalogs()).isEmpty)
            let schemas = try await client.rows(try await client.getDbSchemas())
            #expect(schemas.contains([.null, .string("main")]))
            #expect(try await client.rows(try await client.getDbSchemas(dbSchemaFilterPattern: "ma_n")) == [[.null, .string("main")]])
            #expect(try await client.rows(try await client.getTableTypes()) == [[.string("table")], [.string("view")]])
        }
    }

    @Test("primary, exported and imported keys and the cross reference")
    func keys() async throws {
        try await TestServer.with { _, client in
            let primary = try await client.rows(try await client.getPrimaryKeys(table: "cities"))
            #expect(primary == [[.null, .string("main"), .string("cities"), .string("id"), .null, .int(1)]])
            let exported = try await client.rows(try await client.getExportedKeys(table: "cities"))
            #expect(exported.count == 1)
            #expect(exported.first.map { [$0[2], $0[3], $0[6], $0[7], $0[8]] } == [
                .string("cities"), .string("id"), .string("trips"), .string("city_id"), .int(1),
            ])
            let imported = try await client.rows(try await client.getImportedKeys(table: "trips"))
            #expect(imported == exported)
            let cross = try await client.rows(try await client.getCrossReference(primaryTable: "cities", foreignTable: "trips"))
            #expect(cross == exported)
            #expect(try await client.rows(try await client.getCrossReference(primaryTable: "trips", foreignTable: "cities")).isEmpty)
        }
    }

    @Test("SqlInfo is truthful: name, versions, read-only flag, transactions with savepoints")
    func sqlInfo() async throws {
        try await TestServer.with { _, client in
            let table = try await client.fetchAll(try await client.getSqlInfo([
                .flightSqlServerName, .flightSqlServerReadOnly, .flightSqlServerTransaction, .sqlIdentifierQuoteChar,
            ]))
            #expect(table.schema.fields.map(\.name) == ["info_name", "value"])
            let values = Dictionary(uniqueKeysWithValues: table.rows.map { ($0[0], $0[1]) })
            #expect(values[.uint(0)] == .string("swift-flightsql"))
            #expect(values[.uint(3)] == .bool(false))
            #expect(values[.uint(8)] == .int(Int64(SqlSupportedTransaction.savepoint.rawValue)))
            #expect(values[.uint(504)] == .string("\""))
            // The union's type ids are the specified member numbers (ADBC relies on it).
            let union = table.batches[0].columns[1]
            guard case .union(_, let children, let ids) = union.type else {
                Issue.record("value is not a union")
                return
            }
            #expect(children.map(\.name) == ["string_value", "bool_value", "bigint_value", "int32_bitmask", "string_list", "int32_to_int32_list_map"])
            #expect(ids == [0, 1, 2, 3, 4, 5])
            let all = try await client.rows(try await client.getSqlInfo())
            #expect(all.count > 30)
        }
    }

    @Test("XdbcTypeInfo lists SQLite's types, filtered by data type")
    func xdbcTypeInfo() async throws {
        try await TestServer.with { _, client in
            let all = try await client.rows(try await client.getXdbcTypeInfo())
            #expect(all.map { $0[0] }.contains(.string("INTEGER")))
            // Ordered by data_type, then type_name, as FlightSql.proto asks (SQLite's list is
            // not: BIGINT -5, DOUBLE 8, VARCHAR 12, VARBINARY -3, …).
            let order = all.map { row -> String in
                guard case .int(let code) = row[1], case .string(let name) = row[0] else { return "?" }
                return "\(code) \(name)"
            }
            #expect(order == ["-7 BOOLEAN", "-5 INTEGER", "-3 BLOB", "3 DECIMAL", "8 REAL", "12 TEXT", "91 DATE", "93 TIMESTAMP"])
            let dates = try await client.rows(try await client.getXdbcTypeInfo(dataType: XdbcDataType.date.rawValue))
            #expect(dates.map { $0[0] } == [.string("DATE")])
        }
    }
}
