/// A table or view of an SQLite database, with its columns, as the metadata helpers of
/// ``SQLiteConnection`` report it.
public struct SQLiteTable: Sendable, Hashable {
    /// Whether the object is a table or a view.
    public enum Kind: String, Sendable, Hashable {
        /// An ordinary or virtual table.
        case table
        /// A view.
        case view
    }

    /// The schema (`main`, `temp` or an attached database's name).
    public var schema: String
    /// The table's name.
    public var name: String
    /// Table or view.
    public var kind: Kind
    /// The columns, in declaration order.
    public var columns: [SQLiteColumn]

    /// Creates a table description.
    public init(schema: String, name: String, kind: Kind, columns: [SQLiteColumn]) {
        self.schema = schema
        self.name = name
        self.kind = kind
        self.columns = columns
    }

    /// The primary key's column names in key order (empty without a declared key).
    public var primaryKey: [String] {
        columns.filter { $0.primaryKeyPosition != nil }
            .sorted { ($0.primaryKeyPosition ?? 0) < ($1.primaryKeyPosition ?? 0) }
            .map(\.name)
    }
}

/// One column of a table or view.
public struct SQLiteColumn: Sendable, Hashable {
    /// The column's name.
    public var name: String
    /// Its zero-based position in the table.
    public var position: Int
    /// The declared type as written (nil when the column has none).
    public var declaredType: String?
    /// The type the cursor yields for it (``SQLiteColumnType/from(declaredType:)``).
    public var type: SQLiteColumnType
    /// Whether the column may hold NULL: false for `NOT NULL` columns, `INTEGER PRIMARY KEY`
    /// (the rowid) and primary-key columns of `WITHOUT ROWID` tables.
    public var isNullable: Bool
    /// The default value's SQL text (`'x'`, `0`, `CURRENT_TIMESTAMP`), or nil.
    public var defaultValue: String?
    /// The column's one-based position in the primary key, or nil if it is not part of it.
    public var primaryKeyPosition: Int?

    /// Creates a column description.
    public init(
        name: String, position: Int, declaredType: String?, type: SQLiteColumnType, isNullable: Bool,
        defaultValue: String?, primaryKeyPosition: Int?
    ) {
        self.name = name
        self.position = position
        self.declaredType = declaredType
        self.type = type
        self.isNullable = isNullable
        self.defaultValue = defaultValue
        self.primaryKeyPosition = primaryKeyPosition
    }
}

/// A foreign key (`PRAGMA foreign_key_list`): columns of a child table referencing columns of
/// a parent table.
public struct SQLiteForeignKey: Sendable, Hashable {
    /// SQLite's id of the key within the child table.
    public var id: Int
    /// The schema of both tables.
    public var schema: String
    /// The child (referencing) table.
    public var table: String
    /// The child's columns, in key order.
    public var columns: [String]
    /// The parent (referenced) table.
    public var referencedTable: String
    /// The parent's columns, in key order; the parent's primary key when the declaration
    /// named none (`REFERENCES parent`).
    public var referencedColumns: [String]
    /// The `ON UPDATE` action (`NO ACTION`, `CASCADE`, `SET NULL`, `SET DEFAULT`, `RESTRICT`).
    public var onUpdate: String
    /// The `ON DELETE` action.
    public var onDelete: String

    /// Creates a foreign key description.
    public init(
        id: Int, schema: String, table: String, columns: [String], referencedTable: String,
        referencedColumns: [String], onUpdate: String, onDelete: String
    ) {
        self.id = id
        self.schema = schema
        self.table = table
        self.columns = columns
        self.referencedTable = referencedTable
        self.referencedColumns = referencedColumns
        self.onUpdate = onUpdate
        self.onDelete = onDelete
    }
}
