import Foundation

/// A minimal FlatBuffers writer for tests: tables are laid out front to back, each vtable
/// just before its table and every referenced object after the reference, so all offsets
/// point forward as the format requires. Alignment is ignored (the reader loads unaligned).
indirect enum TestFB: Sendable {
    case int8(Int8), int16(Int16), int32(Int32), int64(Int64), uint8(UInt8)
    case bool(Bool)
    case table([Int: TestFB])
    case string(String)
    case tables([[Int: TestFB]])
    /// A vector of inline structs: raw little-endian bytes per element.
    case structs([[UInt8]])
    case int64s([Int64])
    case int32s([Int32])

    /// The serialized buffer with `root` as its root table.
    static func buffer(_ root: [Int: TestFB]) -> Data {
        var bytes = [UInt8](repeating: 0, count: 4)
        let position = write(table: root, into: &bytes)
        patch(&bytes, at: 0, UInt32(position))
        return Data(bytes)
    }

    static func le<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    static func patch(_ bytes: inout [UInt8], at position: Int, _ value: UInt32) {
        bytes.replaceSubrange(position..<(position + 4), with: le(value))
    }

    /// Writes a table (vtable first) and its referenced objects; returns the table position.
    static func write(table fields: [Int: TestFB], into bytes: inout [UInt8]) -> Int {
        let maxID = fields.keys.max() ?? -1
        // Inline layout: 4-byte soffset, then each field's inline bytes in id order.
        var inlineOffsets: [Int: Int] = [:]
        var inline: [UInt8] = []
        var size = 4
        for id in fields.keys.sorted() {
            inlineOffsets[id] = size
            let width = fields[id]!.inlineWidth
            size += width
            inline += [UInt8](repeating: 0, count: width)
        }
        let vtable = bytes.count
        bytes += le(UInt16(4 + 2 * (maxID + 1)))
        bytes += le(UInt16(size))
        for id in 0...max(maxID, 0) where maxID >= 0 {
            bytes += le(UInt16(inlineOffsets[id] ?? 0))
        }
        let table = bytes.count
        bytes += le(Int32(table - vtable))
        bytes += inline
        for id in fields.keys.sorted() {
            let at = table + inlineOffsets[id]!
            switch fields[id]! {
            case .int8(let value): bytes.replaceSubrange(at..<(at + 1), with: le(value))
            case .uint8(let value): bytes[at] = value
            case .bool(let value): bytes[at] = value ? 1 : 0
            case .int16(let value): bytes.replaceSubrange(at..<(at + 2), with: le(value))
            case .int32(let value): bytes.replaceSubrange(at..<(at + 4), with: le(value))
            case .int64(let value): bytes.replaceSubrange(at..<(at + 8), with: le(value))
            case .table(let child):
                let target = write(table: child, into: &bytes)
                patch(&bytes, at: at, UInt32(target - at))
            case .string(let text):
                let target = bytes.count
                bytes += le(UInt32(text.utf8.count)) + Array(text.utf8) + [0]
                patch(&bytes, at: at, UInt32(target - at))
            case .structs(let elements):
                let target = bytes.count
                bytes += le(UInt32(elements.count))
                for element in elements { bytes += element }
                patch(&bytes, at: at, UInt32(target - at))
            case .int64s(let values):
                let target = bytes.count
                bytes += le(UInt32(values.count))
                for value in values { bytes += le(value) }
                patch(&bytes, at: at, UInt32(target - at))
            case .int32s(let values):
                let target = bytes.count
                bytes += le(UInt32(values.count))
                for value in values { bytes += le(value) }
                patch(&bytes, at: at, UInt32(target - at))
            case .tables(let elements):
                let target = bytes.count
                bytes += le(UInt32(elements.count))
                let slots = bytes.count
                bytes += [UInt8](repeating: 0, count: 4 * elements.count)
                for (index, element) in elements.enumerated() {
                    let child = write(table: element, into: &bytes)
                    patch(&bytes, at: slots + 4 * index, UInt32(child - (slots + 4 * index)))
                }
                patch(&bytes, at: at, UInt32(target - at))
            }
        }
        return table
    }

    var inlineWidth: Int {
        switch self {
        case .int8, .uint8, .bool: 1
        case .int16: 2
        case .int64: 8
        default: 4
        }
    }
}
