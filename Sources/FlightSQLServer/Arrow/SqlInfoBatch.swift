import Arrow
import Foundation

/// Builds the `GetSqlInfo` result. The value column is a dense union assembled member by
/// member, because each value must land in the member its SqlInfo id specifies (an int32
/// enum in `int32_bitmask`, never in `bigint_value`), which a builder choosing the first
/// member that accepts a value cannot guarantee.
enum SqlInfoBatch {
    static func make(_ values: [(id: UInt32, value: FlightSQLInfoValue)]) throws -> RecordBatch {
        var names = try ArrowArrayBuilder(field: MetadataSchemas.sqlInfo.fields[0])
        var members = try MetadataSchemas.sqlInfoMembers.map { field throws(ArrowError) in try ArrowArrayBuilder(field: field) }
        var typeIDs = Data(capacity: values.count)
        var offsets = Data(capacity: values.count * 4)
        for (id, value) in values {
            try names.append(.uint(UInt64(id)))
            let (member, arrowValue) = member(of: value)
            typeIDs.append(UInt8(member))
            withUnsafeBytes(of: Int32(members[member].count).littleEndian) { offsets.append(contentsOf: $0) }
            try members[member].append(arrowValue)
        }
        var children: [ArrowArray] = []
        for index in members.indices { children.append(try members[index].finish()) }
        let union = try ArrowArray(
            field: MetadataSchemas.sqlInfo.fields[1], count: values.count, nullCount: 0,
            buffers: [ArrowBuffer(typeIDs), ArrowBuffer(offsets)], children: children)
        return try RecordBatch(
            schema: MetadataSchemas.sqlInfo, rowCount: values.count, columns: [try names.finish(), union])
    }

    /// The union member (= type id) and the Arrow value of a SqlInfo value.
    static func member(of value: FlightSQLInfoValue) -> (Int, ArrowValue) {
        switch value {
        case .string(let s): (0, .string(s))
        case .bool(let b): (1, .bool(b))
        case .bigint(let i): (2, .int(i))
        case .int32(let i): (3, .int(Int64(i)))
        case .stringList(let list): (4, .list(list.map { .string($0) }))
        case .int32ToInt32List(let map):
            (5, .map(map.keys.sorted().map { key in
                ArrowValue.MapEntry(key: .int(Int64(key)), value: .list((map[key] ?? []).map { .int(Int64($0)) }))
            }))
        }
    }
}
