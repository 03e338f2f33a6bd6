@testable import Arrow
import Testing

@Suite struct UnionMemberTests {
    /// union<a: int64, b: int64> with type ids 3 and 7: a=1, b=2, null, b=4.
    func twoInt64Members(_ mode: UnionMode) throws -> ArrowArray {
        var builder = try ArrowArrayBuilder(type: .union(
            mode, children: [Field(name: "a", type: .int64), Field(name: "b", type: .int64)], typeIDs: [3, 7]), name: "u")
        try builder.append(.int(1), unionTypeCode: 3)
        try builder.append(.int(2), unionTypeCode: 7)
        builder.appendNull()
        try builder.append(.int(4), unionTypeCode: 7)
        return try builder.finish()
    }

    @Test("append(_:unionTypeCode:) picks the member; unionMember(at:) tells which member a slot is in", arguments: [UnionMode.dense, .sparse])
    func members(mode: UnionMode) throws {
        let array = try twoInt64Members(mode)
        #expect(array.values == [.int(1), .int(2), .null, .int(4)], "value(at:) gives the member's value only")
        #expect((0..<4).map { array.unionTypeCode(at: $0) } == [3, 7, 3, 7], "a null goes to the first member")
        let member = try #require(array.unionMember(at: 3))
        #expect(member.typeCode == 7)
        #expect(member.array.field.name == "b")
        #expect(member.array.value(at: member.index) == .int(4))
        #expect(try #require(array.unionMember(at: 2)).array.isNull(try #require(array.unionMember(at: 2)).index))
        #expect(array.unionMember(at: 4) == nil)
        #expect(array.unionMember(at: -1) == nil)
        #expect(array.children.map(\.count) == (mode == .dense ? [2, 2] : [4, 4]))
    }

    @Test("unionMember(at:) is nil for non-union arrays; a bad type code or non-union column is a typeMismatch")
    func misuse() throws {
        var plain = try ArrowArrayBuilder(type: .int64)
        try plain.append(.int(1))
        #expect(throws: ArrowError.self) { try plain.append(.int(2), unionTypeCode: 0) }
        let array = try plain.finish()
        #expect(array.unionTypeCode(at: 0) == nil)

        var union = try ArrowArrayBuilder(type: .union(
            .dense, children: [Field(name: "a", type: .int64), Field(name: "s", type: .utf8)], typeIDs: [0, 1]))
        #expect(throws: ArrowError.self) { try union.append(.int(1), unionTypeCode: 5) }
        #expect(throws: ArrowError.self) { try union.append(.int(1), unionTypeCode: 1) }
        #expect(union.count == 0, "a refused value leaves the builder unchanged")
        try union.append(.string("x"), unionTypeCode: 1)
        #expect(try union.finish().unionTypeCode(at: 0) == 1)
    }
}
