/// The id of one piece of server or SQL metadata requested with ``CommandGetSqlInfo``
/// (the `SqlInfo` enum of FlightSql.proto; its values travel as `uint32`).
///
/// A struct rather than an enum because servers may return ids this code does not know
/// (custom ids start at 10,000). The comment of each id says what type its value has in
/// the `GetSqlInfo` result's dense union.
public struct SqlInfo: RawRepresentable, Hashable, Sendable, Comparable {
    /// The numeric id.
    public var rawValue: UInt32
    /// Wraps any id.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Orders by id.
    public static func < (lhs: SqlInfo, rhs: SqlInfo) -> Bool { lhs.rawValue < rhs.rawValue }

    // MARK: Server information [0, 500)

    /// String: the server's name.
    public static let flightSqlServerName = SqlInfo(rawValue: 0)
    /// String: the server's native version.
    public static let flightSqlServerVersion = SqlInfo(rawValue: 1)
    /// String: the Arrow format version the server uses.
    public static let flightSqlServerArrowVersion = SqlInfo(rawValue: 2)
    /// Bool: whether the server is read-only.
    public static let flightSqlServerReadOnly = SqlInfo(rawValue: 3)
    /// Bool: whether the server executes SQL queries.
    public static let flightSqlServerSql = SqlInfo(rawValue: 4)
    /// Bool: whether the server executes Substrait plans.
    public static let flightSqlServerSubstrait = SqlInfo(rawValue: 5)
    /// String: the minimum supported Substrait version.
    public static let flightSqlServerSubstraitMinVersion = SqlInfo(rawValue: 6)
    /// String: the maximum supported Substrait version.
    public static let flightSqlServerSubstraitMaxVersion = SqlInfo(rawValue: 7)
    /// Int32: the transaction actions supported, a ``SqlSupportedTransaction``.
    public static let flightSqlServerTransaction = SqlInfo(rawValue: 8)
    /// Bool: whether the server supports the CancelQuery action.
    public static let flightSqlServerCancel = SqlInfo(rawValue: 9)
    /// Bool: whether the server supports bulk ingestion.
    public static let flightSqlServerBulkIngestion = SqlInfo(rawValue: 10)
    /// Bool: whether bulk ingestion supports transactions.
    public static let flightSqlServerIngestTransactionsSupported = SqlInfo(rawValue: 11)
    /// Int32: the prepared statement timeout in milliseconds (0 = none).
    public static let flightSqlServerStatementTimeout = SqlInfo(rawValue: 100)
    /// Int32: the transaction timeout in milliseconds (0 = none).
    public static let flightSqlServerTransactionTimeout = SqlInfo(rawValue: 101)

    // MARK: SQL syntax information [500, 1000)

