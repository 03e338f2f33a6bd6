import Foundation

// Repeated scalar fields may arrive packed (one length-delimited run of values) or unpacked
// (one key per value), and a parser must accept both, even mixed within one message.
extension ProtobufReader {
    /// Appends one or more values of a repeated scalar field to `values`.
    ///
    /// - Parameters:
    ///   - elementWireType: the wire type of a single unpacked element (`.varint`, `.fixed32` or `.fixed64`).
    ///   - typeName: the field's declared type, for error messages.
    ///   - element: decodes one raw element (no key) from the reader it is given.
    public mutating func readRepeated<T>(
        into values: inout [T], elementWireType: ProtobufWireType, typeName: String,
        _ element: (inout ProtobufReader) throws -> T
    ) throws {
        if currentWireType == .lengthDelimited {
            try take(.lengthDelimited, as: "packed repeated \(typeName)")
            let range = try readLengthDelimitedRange()
            var packed = ProtobufReader(data: data, range: range, depth: depth, maxDepth: maxDepth)
            while packed.position < packed.endIndex {
                values.append(try element(&packed))
            }
            position = range.upperBound
        } else {
            try take(elementWireType, as: "repeated \(typeName)")
            values.append(try element(&self))
        }
    }

    /// Reads a `repeated uint32` field, packed or not.
    public mutating func readRepeatedUInt32(into values: inout [UInt32]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "uint32") {
            UInt32(truncatingIfNeeded: try $0.readRawVarint())
        }
    }

    /// Reads a `repeated int32` field, packed or not.
    public mutating func readRepeatedInt32(into values: inout [Int32]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "int32") {
            Int32(truncatingIfNeeded: try $0.readRawVarint())
        }
    }

    /// Reads a `repeated uint64` field, packed or not.
    public mutating func readRepeatedUInt64(into values: inout [UInt64]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "uint64") { try $0.readRawVarint() }
    }

    /// Reads a `repeated int64` field, packed or not.
    public mutating func readRepeatedInt64(into values: inout [Int64]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "int64") {
            Int64(bitPattern: try $0.readRawVarint())
        }
    }

    /// Reads a `repeated sint32` field, packed or not.
    public mutating func readRepeatedSInt32(into values: inout [Int32]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "sint32") {
            ProtobufZigZag.decode32(UInt32(truncatingIfNeeded: try $0.readRawVarint()))
        }
    }

    /// Reads a `repeated sint64` field, packed or not.
    public mutating func readRepeatedSInt64(into values: inout [Int64]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "sint64") {
            ProtobufZigZag.decode64(try $0.readRawVarint())
        }
    }

    /// Reads a `repeated bool` field, packed or not.
    public mutating func readRepeatedBool(into values: inout [Bool]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "bool") { try $0.readRawVarint() != 0 }
    }

    /// Reads a repeated enum field, packed or not, keeping unknown values.
    public mutating func readRepeatedEnum<E: ProtobufEnum>(into values: inout [E]) throws {
        try readRepeated(into: &values, elementWireType: .varint, typeName: "enum") {
            E(rawValue: Int32(truncatingIfNeeded: try $0.readRawVarint()))
        }
    }

    /// Reads a `repeated fixed32` field, packed or not.
    public mutating func readRepeatedFixed32(into values: inout [UInt32]) throws {
        try readRepeated(into: &values, elementWireType: .fixed32, typeName: "fixed32") { try $0.readRawFixed32() }
    }

    /// Reads a `repeated fixed64` field, packed or not.
    public mutating func readRepeatedFixed64(into values: inout [UInt64]) throws {
        try readRepeated(into: &values, elementWireType: .fixed64, typeName: "fixed64") { try $0.readRawFixed64() }
    }

    /// Reads a `repeated sfixed64` field, packed or not.
    public mutating func readRepeatedSFixed64(into values: inout [Int64]) throws {
        try readRepeated(into: &values, elementWireType: .fixed64, typeName: "sfixed64") {
            Int64(bitPattern: try $0.readRawFixed64())
        }
    }

    /// Reads a `repeated float` field, packed or not.
    public mutating func readRepeatedFloat(into values: inout [Float]) throws {
        try readRepeated(into: &values, elementWireType: .fixed32, typeName: "float") {
            Float(bitPattern: try $0.readRawFixed32())
        }
    }

    /// Reads a `repeated double` field, packed or not.
    public mutating func readRepeatedDouble(into values: inout [Double]) throws {
        try readRepeated(into: &values, elementWireType: .fixed64, typeName: "double") {
            Double(bitPattern: try $0.readRawFixed64())
        }
    }

    /// Reads one entry of a `map<K, V>` field (an embedded message with key = 1, value = 2).
    /// A missing key or value takes its default, as protobuf specifies.
    public mutating func readMapEntry<K, V>(
        defaultKey: K, defaultValue: V,
        key: (inout ProtobufReader) throws -> K, value: (inout ProtobufReader) throws -> V
    ) throws -> (key: K, value: V) {
        try readNested { entry in
            var k = defaultKey
            var v = defaultValue
            while let field = try entry.nextField() {
                switch field.number {
                case 1: k = try key(&entry)
                case 2: v = try value(&entry)
                default: break  // skipped by nextField()
                }
            }
            return (k, v)
        }
    }
}
