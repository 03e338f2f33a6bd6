import Foundation
import Protobuf
import TestSupport

/// A message using every scalar type, for codec tests (field numbers are arbitrary).
struct Scalars: ProtobufNamedMessage, Hashable {
    static let protobufTypeName = "test.Scalars"

    var int32: Int32 = 0  // 1
    var int64: Int64 = 0  // 2
    var uint32: UInt32 = 0  // 3
    var uint64: UInt64 = 0  // 4
    var sint32: Int32 = 0  // 5
    var sint64: Int64 = 0  // 6
    var bool = false  // 7
    var fixed32: UInt32 = 0  // 8
    var fixed64: UInt64 = 0  // 9
    var sfixed32: Int32 = 0  // 10
    var sfixed64: Int64 = 0  // 11
    var float: Float = 0  // 12
    var double: Double = 0  // 13
    var string = ""  // 14
    var bytes = Data()  // 15
    var optionalString: String? = nil  // 16
    var optionalInt32: Int32? = nil  // 17
    var repeatedUInt32: [UInt32] = []  // 18
    var repeatedDouble: [Double] = []  // 19
    var child: Child? = nil  // 20
    var children: [Child] = []  // 21

    func encode(to writer: inout ProtobufWriter) {
        writer.writeInt32(int32, field: 1)
        writer.writeInt64(int64, field: 2)
        writer.writeUInt32(uint32, field: 3)
        writer.writeUInt64(uint64, field: 4)
        writer.writeSInt32(sint32, field: 5)
        writer.writeSInt64(sint64, field: 6)
        writer.writeBool(bool, field: 7)
        writer.writeFixed32(fixed32, field: 8)
        writer.writeFixed64(fixed64, field: 9)
        writer.writeSFixed32(sfixed32, field: 10)
        writer.writeSFixed64(sfixed64, field: 11)
        writer.writeFloat(float, field: 12)
        writer.writeDouble(double, field: 13)
        writer.writeString(string, field: 14)
        writer.writeBytes(bytes, field: 15)
        writer.writeString(optionalString, field: 16)
        writer.writeInt32(optionalInt32, field: 17)
        writer.writePackedUInt32(repeatedUInt32, field: 18)
        writer.writePackedDouble(repeatedDouble, field: 19)
        writer.writeMessage(child, field: 20)
        writer.writeRepeatedMessages(children, field: 21)
    }

    mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: int32 = try reader.readInt32()
        case 2: int64 = try reader.readInt64()
        case 3: uint32 = try reader.readUInt32()
        case 4: uint64 = try reader.readUInt64()
        case 5: sint32 = try reader.readSInt32()
        case 6: sint64 = try reader.readSInt64()
        case 7: bool = try reader.readBool()
        case 8: fixed32 = try reader.readFixed32()
        case 9: fixed64 = try reader.readFixed64()
        case 10: sfixed32 = try reader.readSFixed32()
        case 11: sfixed64 = try reader.readSFixed64()
        case 12: float = try reader.readFloat()
        case 13: double = try reader.readDouble()
        case 14: string = try reader.readString()
        case 15: bytes = try reader.readBytes()
        case 16: optionalString = try reader.readString()
        case 17: optionalInt32 = try reader.readInt32()
        case 18: try reader.readRepeatedUInt32(into: &repeatedUInt32)
        case 19: try reader.readRepeatedDouble(into: &repeatedDouble)
        case 20: try reader.mergeMessage(into: &child)
        case 21: children.append(try reader.readMessage())
        default: break
        }
    }
}

/// A small embedded message: `a` is int32 field 1, `b` is string field 2, `tags` repeated string 3.
struct Child: ProtobufNamedMessage, Hashable {
    static let protobufTypeName = "test.Child"

    var a: Int32 = 0
    var b = ""
    var tags: [String] = []

    func encode(to writer: inout ProtobufWriter) {
        writer.writeInt32(a, field: 1)
        writer.writeString(b, field: 2)
        writer.writeRepeatedStrings(tags, field: 3)
    }

    mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: a = try reader.readInt32()
        case 2: b = try reader.readString()
        case 3: tags.append(try reader.readString())
        default: break
        }
    }
}

/// A recursive message (field 1 holds children) for nesting-limit tests.
struct Node: ProtobufMessage, Hashable {
    var children: [Node] = []

    func encode(to writer: inout ProtobufWriter) {
        writer.writeRepeatedMessages(children, field: 1)
    }

    mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        if number == 1 { children.append(try reader.readMessage()) }
    }

    /// A chain of `depth` nested nodes below this one.
    static func chain(depth: Int) -> Node {
        var node = Node()
        for _ in 0..<depth { node = Node(children: [node]) }
        return node
    }
}

/// Asserts-friendly: the code of the ProtobufError thrown by `body`, or nil if none/another error.
func protobufErrorCode(_ body: () throws -> Void) -> ProtobufError.Code? {
    do {
        try body()
        return nil
    } catch let error as ProtobufError {
        return error.code
    } catch {
        return nil
    }
}
