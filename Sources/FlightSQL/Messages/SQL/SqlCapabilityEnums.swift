import Protobuf

// The remaining enums of FlightSql.proto, describing SQL capabilities in GetSqlInfo and
// GetXdbcTypeInfo results. Bitmask-valued SqlInfo items set bit `1 << rawValue` per supported
// value; ``SqlInfoBitmaskFlag`` reads such masks.

/// An ODBC SQL grammar level (`SupportedSqlGrammar`); bits of ``SqlInfo/sqlSupportedGrammar``.
public struct SupportedSqlGrammar: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Minimum grammar.
    public static let minimumGrammar = SupportedSqlGrammar(rawValue: 0)
    /// Core grammar.
    public static let coreGrammar = SupportedSqlGrammar(rawValue: 1)
    /// Extended grammar.
    public static let extendedGrammar = SupportedSqlGrammar(rawValue: 2)
}

/// An ANSI-92 conformance level (`SupportedAnsi92SqlGrammarLevel`); bits of ``SqlInfo/sqlAnsi92SupportedLevel``.
public struct SupportedAnsi92SqlGrammarLevel: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Entry SQL.
    public static let entrySQL = SupportedAnsi92SqlGrammarLevel(rawValue: 0)
    /// Intermediate SQL.
    public static let intermediateSQL = SupportedAnsi92SqlGrammarLevel(rawValue: 1)
    /// Full SQL.
    public static let fullSQL = SupportedAnsi92SqlGrammarLevel(rawValue: 2)
}

/// Outer join support (`SqlOuterJoinsSupportLevel`), the value of ``SqlInfo/sqlOuterJoinsSupportLevel``.
public struct SqlOuterJoinsSupportLevel: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// No outer joins.
    public static let joinsUnsupported = SqlOuterJoinsSupportLevel(rawValue: 0)
    /// Limited outer joins.
    public static let limitedOuterJoins = SqlOuterJoinsSupportLevel(rawValue: 1)
    /// Full outer joins.
    public static let fullOuterJoins = SqlOuterJoinsSupportLevel(rawValue: 2)
}

/// A GROUP BY capability (`SqlSupportedGroupBy`); bits of ``SqlInfo/sqlSupportedGroupBy``.
public struct SqlSupportedGroupBy: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// GROUP BY columns not in the SELECT list.
    public static let unrelated = SqlSupportedGroupBy(rawValue: 0)
    /// GROUP BY beyond the SELECT list.
    public static let beyondSelect = SqlSupportedGroupBy(rawValue: 1)
}

/// Where a schema or catalog name may appear (`SqlSupportedElementActions`).
public struct SqlSupportedElementActions: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// In procedure calls.
    public static let inProcedureCalls = SqlSupportedElementActions(rawValue: 0)
    /// In index definitions.
    public static let inIndexDefinitions = SqlSupportedElementActions(rawValue: 1)
    /// In privilege definitions.
    public static let inPrivilegeDefinitions = SqlSupportedElementActions(rawValue: 2)
}

/// A positioned command (`SqlSupportedPositionedCommands`); bits of ``SqlInfo/sqlSupportedPositionedCommands``.
public struct SqlSupportedPositionedCommands: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Positioned DELETE.
    public static let positionedDelete = SqlSupportedPositionedCommands(rawValue: 0)
    /// Positioned UPDATE.
    public static let positionedUpdate = SqlSupportedPositionedCommands(rawValue: 1)
}

/// Where subqueries may appear (`SqlSupportedSubqueries`); bits of ``SqlInfo/sqlSupportedSubqueries``.
public struct SqlSupportedSubqueries: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// In comparisons.
    public static let inComparisons = SqlSupportedSubqueries(rawValue: 0)
    /// In EXISTS.
    public static let inExists = SqlSupportedSubqueries(rawValue: 1)
    /// In IN.
    public static let inIns = SqlSupportedSubqueries(rawValue: 2)
    /// In quantified comparisons.
    public static let inQuantifieds = SqlSupportedSubqueries(rawValue: 3)
}

/// A UNION form (`SqlSupportedUnions`); bits of ``SqlInfo/sqlSupportedUnions``.
public struct SqlSupportedUnions: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// UNION.
    public static let union = SqlSupportedUnions(rawValue: 0)
    /// UNION ALL.
    public static let unionAll = SqlSupportedUnions(rawValue: 1)
}

