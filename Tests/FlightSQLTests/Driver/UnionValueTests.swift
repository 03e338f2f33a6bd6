import Arrow
import DBAPI
@testable import FlightSQL
import Foundation
import Testing

@Suite struct UnionValueTests {
    static func unionType(_ mode: UnionMode) -> ArrowType {
        .union(mode, children: [Field(name: "a", type: .int64), Field(name: "b", type: .int64)], typeIDs: [3, 7])
    }

    /// A batch of one union<a: int64, b: int64> column (type ids 3, 7): a=1, b=2, null, b=-4.
    func batch(_ mode: UnionMode) throws -> ArrowRowBatch {
        var builder = try ArrowArrayBuilder(type: Self.unionType(mode), name: "u")
        try builder.append(.int(1), unionTypeCode: 3)
        try builder.append(.int(2), unionTypeCode: 7)
        builder.appendNull()
        try builder.append(.int(-4), unionTypeCode: 7)
        return ArrowRowBatch(try ArrowTestArrays.batch([try builder.finish()]))
    }

    func rows(_ batch: ArrowRowBatch) -> [Row] {
        (0..<batch.rowCount).map { Row(batch: batch, rowIndex: $0) }
    }

    @Test("a union cell reads as .union with its type code; a null slot as .null", arguments: [UnionMode.dense, .sparse])
    func values(mode: UnionMode) throws {
        let batch = try batch(mode)
        #expect((0..<4).map { batch.value(row: $0, column: 0) } == [
            .union(typeCode: 3, .int(1)), .union(typeCode: 7, .int(2)), .null, .union(typeCode: 7, .int(-4)),
        ])
        #expect(Value(batch.recordBatch.columns[0], at: 1) == .union(typeCode: 7, .int(2)))
        #expect(batch.isNull(row: 2, column: 0))
        #expect(!batch.isNull(row: 1, column: 0))
        #expect(batch.value(row: 1, column: 0).description == "2", "described as the member's value")
    }

    @Test("typed reads, Optional and Decodable see through a union", arguments: [UnionMode.dense, .sparse])
    func decoding(mode: UnionMode) throws {
        struct Record: Decodable, Equatable { let u: Int64? }
        let rows = rows(try batch(mode))
        #expect(try rows[0].decode(Int64.self, at: 0) == 1)
        #expect(try rows[3].decode(Int32.self, at: 0) == -4)
        #expect(try rows[1].decode(Double.self, at: 0) == 2)
        #expect(try rows.map { try $0.decode(Int64?.self, at: 0) } == [1, 2, nil, -4])
        #expect(try rows.map { try $0.decode(as: Record.self) } == [Record(u: 1), Record(u: 2), Record(u: nil), Record(u: -4)])
        #expect(throws: DBAPIError.self) { try rows[2].decode(Int64.self, at: 0) }
        #expect(throws: DBAPIError.self) { try rows[0].decode(String.self, at: 0) }
        #expect(try rows[1].decode(Value.self, at: 0) == .union(typeCode: 7, .int(2)))
    }

    @Test("a non-union column still reads as before")
    func plainColumns() throws {
        let ids = try ArrowTestArrays.primitive(.int64, ArrowTestArrays.bytes([Int64(5)]), count: 1)
        #expect(Value(ids, at: 0) == .int(5))
        #expect(Value(ids, at: 1) == .null)
    }

    @Test("a .union parameter binds as its member, or into the member of its type code for a union parameter type")
    func parameters() throws {
        #expect(try ParameterTypeInference.type(of: [.union(typeCode: 7, .int(2)), 3], position: 1) == .int64)
        let inferred = try ParameterEncoding.recordBatch(for: [[.union(typeCode: 7, .int(2))], [nil]], schema: nil)
        #expect(inferred.columns[0].values == [.int(2), .null])

        let schema = Schema(fields: [Field(name: "p", type: Self.unionType(.dense))])
        let batch = try ParameterEncoding.recordBatch(
            for: [[.union(typeCode: 7, .int(2))], [.union(typeCode: 3, .int(1))], [5], [nil]], schema: schema)
        let column = batch.columns[0]
        #expect(column.values == [.int(2), .int(1), .int(5), .null])
        #expect((0..<4).map { column.unionTypeCode(at: $0) } == [7, 3, 3, 3], "a plain value goes to the first member that takes it")
        #expect((0..<4).map { Value(column, at: $0) } == [.union(typeCode: 7, .int(2)), .union(typeCode: 3, .int(1)), .union(typeCode: 3, .int(5)), .null])

        let unknownCode = try ParameterEncoding.recordBatch(for: [[.union(typeCode: 9, .int(2))]], schema: schema)
        #expect(unknownCode.columns[0].unionTypeCode(at: 0) == 3, "a type code the union lacks binds the member value as before")
        let typed = Schema(fields: [Field(name: "p", type: .int32)])
        #expect(try ParameterEncoding.recordBatch(for: [[.union(typeCode: 0, .int(8))]], schema: typed).columns[0].values == [.int(8)])
    }
}
