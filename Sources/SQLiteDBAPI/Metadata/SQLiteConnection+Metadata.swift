import CSQLite
import DBAPI

/// Catalog queries for a Flight SQL server (GetDbSchemas, GetTables, GetPrimaryKeys,
/// GetImportedKeys, GetExportedKeys): plain Swift values read with SQL on `sqlite_schema`
/// and the `pragma_*` table-valued functions, names always bound as parameters.
///
/// They read the schema directly and never open the implicit transaction of manual-commit
/// mode. Cancelling the calling task stops them, as it does a statement.
extension SQLiteConnection {
    /// The schemas: `main`, `temp` and attached databases, in SQLite's order.
    public func schemas() async throws(DBAPIError) -> [String] {
        try await catalog { handle throws(DBAPIError) in
            try CatalogQuery.rows(handle, "SELECT name FROM pragma_database_list ORDER BY seq", [])
                .compactMap { $0[0].text }
        }
    }

    /// The tables (ordinary and virtual) and, if `includeViews`, views of `schema`, sorted by
    /// name, each with its columns. SQLite's internal tables (`sqlite_%`) are left out.
    public func tables(schema: String = "main", includeViews: Bool = true) async throws(DBAPIError) -> [SQLiteTable] {
        try await catalog { handle throws(DBAPIError) in
            let listing = try CatalogQuery.rows(
                handle,
                """
                SELECT name, type, wr FROM pragma_table_list
                WHERE schema = ?1 AND type IN ('table', 'view', 'virtual') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
                ORDER BY name
                """, [.string(schema)])
            var tables: [SQLiteTable] = []
            for row in listing {
                guard let name = row[0].text else { continue }
                let kind: SQLiteTable.Kind = row[1].text == "view" ? .view : .table
                if kind == .view, !includeViews { continue }
                let columns = try CatalogQuery.columns(handle, table: name, schema: schema, withoutRowID: row[2].integer == 1)
                tables.append(SQLiteTable(schema: schema, name: name, kind: kind, columns: columns))
            }
            return tables
        }
    }

    /// One table or view of `schema` with its columns, or nil if there is none of that name.
    public func table(named name: String, schema: String = "main") async throws(DBAPIError) -> SQLiteTable? {
        try await tables(schema: schema).first { $0.name == name }
    }

    /// The columns of a table or view, in declaration order (empty if it does not exist).
    public func columns(table: String, schema: String = "main") async throws(DBAPIError) -> [SQLiteColumn] {
        try await catalog { handle throws(DBAPIError) in
            let withoutRowID = try CatalogQuery.rows(
                handle, "SELECT wr FROM pragma_table_list WHERE schema = ?1 AND name = ?2",
                [.string(schema), .string(table)]
            ).first?[0].integer == 1
            return try CatalogQuery.columns(handle, table: table, schema: schema, withoutRowID: withoutRowID)
        }
    }

    /// The primary key's column names in key order (empty without a declared key).
    public func primaryKey(table: String, schema: String = "main") async throws(DBAPIError) -> [String] {
        let columns = try await columns(table: table, schema: schema)
        return SQLiteTable(schema: schema, name: table, kind: .table, columns: columns).primaryKey
    }

    /// The foreign keys declared by `table` (the keys it imports), ordered by id.
    public func foreignKeys(table: String, schema: String = "main") async throws(DBAPIError) -> [SQLiteForeignKey] {
        try await catalog { handle throws(DBAPIError) in
            try CatalogQuery.foreignKeys(handle, table: table, schema: schema)
        }
    }

    /// The foreign keys of every table of `schema` that reference `table` (the keys it
    /// exports), ordered by child table and id.
    public func foreignKeys(referencing table: String, schema: String = "main") async throws(DBAPIError) -> [SQLiteForeignKey] {
        try await catalog { handle throws(DBAPIError) in
            let children = try CatalogQuery.rows(
                handle,
                "SELECT name FROM pragma_table_list WHERE schema = ?1 AND type = 'table' ORDER BY name",
                [.string(schema)])
            var keys: [SQLiteForeignKey] = []
            for child in children {
                guard let name = child[0].text else { continue }
                keys += try CatalogQuery.foreignKeys(handle, table: name, schema: schema)
                    .filter { $0.referencedTable.lowercased() == table.lowercased() }
            }
            return keys
        }
    }

    private func catalog<T: Sendable>(
        _ body: @escaping @Sendable (OpaquePointer) throws(DBAPIError) -> T
    ) async throws(DBAPIError) -> T {
        try session.core.checkOpen()
        // Catalog reads change nothing, so stopping one half-way when its task is cancelled
        // (a huge schema, a wait for another connection's lock) is safe.
        return try await session.database.perform(stoppingOnCancel: true, body)
    }
}
