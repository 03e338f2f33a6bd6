import Arrow
import Foundation

/// Builders for Arrow IPC messages in tests (FlatBuffer headers plus 8-byte aligned bodies).
enum TestMessages {
    /// A `Field` table: `typeTag` is the `Type` union tag of Schema.fbs.
    static func field(
        _ name: String, typeTag: UInt8, type: [Int: TestFB] = [:], nullable: Bool = true,
        children: [[Int: TestFB]] = [], dictionary: [Int: TestFB]? = nil
    ) -> [Int: TestFB] {
        var table: [Int: TestFB] = [0: .string(name), 1: .bool(nullable), 2: .uint8(typeTag), 3: .table(type)]
        if !children.isEmpty { table[5] = .tables(children) }
        if let dictionary { table[4] = .table(dictionary) }
        return table
    }

    static func intType(_ bits: Int32, signed: Bool = true) -> [Int: TestFB] {
        [0: .int32(bits), 1: .bool(signed)]
    }

    static func message(tag: UInt8, header: [Int: TestFB], bodyLength: Int, metadata: [KeyValue] = []) -> Data {
        var table: [Int: TestFB] = [0: .int16(4), 1: .uint8(tag), 2: .table(header), 3: .int64(Int64(bodyLength))]
        if !metadata.isEmpty {
            table[4] = .tables(metadata.map { [0: .string($0.key), 1: .string($0.value)] })
        }
        return TestFB.buffer(table)
    }

    static func schema(_ fields: [[Int: TestFB]], bigEndian: Bool = false) -> Data {
        message(tag: 1, header: [0: .int16(bigEndian ? 1 : 0), 1: .tables(fields)], bodyLength: 0)
    }

    /// A body laid out from `buffers`, with the `Buffer` structs describing it.
    struct Body {
        var data = Data()
        var specs: [[UInt8]] = []

        init(_ buffers: [Data]) {
            for buffer in buffers {
                specs.append(TestFB.le(Int64(data.count)) + TestFB.le(Int64(buffer.count)))
                data += buffer
                data += Data(repeating: 0, count: (8 - data.count % 8) % 8)
            }
        }
    }

    static func recordBatchTable(
        length: Int, nodes: [(Int, Int)], body: Body, codec: Int8? = nil, variadic: [Int64]? = nil
    ) -> [Int: TestFB] {
        var table: [Int: TestFB] = [
            0: .int64(Int64(length)),
            1: .structs(nodes.map { TestFB.le(Int64($0.0)) + TestFB.le(Int64($0.1)) }),
            2: .structs(body.specs),
        ]
        if let codec { table[3] = .table([0: .int8(codec)]) }
        if let variadic { table[4] = .int64s(variadic) }
        return table
    }

    static func recordBatch(
        length: Int, nodes: [(Int, Int)], body: Body, codec: Int8? = nil, metadata: [KeyValue] = []
    ) -> Data {
        message(
            tag: 3, header: recordBatchTable(length: length, nodes: nodes, body: body, codec: codec),
            bodyLength: body.data.count, metadata: metadata)
    }

    static func dictionaryBatch(id: Int64, isDelta: Bool, length: Int, nodes: [(Int, Int)], body: Body) -> Data {
        message(
            tag: 2,
            header: [0: .int64(id), 1: .table(recordBatchTable(length: length, nodes: nodes, body: body)), 2: .bool(isDelta)],
            bodyLength: body.data.count)
    }

    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        Data(values.flatMap { TestFB.le($0) })
    }

    static func bitmap(_ bits: [Bool]) -> Data {
        var bytes = [UInt8](repeating: 0, count: (bits.count + 7) / 8)
        for (index, bit) in bits.enumerated() where bit { bytes[index / 8] |= 1 << UInt8(index % 8) }
        return Data(bytes)
    }

    /// Utf8 buffers (offsets, data) for `strings`.
    static func utf8(_ strings: [String]) -> (offsets: Data, data: Data) {
        var offsets: [Int32] = [0]
        var data = Data()
        for string in strings {
            data += Data(string.utf8)
            offsets.append(Int32(data.count))
        }
        return (bytes(offsets), data)
    }

    /// An encapsulated stream message (continuation marker unless `legacy`).
    static func framed(_ header: Data, body: Data, legacy: Bool = false) -> Data {
        var padded = header
        padded += Data(repeating: 0, count: (8 - (padded.count + (legacy ? 4 : 8)) % 8) % 8)
        var out = Data()
        if !legacy { out += TestFB.le(UInt32(0xFFFF_FFFF)) }
        out += TestFB.le(Int32(padded.count))
        out += padded
        out += body
        return out
    }
}