/// A kind of statement allowed in transactions (`SqlSupportedTransactions`).
public struct SqlSupportedTransactions: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unspecified.
    public static let unspecified = SqlSupportedTransactions(rawValue: 0)
    /// DDL in transactions.
    public static let dataDefinitionTransactions = SqlSupportedTransactions(rawValue: 1)
    /// DML in transactions.
    public static let dataManipulationTransactions = SqlSupportedTransactions(rawValue: 2)
}

/// A result set type (`SqlSupportedResultSetType`); bits of ``SqlInfo/sqlSupportedResultSetTypes``.
public struct SqlSupportedResultSetType: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unspecified.
    public static let unspecified = SqlSupportedResultSetType(rawValue: 0)
    /// Forward only.
    public static let forwardOnly = SqlSupportedResultSetType(rawValue: 1)
    /// Scroll-insensitive.
    public static let scrollInsensitive = SqlSupportedResultSetType(rawValue: 2)
    /// Scroll-sensitive.
    public static let scrollSensitive = SqlSupportedResultSetType(rawValue: 3)
}

/// A result set concurrency (`SqlSupportedResultSetConcurrency`).
public struct SqlSupportedResultSetConcurrency: SqlInfoBitmaskFlag {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unspecified.
    public static let unspecified = SqlSupportedResultSetConcurrency(rawValue: 0)
    /// Read-only.
    public static let readOnly = SqlSupportedResultSetConcurrency(rawValue: 1)
    /// Updatable.
    public static let updatable = SqlSupportedResultSetConcurrency(rawValue: 2)
}

/// A type in ``SqlInfo/sqlSupportsConvert``'s conversion map (`SqlSupportsConvert`).
public struct SqlSupportsConvert: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// BIGINT.
    public static let bigint = SqlSupportsConvert(rawValue: 0)
    /// BINARY.
    public static let binary = SqlSupportsConvert(rawValue: 1)
    /// BIT.
    public static let bit = SqlSupportsConvert(rawValue: 2)
    /// CHAR.
    public static let char = SqlSupportsConvert(rawValue: 3)
    /// DATE.
    public static let date = SqlSupportsConvert(rawValue: 4)
    /// DECIMAL.
    public static let decimal = SqlSupportsConvert(rawValue: 5)
    /// FLOAT.
    public static let float = SqlSupportsConvert(rawValue: 6)
    /// INTEGER.
    public static let integer = SqlSupportsConvert(rawValue: 7)
    /// INTERVAL DAY TO TIME.
    public static let intervalDayTime = SqlSupportsConvert(rawValue: 8)
    /// INTERVAL YEAR TO MONTH.
    public static let intervalYearMonth = SqlSupportsConvert(rawValue: 9)
    /// LONGVARBINARY.
    public static let longvarbinary = SqlSupportsConvert(rawValue: 10)
    /// LONGVARCHAR.
    public static let longvarchar = SqlSupportsConvert(rawValue: 11)
    /// NUMERIC.
    public static let numeric = SqlSupportsConvert(rawValue: 12)
    /// REAL.
    public static let real = SqlSupportsConvert(rawValue: 13)
    /// SMALLINT.
    public static let smallint = SqlSupportsConvert(rawValue: 14)
    /// TIME.
    public static let time = SqlSupportsConvert(rawValue: 15)
    /// TIMESTAMP.
    public static let timestamp = SqlSupportsConvert(rawValue: 16)
    /// TINYINT.
    public static let tinyint = SqlSupportsConvert(rawValue: 17)
    /// VARBINARY.
    public static let varbinary = SqlSupportsConvert(rawValue: 18)
    /// VARCHAR.
    public static let varchar = SqlSupportsConvert(rawValue: 19)
}

