import Protobuf

// Enums of FlightSql.proto that appear as int32 values in metadata results (GetSqlInfo,
// GetXdbcTypeInfo, key listings) rather than in messages. Open structs, so that values from
// newer servers survive.

/// The level of support for the transaction actions (`SqlSupportedTransaction`),
/// the value of ``SqlInfo/flightSqlServerTransaction``.
public struct SqlSupportedTransaction: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// No support (or unknown).
    public static let none = SqlSupportedTransaction(rawValue: 0)
    /// Transactions but not savepoints.
    public static let transaction = SqlSupportedTransaction(rawValue: 1)
    /// Transactions and savepoints.
    public static let savepoint = SqlSupportedTransaction(rawValue: 2)
}

/// How identifiers are cased (`SqlSupportedCaseSensitivity`).
public struct SqlSupportedCaseSensitivity: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unknown.
    public static let unknown = SqlSupportedCaseSensitivity(rawValue: 0)
    /// Case-insensitive.
    public static let caseInsensitive = SqlSupportedCaseSensitivity(rawValue: 1)
    /// Stored in upper case.
    public static let uppercase = SqlSupportedCaseSensitivity(rawValue: 2)
    /// Stored in lower case.
    public static let lowercase = SqlSupportedCaseSensitivity(rawValue: 3)
}

/// Where NULLs sort (`SqlNullOrdering`).
public struct SqlNullOrdering: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// NULLs sort high.
    public static let sortedHigh = SqlNullOrdering(rawValue: 0)
    /// NULLs sort low.
    public static let sortedLow = SqlNullOrdering(rawValue: 1)
    /// NULLs sort first.
    public static let sortedAtStart = SqlNullOrdering(rawValue: 2)
    /// NULLs sort last.
    public static let sortedAtEnd = SqlNullOrdering(rawValue: 3)
}

/// A transaction isolation level (`SqlTransactionIsolationLevel`).
public struct SqlTransactionIsolationLevel: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// No transactions.
    public static let none = SqlTransactionIsolationLevel(rawValue: 0)
    /// READ UNCOMMITTED.
    public static let readUncommitted = SqlTransactionIsolationLevel(rawValue: 1)
    /// READ COMMITTED.
    public static let readCommitted = SqlTransactionIsolationLevel(rawValue: 2)
    /// REPEATABLE READ.
    public static let repeatableRead = SqlTransactionIsolationLevel(rawValue: 3)
    /// SERIALIZABLE.
    public static let serializable = SqlTransactionIsolationLevel(rawValue: 4)
}

/// A JDBC/ODBC data type code (`XdbcDataType`), as in `GetXdbcTypeInfo` results.
public struct XdbcDataType: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unknown type.
    public static let unknownType = XdbcDataType(rawValue: 0)
    /// CHAR.
    public static let char = XdbcDataType(rawValue: 1)
    /// NUMERIC.
    public static let numeric = XdbcDataType(rawValue: 2)
    /// DECIMAL.
    public static let decimal = XdbcDataType(rawValue: 3)
    /// INTEGER.
    public static let integer = XdbcDataType(rawValue: 4)
    /// SMALLINT.
    public static let smallint = XdbcDataType(rawValue: 5)
    /// FLOAT.
    public static let float = XdbcDataType(rawValue: 6)
    /// REAL.
    public static let real = XdbcDataType(rawValue: 7)
    /// DOUBLE.
    public static let double = XdbcDataType(rawValue: 8)
    /// DATETIME (see the datetime subcode).
    public static let datetime = XdbcDataType(rawValue: 9)
    /// INTERVAL (see the datetime subcode).
    public static let interval = XdbcDataType(rawValue: 10)
    /// VARCHAR.
    public static let varchar = XdbcDataType(rawValue: 12)
    /// DATE.
    public static let date = XdbcDataType(rawValue: 91)
    /// TIME.
    public static let time = XdbcDataType(rawValue: 92)
    /// TIMESTAMP.
    public static let timestamp = XdbcDataType(rawValue: 93)
    /// LONGVARCHAR.
    public static let longvarchar = XdbcDataType(rawValue: -1)
    /// BINARY.
    public static let binary = XdbcDataType(rawValue: -2)
    /// VARBINARY.
    public static let varbinary = XdbcDataType(rawValue: -3)
    /// LONGVARBINARY.
    public static let longvarbinary = XdbcDataType(rawValue: -4)
    /// BIGINT.
    public static let bigint = XdbcDataType(rawValue: -5)
    /// TINYINT.
    public static let tinyint = XdbcDataType(rawValue: -6)
    /// BIT.
    public static let bit = XdbcDataType(rawValue: -7)
    /// WCHAR.
    public static let wchar = XdbcDataType(rawValue: -8)
    /// WVARCHAR.
    public static let wvarchar = XdbcDataType(rawValue: -9)
}

/// Whether a column or type accepts NULL (`Nullable`).
public struct Nullable: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// NULL is not allowed.
    public static let noNulls = Nullable(rawValue: 0)
    /// NULL is allowed.
    public static let nullable = Nullable(rawValue: 1)
    /// Unknown.
    public static let unknown = Nullable(rawValue: 2)
}

/// How a type can be used in WHERE (`Searchable`).
public struct Searchable: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Not in WHERE.
    public static let none = Searchable(rawValue: 0)
    /// Only with LIKE.
    public static let char = Searchable(rawValue: 1)
    /// With any operator except LIKE.
    public static let basic = Searchable(rawValue: 2)
    /// With any operator.
    public static let full = Searchable(rawValue: 3)
}

/// What a foreign key does on update or delete (`UpdateDeleteRules`), the `update_rule` and
/// `delete_rule` columns of key listings.
public struct UpdateDeleteRules: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// CASCADE.
    public static let cascade = UpdateDeleteRules(rawValue: 0)
    /// RESTRICT.
    public static let restrict = UpdateDeleteRules(rawValue: 1)
    /// SET NULL.
    public static let setNull = UpdateDeleteRules(rawValue: 2)
    /// NO ACTION.
    public static let noAction = UpdateDeleteRules(rawValue: 3)
    /// SET DEFAULT.
    public static let setDefault = UpdateDeleteRules(rawValue: 4)
}
