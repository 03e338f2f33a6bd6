import Foundation
import Protobuf

// Key metadata commands: primary keys and foreign-key relationships of tables.

/// A key metadata command about one table: its catalog (field 1), schema (field 2) and
/// name (field 3). The three commands of this shape share their wire code here.
public protocol TableKeyCommand: FlightSQLCommandMessage {
    /// The table's catalog; "" means none, `nil` does not narrow the search (field 1).
    var catalog: String? { get set }
    /// The table's schema; "" means none, `nil` does not narrow the search (field 2).
    var dbSchema: String? { get set }
    /// The table (field 3).
    var table: String { get set }
    /// Creates a command for a table.
    init(catalog: String?, dbSchema: String?, table: String)
}

extension TableKeyCommand {
    /// Creates an empty command.
    public init() { self.init(catalog: nil, dbSchema: nil, table: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        // Through locals: the three properties are the protocol's, so inout access to all
        // three of them at once would overlap on `self`.
        var (catalog, dbSchema, table) = (self.catalog, self.dbSchema, self.table)
        try TableNameFields.decode(number, from: &reader, catalog: &catalog, dbSchema: &dbSchema, table: &table)
        (self.catalog, self.dbSchema, self.table) = (catalog, dbSchema, table)
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        TableNameFields.encode(catalog: catalog, dbSchema: dbSchema, table: table, to: &writer)
    }
}

/// Requests a table's primary key columns (`CommandGetPrimaryKeys`).
public struct CommandGetPrimaryKeys: TableKeyCommand, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetPrimaryKeys"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetPrimaryKeys"

    /// The table's catalog; "" means none, `nil` does not narrow the search (field 1).
    public var catalog: String?
    /// The table's schema; "" means none, `nil` does not narrow the search (field 2).
    public var dbSchema: String?
    /// The table (field 3).
    public var table: String

    /// Creates a request.
    public init(catalog: String? = nil, dbSchema: String? = nil, table: String) {
        self.catalog = catalog
        self.dbSchema = dbSchema
        self.table = table
    }
}

/// Requests the foreign keys that reference a table's primary key (`CommandGetExportedKeys`).
public struct CommandGetExportedKeys: TableKeyCommand, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetExportedKeys"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetExportedKeys"

    /// The table's catalog; "" means none, `nil` does not narrow the search (field 1).
    public var catalog: String?
    /// The table's schema; "" means none, `nil` does not narrow the search (field 2).
    public var dbSchema: String?
    /// The table whose primary key is referenced (field 3).
    public var table: String

    /// Creates a request.
    public init(catalog: String? = nil, dbSchema: String? = nil, table: String) {
        self.catalog = catalog
        self.dbSchema = dbSchema
        self.table = table
    }
}

/// Requests a table's foreign keys (`CommandGetImportedKeys`).
public struct CommandGetImportedKeys: TableKeyCommand, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetImportedKeys"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetImportedKeys"

    /// The table's catalog; "" means none, `nil` does not narrow the search (field 1).
    public var catalog: String?
    /// The table's schema; "" means none, `nil` does not narrow the search (field 2).
    public var dbSchema: String?
    /// The table whose foreign keys are wanted (field 3).
    public var table: String

    /// Creates a request.
    public init(catalog: String? = nil, dbSchema: String? = nil, table: String) {
        self.catalog = catalog
        self.dbSchema = dbSchema
        self.table = table
    }
}

/// Requests the foreign keys of one table that reference another (`CommandGetCrossReference`).
public struct CommandGetCrossReference: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetCrossReference"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetCrossReference"

    /// The parent (primary key) table's catalog; `nil` does not narrow the search (field 1).
    public var pkCatalog: String?
    /// The parent table's schema; `nil` does not narrow the search (field 2).
    public var pkDbSchema: String?
    /// The parent table (field 3).
    public var pkTable: String
    /// The foreign table's catalog; `nil` does not narrow the search (field 4).
    public var fkCatalog: String?
    /// The foreign table's schema; `nil` does not narrow the search (field 5).
    public var fkDbSchema: String?
    /// The foreign table (field 6).
    public var fkTable: String

    /// Creates a request.
    public init(
        pkCatalog: String? = nil, pkDbSchema: String? = nil, pkTable: String,
        fkCatalog: String? = nil, fkDbSchema: String? = nil, fkTable: String
    ) {
        self.pkCatalog = pkCatalog
        self.pkDbSchema = pkDbSchema
        self.pkTable = pkTable
        self.fkCatalog = fkCatalog
        self.fkDbSchema = fkDbSchema
        self.fkTable = fkTable
    }

    /// Creates an empty request.
    public init() { self.init(pkTable: "", fkTable: "") }

    /// fk_catalog: the foreign table's names follow the parent table's three.
    private static let foreignTableFirstField = 4

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number < Self.foreignTableFirstField {
            try TableNameFields.decode(number, from: &reader, catalog: &pkCatalog, dbSchema: &pkDbSchema, table: &pkTable)
        } else {
            try TableNameFields.decode(
                number, firstField: Self.foreignTableFirstField, from: &reader,
                catalog: &fkCatalog, dbSchema: &fkDbSchema, table: &fkTable)
        }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        TableNameFields.encode(catalog: pkCatalog, dbSchema: pkDbSchema, table: pkTable, to: &writer)
        TableNameFields.encode(
            catalog: fkCatalog, dbSchema: fkDbSchema, table: fkTable, firstField: Self.foreignTableFirstField, to: &writer)
    }
}

/// The catalog, schema and table fields that name a table in the key commands, always three
/// consecutive string fields: 1-3 of `CommandGetPrimaryKeys`, `CommandGetExportedKeys` and
/// `CommandGetImportedKeys`; 1-3 (primary key side) and 4-6 (foreign key side) of
/// `CommandGetCrossReference`.
enum TableNameFields {
    /// Decodes field `number` into `catalog`, `dbSchema` or `table` when it is one of the
    /// three fields from `firstField` on; any other field is left unread (and so skipped).
    static func decode(
        _ number: Int, firstField: Int = 1, from reader: inout ProtobufReader,
        catalog: inout String?, dbSchema: inout String?, table: inout String
    ) throws {
        switch number - firstField {
        case 0: catalog = try reader.readString()
        case 1: dbSchema = try reader.readString()
        case 2: table = try reader.readString()
        default: break
        }
    }

    /// Writes the three fields from `firstField` on; `nil` names are left out, "" is written.
    static func encode(
        catalog: String?, dbSchema: String?, table: String, firstField: Int = 1, to writer: inout ProtobufWriter
    ) {
        writer.writeString(catalog, field: firstField)
        writer.writeString(dbSchema, field: firstField + 1)
        writer.writeString(table, field: firstField + 2)
    }
}
