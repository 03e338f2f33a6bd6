import FlightSQL

/// What SQLite's SQL dialect supports, for `GetSqlInfo`, and its types, for
/// `GetXdbcTypeInfo`. Only facts that hold for SQLite are listed.
enum SQLiteSqlInfo {
    /// The function lists clients may rely on, by SqlInfo id. Some functions depend on the
    /// linked library (`timediff` needs 3.43, `unixepoch` and `format` 3.38, the math functions
    /// 3.35 built with `SQLITE_ENABLE_MATH_FUNCTIONS`), so ``values(functions:)`` advertises
    /// only those the library has.
    static let functionLists: [(SqlInfo, [String])] = [
        (.sqlNumericFunctions, ["abs", "ceil", "floor", "round", "max", "min", "sign", "sqrt", "pow", "exp", "ln", "log", "mod", "pi", "random"]),
        (.sqlStringFunctions, ["length", "lower", "upper", "ltrim", "rtrim", "trim", "replace", "substr", "instr", "printf", "format", "char", "unicode", "hex", "quote"]),
        (.sqlDatetimeFunctions, ["date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff"]),
    ]

    /// The SqlInfo values for a library that has `functions` (lower-case names).
    static func values(functions: Set<String>) -> [UInt32: FlightSQLInfoValue] {
        var values = fixedValues
        for (id, names) in functionLists {
            values[id.rawValue] = .stringList(names.filter(functions.contains))
        }
        return values
    }

    /// When SQLite cannot list its functions (`PRAGMA function_list` is compiled out with
    /// `SQLITE_OMIT_INTROSPECTION_PRAGMAS`): the listed functions that version `number`
    /// (`sqlite3_libversion_number`'s form, 3043000 for 3.43.0) has, assuming the usual build
    /// with the math functions.
    static func functions(forVersionNumber number: Int) -> Set<String> {
        let math: Set = ["ceil", "floor", "sqrt", "pow", "exp", "ln", "log", "mod", "pi"]
        let introducedIn: [String: Int] = ["timediff": 3_043_000, "unixepoch": 3_038_000, "format": 3_038_000, "sign": 3_035_000]
        let all = functionLists.flatMap(\.1)
        return Set(all.filter { name in
            let since = math.contains(name) ? 3_035_000 : introducedIn[name] ?? 0
            return number >= since
        })
    }