    /// Bool: whether CREATE/DROP CATALOG is supported.
    public static let sqlDdlCatalog = SqlInfo(rawValue: 500)
    /// Bool: whether CREATE/DROP SCHEMA is supported.
    public static let sqlDdlSchema = SqlInfo(rawValue: 501)
    /// Bool: whether CREATE/DROP TABLE is supported.
    public static let sqlDdlTable = SqlInfo(rawValue: 502)
    /// Int32: the case sensitivity of identifiers, a ``SqlSupportedCaseSensitivity``.
    public static let sqlIdentifierCase = SqlInfo(rawValue: 503)
    /// String: the character(s) that quote identifiers.
    public static let sqlIdentifierQuoteChar = SqlInfo(rawValue: 504)
    /// Int32: the case sensitivity of quoted identifiers, a ``SqlSupportedCaseSensitivity``.
    public static let sqlQuotedIdentifierCase = SqlInfo(rawValue: 505)
    /// Bool: whether all tables are selectable.
    public static let sqlAllTablesAreSelectable = SqlInfo(rawValue: 506)
    /// Int32: how NULLs sort, a ``SqlNullOrdering``.
    public static let sqlNullOrdering = SqlInfo(rawValue: 507)
    /// String list: the SQL keywords.
    public static let sqlKeywords = SqlInfo(rawValue: 508)
    /// String list: the numeric functions.
    public static let sqlNumericFunctions = SqlInfo(rawValue: 509)
    /// String list: the string functions.
    public static let sqlStringFunctions = SqlInfo(rawValue: 510)
    /// String list: the system functions.
    public static let sqlSystemFunctions = SqlInfo(rawValue: 511)
    /// String list: the date/time functions.
    public static let sqlDatetimeFunctions = SqlInfo(rawValue: 512)
    /// String: the escape for `_` and `%` in search patterns.
    public static let sqlSearchStringEscape = SqlInfo(rawValue: 513)
    /// String: extra characters allowed in unquoted identifiers.
    public static let sqlExtraNameCharacters = SqlInfo(rawValue: 514)
    /// Bool: whether column aliasing is supported.
    public static let sqlSupportsColumnAliasing = SqlInfo(rawValue: 515)
    /// Bool: whether NULL concatenated with non-NULL is NULL.
    public static let sqlNullPlusNullIsNull = SqlInfo(rawValue: 516)
    /// Map int32 → list of int32: supported conversions (`SqlSupportsConvert` values).
    public static let sqlSupportsConvert = SqlInfo(rawValue: 517)
    /// Bool: whether table correlation names are supported.
    public static let sqlSupportsTableCorrelationNames = SqlInfo(rawValue: 518)
    /// Bool: whether correlation names must differ from table names.
    public static let sqlSupportsDifferentTableCorrelationNames = SqlInfo(rawValue: 519)
    /// Bool: whether ORDER BY accepts expressions.
    public static let sqlSupportsExpressionsInOrderBy = SqlInfo(rawValue: 520)
    /// Bool: whether ORDER BY accepts columns not in the SELECT list.
    public static let sqlSupportsOrderByUnrelated = SqlInfo(rawValue: 521)
    /// Int32 bitmask: supported GROUP BY forms (`SqlSupportedGroupBy`).
    public static let sqlSupportedGroupBy = SqlInfo(rawValue: 522)
    /// Bool: whether LIKE ... ESCAPE is supported.
    public static let sqlSupportsLikeEscapeClause = SqlInfo(rawValue: 523)
    /// Bool: whether columns can be NOT NULL.
    public static let sqlSupportsNonNullableColumns = SqlInfo(rawValue: 524)
    /// Int32 bitmask: supported ODBC grammar levels (`SupportedSqlGrammar`).
    public static let sqlSupportedGrammar = SqlInfo(rawValue: 525)
    /// Int32 bitmask: supported ANSI-92 levels (`SupportedAnsi92SqlGrammarLevel`).
    public static let sqlAnsi92SupportedLevel = SqlInfo(rawValue: 526)
    /// Bool: whether the Integrity Enhancement Facility is supported.
    public static let sqlSupportsIntegrityEnhancementFacility = SqlInfo(rawValue: 527)
    /// Int32: outer join support (`SqlOuterJoinsSupportLevel`).
    public static let sqlOuterJoinsSupportLevel = SqlInfo(rawValue: 528)
    /// String: the preferred term for "schema".
    public static let sqlSchemaTerm = SqlInfo(rawValue: 529)
    /// String: the preferred term for "procedure".
    public static let sqlProcedureTerm = SqlInfo(rawValue: 530)
    /// String: the preferred term for "catalog" (empty: catalogs are not supported).
    public static let sqlCatalogTerm = SqlInfo(rawValue: 531)
    /// Bool: whether a catalog name starts a qualified table name.
    public static let sqlCatalogAtStart = SqlInfo(rawValue: 532)
    /// Int32 bitmask: where schema names may appear (`SqlSupportedElementActions`).
    public static let sqlSchemasSupportedActions = SqlInfo(rawValue: 533)
    /// Int32 bitmask: where catalog names may appear (`SqlSupportedElementActions`).
    public static let sqlCatalogsSupportedActions = SqlInfo(rawValue: 534)
    /// Int32 bitmask: positioned DELETE/UPDATE support (`SqlSupportedPositionedCommands`).
    public static let sqlSupportedPositionedCommands = SqlInfo(rawValue: 535)
    /// Bool: whether SELECT FOR UPDATE is supported.
    public static let sqlSelectForUpdateSupported = SqlInfo(rawValue: 536)
    /// Bool: whether stored procedure escape syntax is supported.
    public static let sqlStoredProceduresSupported = SqlInfo(rawValue: 537)
    /// Int32 bitmask: supported subqueries (`SqlSupportedSubqueries`).
    public static let sqlSupportedSubqueries = SqlInfo(rawValue: 538)
    /// Bool: whether correlated subqueries are supported.
    public static let sqlCorrelatedSubqueriesSupported = SqlInfo(rawValue: 539)
    /// Int32 bitmask: UNION support (`SqlSupportedUnions`).
    public static let sqlSupportedUnions = SqlInfo(rawValue: 540)
    /// Int64: maximum hex characters in a binary literal.
    public static let sqlMaxBinaryLiteralLength = SqlInfo(rawValue: 541)
    /// Int64: maximum characters in a character literal.
    public static let sqlMaxCharLiteralLength = SqlInfo(rawValue: 542)
    /// Int64: maximum characters in a column name.
    public static let sqlMaxColumnNameLength = SqlInfo(rawValue: 543)
    /// Int64: maximum columns in GROUP BY.
    public static let sqlMaxColumnsInGroupBy = SqlInfo(rawValue: 544)
    /// Int64: maximum columns in an index.
    public static let sqlMaxColumnsInIndex = SqlInfo(rawValue: 545)
    /// Int64: maximum columns in ORDER BY.
    public static let sqlMaxColumnsInOrderBy = SqlInfo(rawValue: 546)
    /// Int64: maximum columns in a SELECT list.
    public static let sqlMaxColumnsInSelect = SqlInfo(rawValue: 547)
    /// Int64: maximum columns in a table.
    public static let sqlMaxColumnsInTable = SqlInfo(rawValue: 548)
    /// Int64: maximum concurrent connections.
    public static let sqlMaxConnections = SqlInfo(rawValue: 549)
    /// Int64: maximum characters in a cursor name.
    public static let sqlMaxCursorNameLength = SqlInfo(rawValue: 550)
    /// Int64: maximum bytes in an index.
    public static let sqlMaxIndexLength = SqlInfo(rawValue: 551)
    /// Int64: maximum characters in a schema name.
    public static let sqlDbSchemaNameLength = SqlInfo(rawValue: 552)
    /// Int64: maximum characters in a procedure name.
    public static let sqlMaxProcedureNameLength = SqlInfo(rawValue: 553)
    /// Int64: maximum characters in a catalog name.
    public static let sqlMaxCatalogNameLength = SqlInfo(rawValue: 554)
    /// Int64: maximum bytes in a row.
    public static let sqlMaxRowSize = SqlInfo(rawValue: 555)
    /// Bool: whether the maximum row size includes LONGVARCHAR and LONGVARBINARY.
    public static let sqlMaxRowSizeIncludesBlobs = SqlInfo(rawValue: 556)
    /// Int64: maximum characters in a statement (0 = unlimited or unknown).
    public static let sqlMaxStatementLength = SqlInfo(rawValue: 557)
    /// Int64: maximum simultaneously open statements.
    public static let sqlMaxStatements = SqlInfo(rawValue: 558)
    /// Int64: maximum characters in a table name.
    public static let sqlMaxTableNameLength = SqlInfo(rawValue: 559)
    /// Int64: maximum tables in a SELECT.
    public static let sqlMaxTablesInSelect = SqlInfo(rawValue: 560)
    /// Int64: maximum characters in a user name.
    public static let sqlMaxUsernameLength = SqlInfo(rawValue: 561)
    /// Int32: the default isolation level, a ``SqlTransactionIsolationLevel``.
    public static let sqlDefaultTransactionIsolation = SqlInfo(rawValue: 562)
    /// Bool: whether SQL transactions are supported.
    public static let sqlTransactionsSupported = SqlInfo(rawValue: 563)
    /// Int32 bitmask: supported isolation levels (bits of ``SqlTransactionIsolationLevel``).
    public static let sqlSupportedTransactionsIsolationLevels = SqlInfo(rawValue: 564)
    /// Bool: whether DDL in a transaction forces a commit.
    public static let sqlDataDefinitionCausesTransactionCommit = SqlInfo(rawValue: 565)
    /// Bool: whether DDL in a transaction is ignored.
    public static let sqlDataDefinitionsInTransactionsIgnored = SqlInfo(rawValue: 566)
    /// Int32 bitmask: supported result set types (`SqlSupportedResultSetType`).
    public static let sqlSupportedResultSetTypes = SqlInfo(rawValue: 567)
    /// Int32 bitmask: concurrencies for unspecified result sets (`SqlSupportedResultSetConcurrency`).
    public static let sqlSupportedConcurrenciesForResultSetUnspecified = SqlInfo(rawValue: 568)
    /// Int32 bitmask: concurrencies for forward-only result sets.
    public static let sqlSupportedConcurrenciesForResultSetForwardOnly = SqlInfo(rawValue: 569)
    /// Int32 bitmask: concurrencies for scroll-sensitive result sets.
    public static let sqlSupportedConcurrenciesForResultSetScrollSensitive = SqlInfo(rawValue: 570)
    /// Int32 bitmask: concurrencies for scroll-insensitive result sets.
    public static let sqlSupportedConcurrenciesForResultSetScrollInsensitive = SqlInfo(rawValue: 571)
    /// Bool: whether batch updates are supported.
    public static let sqlBatchUpdatesSupported = SqlInfo(rawValue: 572)
    /// Bool: whether savepoints are supported.
    public static let sqlSavepointsSupported = SqlInfo(rawValue: 573)
    /// Bool: whether named parameters are supported in callable statements.
    public static let sqlNamedParametersSupported = SqlInfo(rawValue: 574)
    /// Bool: whether LOB updates are made on a copy.
    public static let sqlLocatorsUpdateCopy = SqlInfo(rawValue: 575)
    /// Bool: whether functions can be called with the stored procedure escape syntax.
    public static let sqlStoredFunctionsUsingCallSyntaxSupported = SqlInfo(rawValue: 576)
}
