import Arrow
import DBAPI
@testable import FlightSQL
import Foundation
import Testing

@Suite struct ServerCapabilitiesTests {
    typealias A = ArrowTestArrays

    /// A GetSqlInfo result: info ids and a dense union of (string, bool, int64, int32).
    func sqlInfo(_ entries: [(UInt32, ArrowValue)]) throws -> RecordBatch {
        var typeIDs: [Int8] = []
        var offsets: [Int32] = []
        var strings: [Data?] = []
        var bools: [Bool?] = []
        var bigints: [Int64] = []
        var ints: [Int32] = []
        for (_, value) in entries {
            switch value {
            case .string(let text): typeIDs.append(0); offsets.append(Int32(strings.count)); strings.append(Data(text.utf8))
            case .bool(let flag): typeIDs.append(1); offsets.append(Int32(bools.count)); bools.append(flag)
            case .int(let number) where Int32(exactly: number) == nil: typeIDs.append(2); offsets.append(Int32(bigints.count)); bigints.append(number)
            case .int(let number): typeIDs.append(3); offsets.append(Int32(ints.count)); ints.append(Int32(number))
            default: Issue.record("unsupported test value")
            }
        }
        let children = [
            try A.variable(.utf8, strings, name: "string_value"), try A.bools(bools, name: "bool_value"),
            try A.primitive(.int64, A.bytes(bigints), count: bigints.count, name: "bigint_value"),
            try A.primitive(.int32, A.bytes(ints), count: ints.count, name: "int32_bitmask"),
        ]
        let unionType = ArrowType.union(.dense, children: children.map(\.field), typeIDs: [0, 1, 2, 3])
        let union = try ArrowArray(
            field: Field(name: "value", type: unionType, isNullable: false), count: entries.count, nullCount: 0,
            buffers: [ArrowBuffer(A.bytes(typeIDs)), ArrowBuffer(A.bytes(offsets))], children: children)
        let ids = try A.primitive(.uint32, A.bytes(entries.map(\.0)), count: entries.count, name: "info_name")
        return try A.batch([ids, union])
    }

    @Test("transaction support, SQL support and the name are read from the dense union")
    func decode() throws {
        let batch = try sqlInfo([(0, .string("Test Server")), (4, .bool(true)), (8, .int(1)), (10_001, .int(1 << 40))])
        let capabilities = FlightSQLServerCapabilities(sqlInfoBatches: [batch])
        #expect(capabilities.serverName == "Test Server")
        #expect(capabilities.supportsSQL == true)
        #expect(capabilities.transactions == .transaction)
        #expect(capabilities.supportsTransactions)
        let savepoints = FlightSQLServerCapabilities(sqlInfoBatches: [try sqlInfo([(8, .int(2))])])
        #expect(savepoints.transactions == .savepoint)
        #expect(savepoints.supportsTransactions)
    }

    @Test("missing or odd values mean no transactions")
    func missing() throws {
        #expect(!FlightSQLServerCapabilities(sqlInfoBatches: []).supportsTransactions)
        #expect(!FlightSQLServerCapabilities(sqlInfoBatches: [try sqlInfo([(0, .string("x"))])]).supportsTransactions)
        #expect(!FlightSQLServerCapabilities(sqlInfoBatches: [try sqlInfo([(8, .string("yes"))])]).supportsTransactions)
        #expect(!FlightSQLServerCapabilities(sqlInfoBatches: [try sqlInfo([(8, .int(0))])]).supportsTransactions)
        #expect(FlightSQLServerCapabilities(sqlInfoBatches: [try sqlInfo([(8, .bool(true))])]).supportsTransactions)
        let oneColumn = try A.batch([try A.primitive(.uint32, A.bytes([UInt32(8)]), count: 1)])
        #expect(!FlightSQLServerCapabilities(sqlInfoBatches: [oneColumn]).supportsTransactions)
    }

    @Test("a replaced prepared-statement handle is followed; none or an empty one keeps the old")
    func updatedHandle() throws {
        let replaced = PutResult(appMetadata: DoPutPreparedStatementResult(preparedStatementHandle: Data([9, 9])).serializedProtobuf())
        #expect(try PreparedStatement.updatedHandle(in: [replaced]) == Data([9, 9]))
        #expect(try PreparedStatement.updatedHandle(in: []) == nil)
        #expect(try PreparedStatement.updatedHandle(in: [PutResult()]) == nil)
        let empty = PutResult(appMetadata: DoPutPreparedStatementResult(preparedStatementHandle: Data()).serializedProtobuf())
        #expect(try PreparedStatement.updatedHandle(in: [empty]) == nil)
        let garbage = PutResult(appMetadata: Data([0xFF, 0xFF, 0xFF]))
        let error = try #require(throws: DBAPIError.self) { try PreparedStatement.updatedHandle(in: [garbage]) }
        #expect(error.kind == .internalError)
    }
}