    /// `3.40.1` as 3040001; `nil` for text that is not a version.
    static func versionNumber(_ version: String) -> Int? {
        let parts = version.split(separator: ".", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count >= 2, parts.count <= 4, parts.allSatisfy({ $0 != nil }) else { return nil }
        let numbers = parts.compactMap { $0 }
        return numbers[0] * 1_000_000 + numbers[1] * 1_000 + (numbers.count > 2 ? numbers[2] : 0)
    }

    /// Everything that does not depend on the library's build.
    private static let fixedValues: [UInt32: FlightSQLInfoValue] = [
        SqlInfo.sqlDdlCatalog.rawValue: .bool(false),
        SqlInfo.sqlDdlSchema.rawValue: .bool(false),
        SqlInfo.sqlDdlTable.rawValue: .bool(true),
        SqlInfo.sqlIdentifierCase.rawValue: .int32(SqlSupportedCaseSensitivity.caseInsensitive.rawValue),
        SqlInfo.sqlQuotedIdentifierCase.rawValue: .int32(SqlSupportedCaseSensitivity.caseInsensitive.rawValue),
        SqlInfo.sqlAllTablesAreSelectable.rawValue: .bool(true),
        SqlInfo.sqlNullOrdering.rawValue: .int32(SqlNullOrdering.sortedLow.rawValue),
        SqlInfo.sqlKeywords.rawValue: .stringList(keywords),
        SqlInfo.sqlSearchStringEscape.rawValue: .string("\\"),
        SqlInfo.sqlExtraNameCharacters.rawValue: .string(""),
        SqlInfo.sqlSupportsColumnAliasing.rawValue: .bool(true),
        SqlInfo.sqlNullPlusNullIsNull.rawValue: .bool(true),
        SqlInfo.sqlSupportsTableCorrelationNames.rawValue: .bool(true),
        SqlInfo.sqlSupportsDifferentTableCorrelationNames.rawValue: .bool(false),
        SqlInfo.sqlSupportsExpressionsInOrderBy.rawValue: .bool(true),
        SqlInfo.sqlSupportsOrderByUnrelated.rawValue: .bool(true),
        SqlInfo.sqlSupportsLikeEscapeClause.rawValue: .bool(true),
        SqlInfo.sqlSupportsNonNullableColumns.rawValue: .bool(true),
        SqlInfo.sqlSchemaTerm.rawValue: .string("database"),
        SqlInfo.sqlCatalogTerm.rawValue: .string(""),
        SqlInfo.sqlProcedureTerm.rawValue: .string(""),
        SqlInfo.sqlCatalogAtStart.rawValue: .bool(false),
        SqlInfo.sqlSelectForUpdateSupported.rawValue: .bool(false),
        SqlInfo.sqlStoredProceduresSupported.rawValue: .bool(false),
        SqlInfo.sqlCorrelatedSubqueriesSupported.rawValue: .bool(true),
        SqlInfo.sqlDefaultTransactionIsolation.rawValue: .int32(SqlTransactionIsolationLevel.serializable.rawValue),
        SqlInfo.sqlSupportedTransactionsIsolationLevels.rawValue: .int32(1 << SqlTransactionIsolationLevel.serializable.rawValue),
        SqlInfo.sqlDataDefinitionCausesTransactionCommit.rawValue: .bool(false),
        SqlInfo.sqlDataDefinitionsInTransactionsIgnored.rawValue: .bool(false),
        SqlInfo.sqlBatchUpdatesSupported.rawValue: .bool(true),
        SqlInfo.sqlNamedParametersSupported.rawValue: .bool(false),
        SqlInfo.sqlStoredFunctionsUsingCallSyntaxSupported.rawValue: .bool(false),
    ]

    /// A selection of SQLite's keywords that are not SQL:2003 keywords.
    static let keywords = [
        "ABORT", "ATTACH", "AUTOINCREMENT", "CONFLICT", "DATABASE", "DETACH", "EXCLUSIVE", "EXPLAIN", "FAIL",
        "GLOB", "IGNORE", "INDEXED", "INSTEAD", "ISNULL", "NOTNULL", "OFFSET", "PLAN", "PRAGMA", "QUERY",
        "RAISE", "REGEXP", "REINDEX", "RENAME", "REPLACE", "VACUUM", "VIRTUAL",
    ]

    static let typeInfo: [FlightSQLTypeInfo] = [
        FlightSQLTypeInfo(name: "INTEGER", dataType: XdbcDataType.bigint.rawValue, columnSize: 19, isUnsigned: false, autoIncrement: false, minimumScale: 0, maximumScale: 0, numericPrecisionRadix: 10),
        FlightSQLTypeInfo(name: "REAL", dataType: XdbcDataType.double.rawValue, columnSize: 15, isUnsigned: false, autoIncrement: false, numericPrecisionRadix: 2),
        FlightSQLTypeInfo(name: "TEXT", dataType: XdbcDataType.varchar.rawValue, literalPrefix: "'", literalSuffix: "'", caseSensitive: true),
        FlightSQLTypeInfo(name: "BLOB", dataType: XdbcDataType.varbinary.rawValue, literalPrefix: "X'", literalSuffix: "'"),
        FlightSQLTypeInfo(name: "BOOLEAN", dataType: XdbcDataType.bit.rawValue, columnSize: 1),
        FlightSQLTypeInfo(name: "DATE", dataType: XdbcDataType.date.rawValue, columnSize: 10, literalPrefix: "'", literalSuffix: "'"),
        FlightSQLTypeInfo(name: "TIMESTAMP", dataType: XdbcDataType.timestamp.rawValue, columnSize: 26, literalPrefix: "'", literalSuffix: "'"),
        FlightSQLTypeInfo(name: "DECIMAL", dataType: XdbcDataType.decimal.rawValue, columnSize: 76, createParameters: ["precision", "scale"], isUnsigned: false, minimumScale: 0, maximumScale: 76, numericPrecisionRadix: 10),
    ]
}
