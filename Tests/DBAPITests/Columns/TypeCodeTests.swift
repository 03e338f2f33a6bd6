import DBAPI
import Testing

@Suite struct TypeCodeTests {
    @Test("type objects compare equal to the codes of their group")
    func groups() {
        #expect(TypeCode.integer == DBAPITypeObject.NUMBER)
        #expect(DBAPITypeObject.NUMBER == TypeCode.decimal)
        #expect(TypeCode.float == .NUMBER)
        #expect(TypeCode.string == .STRING)
        #expect(TypeCode.binary == .BINARY)
        #expect(TypeCode.timestamp == .DATETIME)
        #expect(TypeCode.date == .DATETIME)
        #expect(TypeCode.rowID == .ROWID)
        #expect(TypeCode.string != .NUMBER)
        #expect(DBAPITypeObject.BINARY != TypeCode.string)
        #expect(TypeCode.boolean != .NUMBER)
        #expect(TypeCode.list != .STRING)
    }

    @Test("a type object works as a switch pattern")
    func switchPattern() {
        func group(_ code: TypeCode) -> String {
            switch code {
            case DBAPITypeObject.NUMBER: "number"
            case DBAPITypeObject.STRING: "string"
            default: "other"
            }
        }
        #expect(group(.unsignedInteger) == "number")
        #expect(group(.string) == "string")
        #expect(group(.map) == "other")
    }

    @Test("driver-defined codes join a group")
    func customCode() {
        let varchar = TypeCode(name: "VARCHAR", group: .STRING)
        #expect(varchar == .STRING)
        #expect(varchar != TypeCode.string)
        #expect(varchar.description == "VARCHAR")
    }

    @Test("column descriptions carry the seven PEP 249 items and the native type")
    func columnDescription() {
        let column = ColumnDescription(
            name: "amount", typeCode: .decimal, displaySize: 40, internalSize: 32, precision: 38, scale: 2,
            nullOK: false, nativeType: "decimal128(38, 2)", driverInfo: "payload")
        #expect(column.precision == 38)
        #expect(column.scale == 2)
        #expect(column.nullOK == false)
        #expect(column.typeCode == .NUMBER)
        #expect(column.description == "amount: decimal128(38, 2) (decimal, not null)")
        var other = column
        other.driverInfo = 42
        #expect(other == column, "driverInfo is not part of equality")
        other.scale = 3
        #expect(other != column)
    }
}
