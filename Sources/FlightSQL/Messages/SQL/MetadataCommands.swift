import Foundation
import Protobuf

// Catalog-browsing commands, sent packed in an Any in a FlightDescriptor to GetFlightInfo or
// GetSchema. `optional` proto3 fields are Swift optionals: "" and nil mean different things
// ("objects without a catalog" versus "do not filter by catalog").

/// Requests server and SQL metadata (`CommandGetSqlInfo`).
public struct CommandGetSqlInfo: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetSqlInfo"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetSqlInfo"

    /// The ids of the requested items; empty requests everything (field 1, `repeated uint32`).
    public var info: [SqlInfo]

    /// Creates a request.
    public init(info: [SqlInfo]) { self.info = info }

    /// Creates a request for every item.
    public init() { self.init(info: []) }

    /// Decodes one field (packed or unpacked).
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 {
            var ids: [UInt32] = []
            try reader.readRepeatedUInt32(into: &ids)
            info.append(contentsOf: ids.map(SqlInfo.init(rawValue:)))
        }
    }

    /// Encodes the ids packed, as proto3 does by default.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writePackedUInt32(info.map(\.rawValue), field: 1)
    }
}

/// Requests information about the data types the server supports (`CommandGetXdbcTypeInfo`).
public struct CommandGetXdbcTypeInfo: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetXdbcTypeInfo"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetXdbcTypeInfo"

    /// Only this data type (an ``XdbcDataType`` raw value), or all types if `nil` (field 1).
    public var dataType: Int32?

    /// Creates a request.
    public init(dataType: Int32?) { self.dataType = dataType }

    /// Creates a request for all types.
    public init() { self.init(dataType: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { dataType = try reader.readInt32() }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeInt32(dataType, field: 1)
    }
}

/// Requests the list of catalogs (`CommandGetCatalogs`).
public struct CommandGetCatalogs: FlightSQLCommandMessage, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.sql.CommandGetCatalogs"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetCatalogs"

    /// Creates the request (it has no fields).
    public init() {}
}

/// Requests the list of database schemas (`CommandGetDbSchemas`).
public struct CommandGetDbSchemas: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetDbSchemas"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetDbSchemas"

    /// Only this catalog; "" means schemas without a catalog, `nil` does not filter (field 1).
    public var catalog: String?
    /// A LIKE-style pattern (`%`, `_`) for schema names; `nil` does not filter (field 2).
    public var dbSchemaFilterPattern: String?

    /// Creates a request.
    public init(catalog: String? = nil, dbSchemaFilterPattern: String? = nil) {
        self.catalog = catalog
        self.dbSchemaFilterPattern = dbSchemaFilterPattern
    }

    /// Creates an unfiltered request.
    public init() { self.init(catalog: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: catalog = try reader.readString()
        case 2: dbSchemaFilterPattern = try reader.readString()
        default: break
        }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(catalog, field: 1)
        writer.writeString(dbSchemaFilterPattern, field: 2)
    }
}

/// Requests the list of tables, optionally with their Arrow schemas (`CommandGetTables`).
public struct CommandGetTables: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandGetTables"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetTables"

    /// Only this catalog; "" means tables without a catalog, `nil` does not filter (field 1).
    public var catalog: String?
    /// A LIKE-style pattern for schema names; `nil` does not filter (field 2).
    public var dbSchemaFilterPattern: String?
    /// A LIKE-style pattern for table names; `nil` does not filter (field 3).
    public var tableNameFilterPattern: String?
    /// Only these table types (e.g. `TABLE`, `VIEW`); empty does not filter (field 4).
    public var tableTypes: [String]
    /// Whether to return each table's Arrow schema (field 5).
    public var includeSchema: Bool

    /// Creates a request.
    public init(
        catalog: String? = nil, dbSchemaFilterPattern: String? = nil, tableNameFilterPattern: String? = nil,
        tableTypes: [String] = [], includeSchema: Bool = false
    ) {
        self.catalog = catalog
        self.dbSchemaFilterPattern = dbSchemaFilterPattern
        self.tableNameFilterPattern = tableNameFilterPattern
        self.tableTypes = tableTypes
        self.includeSchema = includeSchema
    }

    /// Creates an unfiltered request.
    public init() { self.init(catalog: nil) }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: catalog = try reader.readString()
        case 2: dbSchemaFilterPattern = try reader.readString()
        case 3: tableNameFilterPattern = try reader.readString()
        case 4: tableTypes.append(try reader.readString())
        case 5: includeSchema = try reader.readBool()
        default: break
        }
    }

    /// Encodes the fields that are set.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeString(catalog, field: 1)
        writer.writeString(dbSchemaFilterPattern, field: 2)
        writer.writeString(tableNameFilterPattern, field: 3)
        writer.writeRepeatedStrings(tableTypes, field: 4)
        writer.writeBool(includeSchema, field: 5)
    }
}

/// Requests the list of table types (`CommandGetTableTypes`).
public struct CommandGetTableTypes: FlightSQLCommandMessage, Hashable, FieldlessMessage {
    /// `"arrow.flight.protocol.sql.CommandGetTableTypes"`.
    public static let protobufTypeName = flightSQLPackage + "CommandGetTableTypes"

    /// Creates the request (it has no fields).
    public init() {}
}
