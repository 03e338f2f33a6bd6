import Arrow
import Foundation

/// Hand-built Arrow arrays for the driver's unit tests (independent of any array builder).
enum ArrowTestArrays {
    /// The little-endian bytes of fixed-width values.
    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data()
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A validity bitmap (bit set = valid).
    static func bitmap(_ valid: [Bool]) -> Data {
        var data = Data(count: (valid.count + 7) / 8)
        for (index, isValid) in valid.enumerated() where isValid { data[index / 8] |= 1 << (index % 8) }
        return data
    }

    /// A fixed-width column; `nulls` marks null slots.
    static func primitive(_ type: ArrowType, _ data: Data, count: Int, nulls: [Bool]? = nil, name: String = "c") throws -> ArrowArray {
        let validity = nulls.map { ArrowBuffer(bitmap($0.map { !$0 })) } ?? .empty
        return try ArrowArray(
            field: Field(name: name, type: type), count: count, nullCount: nulls?.filter { $0 }.count ?? 0,
            buffers: [validity, ArrowBuffer(data)])
    }

    /// A utf8 or binary column (nil = null).
    static func variable(_ type: ArrowType, _ values: [Data?], name: String = "c") throws -> ArrowArray {
        var offsets: [Int32] = [0]
        var body = Data()
        for value in values {
            body.append(value ?? Data())
            offsets.append(Int32(body.count))
        }
        let nulls = values.map { $0 == nil }
        return try ArrowArray(
            field: Field(name: name, type: type), count: values.count, nullCount: nulls.filter { $0 }.count,
            buffers: [ArrowBuffer(bitmap(nulls.map { !$0 })), ArrowBuffer(bytes(offsets)), ArrowBuffer(body)])
    }

    /// A bool column.
    static func bools(_ values: [Bool?], name: String = "c") throws -> ArrowArray {
        let nulls = values.map { $0 == nil }
        return try ArrowArray(
            field: Field(name: name, type: .bool), count: values.count, nullCount: nulls.filter { $0 }.count,
            buffers: [ArrowBuffer(bitmap(nulls.map { !$0 })), ArrowBuffer(bitmap(values.map { $0 ?? false }))])
    }

    /// A record batch of `columns`.
    static func batch(_ columns: [ArrowArray]) throws -> RecordBatch {
        try RecordBatch(schema: Schema(fields: columns.map(\.field)), rowCount: columns.first?.count ?? 0, columns: columns)
    }
}
