import DBAPI
import SQLiteDBAPI
import Testing

@Suite struct ColumnTypeMappingTests {
    @Test("declared types map to column types", arguments: [
        ("INTEGER", SQLiteColumnType.integer), ("int", .integer), ("BIGINT", .integer),
        ("UNSIGNED BIG INT", .integer), ("tinyint(1)", .integer), ("INT8", .integer),
        ("REAL", .real), ("DOUBLE", .real), ("double precision", .real), ("FLOAT", .real),
        ("TEXT", .text), ("VARCHAR(255)", .text), ("NVARCHAR(10)", .text), ("CHARACTER(20)", .text),
        ("CLOB", .text), ("BLOB", .blob), ("BOOLEAN", .boolean), ("bool", .boolean),
        ("DATE", .date), ("DATETIME", .timestamp), ("TIMESTAMP", .timestamp),
        ("timestamp without time zone", .timestamp),
        ("DECIMAL(10,2)", .decimal(precision: 10, scale: 2)), ("numeric( 38 , 0 )", .decimal(precision: 38, scale: 0)),
        ("DECIMAL(5)", .decimal(precision: 5, scale: 0)), ("DECIMAL", .numeric), ("NUMERIC", .numeric),
        ("DECIMAL(2,5)", .numeric), ("DECIMAL(x)", .numeric),
        ("JSON", .unknown), ("MONEY", .unknown), ("", .unknown), ("   ", .unknown),
    ])
    func mapping(declared: String, expected: SQLiteColumnType) {
        #expect(SQLiteColumnType.from(declaredType: declared) == expected)
    }

    @Test("no declared type is unknown")
    func noDeclaredType() {
        #expect(SQLiteColumnType.from(declaredType: nil) == .unknown)
    }

    @Test("type codes and Arrow names")
    func typeCodes() {
        #expect(SQLiteColumnType.integer.typeCode == .NUMBER)
        #expect(SQLiteColumnType.real.typeCode == .float)
        #expect(SQLiteColumnType.decimal(precision: 10, scale: 2).typeCode == .NUMBER)
        #expect(SQLiteColumnType.text.typeCode == .STRING)
        #expect(SQLiteColumnType.blob.typeCode == .BINARY)
        #expect(SQLiteColumnType.date.typeCode == .DATETIME)
        #expect(SQLiteColumnType.timestamp.typeCode == .DATETIME)
        #expect(SQLiteColumnType.boolean.typeCode == .boolean)
        #expect(SQLiteColumnType.timestamp.description == "timestamp[us]")
        #expect(SQLiteColumnType.decimal(precision: 10, scale: 2).description == "decimal(10, 2)")
    }
}
