import Foundation

/// What a backend tells clients about itself through `GetSqlInfo`.
public struct FlightSQLBackendInfo: Sendable {
    /// The database's name (`FLIGHT_SQL_SERVER_NAME` is the server's; this is reported as the
    /// server's native version text, e.g. `SQLite 3.46.1`).
    public var databaseName: String
    /// The database's version.
    public var databaseVersion: String
    /// Whether the database refuses writes.
    public var isReadOnly: Bool
    /// Whether Flight SQL transactions are supported.
    public var supportsTransactions: Bool
    /// Whether savepoints are supported (inside transactions).
    public var supportsSavepoints: Bool
    /// Whether bulk ingestion is supported.
    public var supportsIngest: Bool
    /// The character quoting identifiers.
    public var identifierQuoteCharacter: String
    /// Further SqlInfo values by id, reported as given (they override the server's own).
    public var extra: [UInt32: FlightSQLInfoValue]

    /// Information from its parts.
    public init(
        databaseName: String, databaseVersion: String, isReadOnly: Bool, supportsTransactions: Bool,
        supportsSavepoints: Bool, supportsIngest: Bool, identifierQuoteCharacter: String = "\"",
        extra: [UInt32: FlightSQLInfoValue] = [:]
    ) {
        self.databaseName = databaseName
        self.databaseVersion = databaseVersion
        self.isReadOnly = isReadOnly
        self.supportsTransactions = supportsTransactions
        self.supportsSavepoints = supportsSavepoints
        self.supportsIngest = supportsIngest
        self.identifierQuoteCharacter = identifierQuoteCharacter
        self.extra = extra
    }
}

/// One `GetSqlInfo` value: the members of the result's dense union.
public enum FlightSQLInfoValue: Sendable, Hashable {
    /// `string_value`.
    case string(String)
    /// `bool_value`.
    case bool(Bool)
    /// `bigint_value`.
    case bigint(Int64)
    /// `int32_bitmask` (also every int32 enum value).
    case int32(Int32)
    /// `string_list`.
    case stringList([String])
    /// `int32_to_int32_list_map`.
    case int32ToInt32List([Int32: [Int32]])
}

/// One row of `GetXdbcTypeInfo`: a SQL data type the database offers.
public struct FlightSQLTypeInfo: Sendable, Hashable {
    /// The type's name (`INTEGER`).
    public var name: String
    /// The XDBC data type code (`XdbcDataType`).
    public var dataType: Int32
    /// The maximum column size, if meaningful.
    public var columnSize: Int32?
    /// The prefix quoting a literal (`'`), if any.
    public var literalPrefix: String?
    /// The suffix quoting a literal, if any.
    public var literalSuffix: String?
    /// The parameters of the type's declaration (`precision`, `scale`), if any.
    public var createParameters: [String]?
    /// Whether comparisons are case sensitive.
    public var caseSensitive: Bool
    /// Whether the type is unsigned, when meaningful.
    public var isUnsigned: Bool?
    /// Whether the type has fixed precision and scale (money).
    public var fixedPrecisionScale: Bool
    /// Whether values auto-increment.
    public var autoIncrement: Bool?
    /// The smallest and largest scale.
    public var minimumScale: Int32?
    /// The largest scale.
    public var maximumScale: Int32?
    /// The radix of the precision (10 or 2), if numeric.
    public var numericPrecisionRadix: Int32?

    /// A type from its parts.
    public init(
        name: String, dataType: Int32, columnSize: Int32? = nil, literalPrefix: String? = nil,
        literalSuffix: String? = nil, createParameters: [String]? = nil, caseSensitive: Bool = false,
        isUnsigned: Bool? = nil, fixedPrecisionScale: Bool = false, autoIncrement: Bool? = nil,
        minimumScale: Int32? = nil, maximumScale: Int32? = nil, numericPrecisionRadix: Int32? = nil
    ) {
        self.name = name
        self.dataType = dataType
        self.columnSize = columnSize
        self.literalPrefix = literalPrefix
        self.literalSuffix = literalSuffix
        self.createParameters = createParameters
        self.caseSensitive = caseSensitive
        self.isUnsigned = isUnsigned
        self.fixedPrecisionScale = fixedPrecisionScale
        self.autoIncrement = autoIncrement
        self.minimumScale = minimumScale
        self.maximumScale = maximumScale
        self.numericPrecisionRadix = numericPrecisionRadix
    }
}
