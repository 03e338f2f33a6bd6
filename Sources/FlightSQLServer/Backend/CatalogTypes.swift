import Arrow
import Foundation

/// A schema's name and the catalog it belongs to.
public struct FlightSQLSchemaName: Sendable, Hashable {
    /// The catalog, or `nil` for databases without catalogs.
    public var catalog: String?
    /// The schema.
    public var schema: String

    /// A name from its parts.
    public init(catalog: String?, schema: String) {
        self.catalog = catalog
        self.schema = schema
    }
}

/// A table's qualified name.
public struct FlightSQLTableName: Sendable, Hashable {
    /// The catalog, or `nil`.
    public var catalog: String?
    /// The schema, or `nil` for the default one.
    public var schema: String?
    /// The table.
    public var table: String

    /// A name from its parts.
    public init(catalog: String? = nil, schema: String? = nil, table: String) {
        self.catalog = catalog
        self.schema = schema
        self.table = table
    }
}

/// The filters of a `GetTables` request.
public struct FlightSQLTableFilter: Sendable, Hashable {
    /// The catalog (exact), or `nil` for any.
    public var catalog: String?
    /// A `LIKE` pattern on schema names, or `nil` for any.
    public var schemaPattern: String?
    /// A `LIKE` pattern on table names, or `nil` for any.
    public var tablePattern: String?
    /// The table types to list; empty for all.
    public var tableTypes: [String]

    /// A filter from its parts.
    public init(catalog: String? = nil, schemaPattern: String? = nil, tablePattern: String? = nil, tableTypes: [String] = []) {
        self.catalog = catalog
        self.schemaPattern = schemaPattern
        self.tablePattern = tablePattern
        self.tableTypes = tableTypes
    }
}

/// One table as `GetTables` reports it.
public struct FlightSQLTableDescription: Sendable, Hashable {
    /// The table's qualified name.
    public var name: FlightSQLTableName
    /// Its type (`table`, `view`).
    public var type: String
    /// Its columns as an Arrow schema (`nil` unless asked for).
    public var schema: Schema?

    /// A description from its parts.
    public init(name: FlightSQLTableName, type: String, schema: Schema?) {
        self.name = name
        self.type = type
        self.schema = schema
    }
}

/// One column of a primary key.
public struct FlightSQLKeyColumn: Sendable, Hashable {
    /// The table.
    public var table: FlightSQLTableName
    /// The column.
    public var column: String
    /// The column's 1-based position in the key.
    public var sequence: Int32
    /// The key's name, if it has one.
    public var keyName: String?

    /// A key column from its parts.
    public init(table: FlightSQLTableName, column: String, sequence: Int32, keyName: String?) {
        self.table = table
        self.column = column
        self.sequence = sequence
        self.keyName = keyName
    }
}

/// One column pair of a foreign key.
public struct FlightSQLForeignKeyColumn: Sendable, Hashable {
    /// The referenced (primary key) table.
    public var pkTable: FlightSQLTableName
    /// The referenced column.
    public var pkColumn: String
    /// The referencing (foreign key) table.
    public var fkTable: FlightSQLTableName
    /// The referencing column.
    public var fkColumn: String
    /// The pair's 1-based position in the key.
    public var sequence: Int32
    /// The foreign key's name, if any.
    public var fkName: String?
    /// The referenced key's name, if any.
    public var pkName: String?
    /// `ON UPDATE` as a Flight SQL `UpdateDeleteRules` value (0 cascade, 1 restrict, 2 set null, 3 no action, 4 set default).
    public var updateRule: UInt8
    /// `ON DELETE`, likewise.
    public var deleteRule: UInt8

    /// A key column pair from its parts.
    public init(
        pkTable: FlightSQLTableName, pkColumn: String, fkTable: FlightSQLTableName, fkColumn: String,
        sequence: Int32, fkName: String? = nil, pkName: String? = nil, updateRule: UInt8 = 3, deleteRule: UInt8 = 3
    ) {
        self.pkTable = pkTable
        self.pkColumn = pkColumn
        self.fkTable = fkTable
        self.fkColumn = fkColumn
        self.sequence = sequence
        self.fkName = fkName
        self.pkName = pkName
        self.updateRule = updateRule
        self.deleteRule = deleteRule
    }
}
