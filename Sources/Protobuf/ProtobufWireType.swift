/// How a field's value is laid out on the wire; the low three bits of every field key.
public enum ProtobufWireType: UInt8, Hashable, Sendable, CaseIterable {
    /// A base-128 varint: int32, int64, uint32, uint64, sint32, sint64, bool, enum.
    case varint = 0
    /// Eight little-endian bytes: fixed64, sfixed64, double.
    case fixed64 = 1
    /// A varint length followed by that many bytes: string, bytes, messages, packed repeated fields.
    case lengthDelimited = 2
    /// The start of a (deprecated, proto2) group; only ever skipped here.
    case startGroup = 3
    /// The end of a group.
    case endGroup = 4
    /// Four little-endian bytes: fixed32, sfixed32, float.
    case fixed32 = 5

    /// A readable name for error messages.
    var name: String {
        switch self {
        case .varint: "varint"
        case .fixed64: "fixed64"
        case .lengthDelimited: "length-delimited"
        case .startGroup: "start-group"
        case .endGroup: "end-group"
        case .fixed32: "fixed32"
        }
    }
}

/// A protobuf enum as a Swift type that keeps every raw value, known or not.
///
/// Proto3 enums are open: a peer built against a newer `.proto` may send values this code
/// has never heard of, and they must survive decoding (and re-encoding) instead of failing.
/// Conforming types are structs with a `rawValue` and static constants for the known values.
public protocol ProtobufEnum: RawRepresentable, Hashable, Sendable where RawValue == Int32 {
    /// Wraps any raw value; never fails.
    init(rawValue: Int32)
}

extension ProtobufEnum {
    /// The zero value, which is the proto3 default of every enum field.
    public static var protobufDefault: Self { Self(rawValue: 0) }
}
