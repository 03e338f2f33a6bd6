import CSQLite
import DBAPI

/// The SQL behind the metadata helpers, run on the database queue.
enum CatalogQuery {
    /// A catalog cell by storage class.
    enum Cell {
        case null, integer(Int64), real(Double), text(String), blob

        var text: String? { if case .text(let text) = self { text } else { nil } }
        var integer: Int64? { if case .integer(let value) = self { value } else { nil } }
    }

    /// Every row of a catalog query with positional parameters.
    static func rows(_ handle: OpaquePointer, _ sql: String, _ parameters: [Value]) throws(DBAPIError) -> [[Cell]] {
        var statement: OpaquePointer?
        let code = sqlite3_prepare_v2(handle, sql, -1, &statement, nil)
        guard code == SQLITE_OK, let statement else { throw SQLiteErrors.error(code: code, handle: handle) }
        defer { sqlite3_finalize(statement) }
        try ParameterBinding.bind(parameters, to: statement, handle: handle)
        var rows: [[Cell]] = []
        while true {
            let step = sqlite3_step(statement)
            if step == SQLITE_DONE { return rows }
            guard step == SQLITE_ROW else { throw SQLiteErrors.error(code: step, handle: handle) }
            rows.append((0..<sqlite3_column_count(statement)).map { column in
                switch sqlite3_column_type(statement, column) {
                case SQLITE_INTEGER: .integer(sqlite3_column_int64(statement, column))
                case SQLITE_FLOAT: .real(sqlite3_column_double(statement, column))
                case SQLITE_TEXT: .text(String(cString: sqlite3_column_text(statement, column)))
                case SQLITE_BLOB: .blob
                default: .null
                }
            })
        }
    }

    /// The columns of a table or view from `pragma_table_info`.
    static func columns(_ handle: OpaquePointer, table: String, schema: String, withoutRowID: Bool) throws(DBAPIError) -> [SQLiteColumn] {
        let rows = try rows(
            handle, "SELECT cid, name, type, \"notnull\", dflt_value, pk FROM pragma_table_info(?1, ?2) ORDER BY cid",
            [.string(table), .string(schema)])
        let keyColumns = rows.filter { ($0[5].integer ?? 0) > 0 }.count
        return rows.map { row in
            let declared = row[2].text.flatMap { $0.isEmpty ? nil : $0 }
            let keyPosition = (row[5].integer ?? 0) > 0 ? Int(row[5].integer ?? 0) : nil
            // Key columns of WITHOUT ROWID tables, and an INTEGER PRIMARY KEY (the rowid), are
            // never NULL; other key columns of rowid tables may be, an SQLite quirk.
            let isRowID = keyPosition != nil && keyColumns == 1 && declared?.uppercased() == "INTEGER"
            let notNull = row[3].integer == 1 || (keyPosition != nil && (withoutRowID || isRowID))
            return SQLiteColumn(
                name: row[1].text ?? "", position: Int(row[0].integer ?? 0), declaredType: declared,
                type: SQLiteColumnType.from(declaredType: declared), isNullable: !notNull,
                defaultValue: row[4].text ?? row[4].integer.map(String.init), primaryKeyPosition: keyPosition)
        }
    }

    /// The foreign keys declared by `table`, grouped by id, with implicit parent columns
    /// resolved to the parent's primary key.
    static func foreignKeys(_ handle: OpaquePointer, table: String, schema: String) throws(DBAPIError) -> [SQLiteForeignKey] {
        let rows = try rows(
            handle,
            """
            SELECT id, seq, "table", "from", "to", on_update, on_delete
            FROM pragma_foreign_key_list(?1, ?2) ORDER BY id, seq
            """, [.string(table), .string(schema)])
        var keys: [SQLiteForeignKey] = []
        var missingParents: [Int: [String?]] = [:]
        for row in rows {
            let id = Int(row[0].integer ?? 0)
            if keys.last?.id != id {
                keys.append(
                    SQLiteForeignKey(
                        id: id, schema: schema, table: table, columns: [], referencedTable: row[2].text ?? "",
                        referencedColumns: [], onUpdate: row[5].text ?? "NO ACTION", onDelete: row[6].text ?? "NO ACTION"))
            }
            keys[keys.count - 1].columns.append(row[3].text ?? "")
            missingParents[id, default: []].append(row[4].text)
        }
        for index in keys.indices {
            let named = missingParents[keys[index].id] ?? []
            if named.allSatisfy({ $0 != nil }) {
                keys[index].referencedColumns = named.compactMap { $0 }
            } else {
                let parent = try columns(handle, table: keys[index].referencedTable, schema: schema, withoutRowID: false)
                keys[index].referencedColumns = SQLiteTable(
                    schema: schema, name: keys[index].referencedTable, kind: .table, columns: parent
                ).primaryKey
            }
        }
        return keys
    }
}