/// The subtype of a DATETIME or INTERVAL type in `GetXdbcTypeInfo` results (`XdbcDatetimeSubcode`; the proto aliases several names to one value).
public struct XdbcDatetimeSubcode: ProtobufEnum {
    /// The wire value.
    public var rawValue: Int32
    /// Wraps any wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// Unknown.
    public static let unknown = XdbcDatetimeSubcode(rawValue: 0)
    /// YEAR (alias DATE).
    public static let year = XdbcDatetimeSubcode(rawValue: 1)
    /// DATE (alias YEAR).
    public static let date = XdbcDatetimeSubcode(rawValue: 1)
    /// TIME (alias MONTH).
    public static let time = XdbcDatetimeSubcode(rawValue: 2)
    /// MONTH (alias TIME).
    public static let month = XdbcDatetimeSubcode(rawValue: 2)
    /// TIMESTAMP (alias DAY).
    public static let timestamp = XdbcDatetimeSubcode(rawValue: 3)
    /// DAY (alias TIMESTAMP).
    public static let day = XdbcDatetimeSubcode(rawValue: 3)
    /// TIME WITH TIME ZONE (alias HOUR).
    public static let timeWithTimezone = XdbcDatetimeSubcode(rawValue: 4)
    /// HOUR (alias TIME WITH TIME ZONE).
    public static let hour = XdbcDatetimeSubcode(rawValue: 4)
    /// TIMESTAMP WITH TIME ZONE (alias MINUTE).
    public static let timestampWithTimezone = XdbcDatetimeSubcode(rawValue: 5)
    /// MINUTE (alias TIMESTAMP WITH TIME ZONE).
    public static let minute = XdbcDatetimeSubcode(rawValue: 5)
    /// SECOND.
    public static let second = XdbcDatetimeSubcode(rawValue: 6)
    /// YEAR TO MONTH.
    public static let yearToMonth = XdbcDatetimeSubcode(rawValue: 7)
    /// DAY TO HOUR.
    public static let dayToHour = XdbcDatetimeSubcode(rawValue: 8)
    /// DAY TO MINUTE.
    public static let dayToMinute = XdbcDatetimeSubcode(rawValue: 9)
    /// DAY TO SECOND.
    public static let dayToSecond = XdbcDatetimeSubcode(rawValue: 10)
    /// HOUR TO MINUTE.
    public static let hourToMinute = XdbcDatetimeSubcode(rawValue: 11)
    /// HOUR TO SECOND.
    public static let hourToSecond = XdbcDatetimeSubcode(rawValue: 12)
    /// MINUTE TO SECOND.
    public static let minuteToSecond = XdbcDatetimeSubcode(rawValue: 13)
    /// INTERVAL YEAR.
    public static let intervalYear = XdbcDatetimeSubcode(rawValue: 101)
    /// INTERVAL MONTH.
    public static let intervalMonth = XdbcDatetimeSubcode(rawValue: 102)
    /// INTERVAL DAY.
    public static let intervalDay = XdbcDatetimeSubcode(rawValue: 103)
    /// INTERVAL HOUR.
    public static let intervalHour = XdbcDatetimeSubcode(rawValue: 104)
    /// INTERVAL MINUTE.
    public static let intervalMinute = XdbcDatetimeSubcode(rawValue: 105)
    /// INTERVAL SECOND.
    public static let intervalSecond = XdbcDatetimeSubcode(rawValue: 106)
    /// INTERVAL YEAR TO MONTH.
    public static let intervalYearToMonth = XdbcDatetimeSubcode(rawValue: 107)
    /// INTERVAL DAY TO HOUR.
    public static let intervalDayToHour = XdbcDatetimeSubcode(rawValue: 108)
    /// INTERVAL DAY TO MINUTE.
    public static let intervalDayToMinute = XdbcDatetimeSubcode(rawValue: 109)
    /// INTERVAL DAY TO SECOND.
    public static let intervalDayToSecond = XdbcDatetimeSubcode(rawValue: 110)
    /// INTERVAL HOUR TO MINUTE.
    public static let intervalHourToMinute = XdbcDatetimeSubcode(rawValue: 111)
    /// INTERVAL HOUR TO SECOND.
    public static let intervalHourToSecond = XdbcDatetimeSubcode(rawValue: 112)
    /// INTERVAL MINUTE TO SECOND.
    public static let intervalMinuteToSecond = XdbcDatetimeSubcode(rawValue: 113)
}

/// An enum whose values are bit positions in a bitmask-valued ``SqlInfo`` item
/// (e.g. ``SqlInfo/sqlSupportedUnions`` = `0b11` means UNION and UNION ALL).
public protocol SqlInfoBitmaskFlag: ProtobufEnum {}

extension SqlInfoBitmaskFlag {
    /// `1 << rawValue`, this value's bit (0 for a raw value outside 0..<32).
    public var bit: Int32 { (0..<32).contains(rawValue) ? Int32(bitPattern: 1 << UInt32(rawValue)) : 0 }

    /// Whether `mask` has this value's bit set.
    public func isSet(in mask: Int32) -> Bool { bit != 0 && mask & bit != 0 }
}
