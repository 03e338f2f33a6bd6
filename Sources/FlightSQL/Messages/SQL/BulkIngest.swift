import Foundation
import Protobuf

/// Loads the record batches of a `DoPut` stream into a table (`CommandStatementIngest`).
public struct CommandStatementIngest: FlightSQLCommandMessage, Hashable {
    /// `"arrow.flight.protocol.sql.CommandStatementIngest"`.
    public static let protobufTypeName = flightSQLPackage + "CommandStatementIngest"

    /// What to do when the table does or does not exist (`CommandStatementIngest.TableDefinitionOptions`).
    public struct TableDefinitionOptions: FlightSQLCommandMessage, Hashable {
        /// `"arrow.flight.protocol.sql.CommandStatementIngest.TableDefinitionOptions"`.
        public static let protobufTypeName = flightSQLPackage + "CommandStatementIngest.TableDefinitionOptions"

        /// The action when the table does not exist (`TableNotExistOption`).
        public struct TableNotExistOption: ProtobufEnum, CustomStringConvertible {
            /// The wire value.
            public var rawValue: Int32
            /// Wraps any wire value.
            public init(rawValue: Int32) { self.rawValue = rawValue }

            /// Unset; servers reject it.
            public static let unspecified = TableNotExistOption(rawValue: 0)
            /// Create the table.
            public static let create = TableNotExistOption(rawValue: 1)
            /// Fail.
            public static let fail = TableNotExistOption(rawValue: 2)

            /// The proto name, or the number for a value this code does not know.
            public var description: String {
                protoName([
                    "TABLE_NOT_EXIST_OPTION_UNSPECIFIED",
                    "TABLE_NOT_EXIST_OPTION_CREATE",
                    "TABLE_NOT_EXIST_OPTION_FAIL",
                ])
            }
        }

        /// The action when the table already exists (`TableExistsOption`).
        public struct TableExistsOption: ProtobufEnum, CustomStringConvertible {
            /// The wire value.
            public var rawValue: Int32
            /// Wraps any wire value.
            public init(rawValue: Int32) { self.rawValue = rawValue }

            /// Unset; servers reject it.
            public static let unspecified = TableExistsOption(rawValue: 0)
            /// Fail.
            public static let fail = TableExistsOption(rawValue: 1)
            /// Append to the table.
            public static let append = TableExistsOption(rawValue: 2)
            /// Drop and recreate the table.
            public static let replace = TableExistsOption(rawValue: 3)

            /// The proto name, or the number for a value this code does not know.
            public var description: String {
                protoName([
                    "TABLE_EXISTS_OPTION_UNSPECIFIED",
                    "TABLE_EXISTS_OPTION_FAIL",
                    "TABLE_EXISTS_OPTION_APPEND",
                    "TABLE_EXISTS_OPTION_REPLACE",
                ])
            }
        }

        /// When the table does not exist (field 1).
        public var ifNotExist: TableNotExistOption
        /// When the table exists (field 2).
        public var ifExists: TableExistsOption

        /// Creates options.
        public init(ifNotExist: TableNotExistOption, ifExists: TableExistsOption) {
            self.ifNotExist = ifNotExist
            self.ifExists = ifExists
        }

        /// Creates options with both actions unspecified.
        public init() { self.init(ifNotExist: .unspecified, ifExists: .unspecified) }

        /// Decodes one field.
        public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
            switch number {
            case 1: ifNotExist = try reader.readEnum()
            case 2: ifExists = try reader.readEnum()
            default: break
            }
        }

        /// Encodes the non-default fields.
        public func encode(to writer: inout ProtobufWriter) {
            writer.writeEnum(ifNotExist, field: 1)
            writer.writeEnum(ifExists, field: 2)
        }
    }

    /// How to handle the table definition (field 1).
    public var tableDefinitionOptions: TableDefinitionOptions?
    /// The target table (field 2).
    public var table: String
    /// The target's schema; `nil` lets the server choose (field 3).
    public var schema: String?
    /// The target's catalog; `nil` lets the server choose (field 4).
    public var catalog: String?
    /// Whether to ingest into a temporary table dropped at the end of the session (field 5).
    public var temporary: Bool
    /// The transaction to ingest in; `nil` auto-commits (field 6).
    public var transactionID: Data?
    /// Backend-specific options (field 1000, `map<string, string>`).
    public var options: [String: String]

    /// Creates a command.
    public init(
        tableDefinitionOptions: TableDefinitionOptions? = nil, table: String, schema: String? = nil,
        catalog: String? = nil, temporary: Bool = false, transactionID: Data? = nil, options: [String: String] = [:]
    ) {
        self.tableDefinitionOptions = tableDefinitionOptions
        self.table = table
        self.schema = schema
        self.catalog = catalog
        self.temporary = temporary
        self.transactionID = transactionID
        self.options = options
    }

    /// Creates an empty command.
    public init() { self.init(table: "") }

    /// Decodes one field.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: try reader.mergeMessage(into: &tableDefinitionOptions)
        case 2: table = try reader.readString()
        case 3: schema = try reader.readString()
        case 4: catalog = try reader.readString()
        case 5: temporary = try reader.readBool()
        case 6: transactionID = try reader.readBytes()
        case 1000: try reader.readStringMapEntry(into: &options)
        default: break
        }
    }

    /// Encodes the fields that are set; options sorted by key.
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeMessage(tableDefinitionOptions, field: 1)
        writer.writeString(table, field: 2)
        writer.writeString(schema, field: 3)
        writer.writeString(catalog, field: 4)
        writer.writeBool(temporary, field: 5)
        writer.writeBytes(transactionID, field: 6)
        writer.writeStringMap(options, field: 1000)
    }
}
