import Foundation

/// `google.protobuf.Timestamp`: a point in time as seconds and nanoseconds since the Unix epoch (UTC).
public struct ProtobufTimestamp: ProtobufNamedMessage, Hashable, Comparable {
    /// `"google.protobuf.Timestamp"`.
    public static let protobufTypeName = "google.protobuf.Timestamp"

    /// Whole seconds since 1970-01-01T00:00:00Z, field 1 (negative before the epoch).
    public var seconds: Int64
    /// Nanoseconds after `seconds`, field 2; in `0..<1_000_000_000` for a valid timestamp
    /// (kept as received otherwise, so that decoding never fails on it).
    public var nanos: Int32

    /// The epoch.
    public init() {
        seconds = 0
        nanos = 0
    }

    /// Creates a timestamp from its two fields.
    public init(seconds: Int64, nanos: Int32 = 0) {
        self.seconds = seconds
        self.nanos = nanos
    }

    /// The timestamp nearest to `date`, with `nanos` normalized to be non-negative
    /// (a date before the epoch has negative seconds and positive nanos, as the spec requires).
    /// A `Date` of infinite or NaN interval (which `Date` allows) becomes the latest or
    /// earliest timestamp, or the epoch for NaN, instead of trapping in the conversion.
    public init(date: Date) {
        let interval = date.timeIntervalSince1970
        guard interval.isFinite else {
            self.seconds = interval.isNaN ? 0 : (interval > 0 ? .max : .min)
            self.nanos = 0
            return
        }
        var whole = interval.rounded(.down)
        var nanos = ((interval - whole) * 1e9).rounded()
        if nanos >= 1e9 {
            whole += 1
            nanos -= 1e9
        }
        // Clamp instead of trapping on dates too far away for Int64 seconds.
        self.seconds = whole >= 9.2e18 ? .max : (whole <= -9.2e18 ? .min : Int64(whole))
        self.nanos = Int32(nanos)
    }

    /// The timestamp as a `Date` (sub-microsecond precision may be lost to `Double`).
    public var date: Date {
        Date(timeIntervalSince1970: Double(seconds) + Double(nanos) / 1e9)
    }

    /// Orders by `seconds`, then `nanos`.
    public static func < (lhs: ProtobufTimestamp, rhs: ProtobufTimestamp) -> Bool {
        (lhs.seconds, lhs.nanos) < (rhs.seconds, rhs.nanos)
    }

    /// Decodes `seconds` (1) and `nanos` (2).
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {
        switch number {
        case 1: seconds = try reader.readInt64()
        case 2: nanos = try reader.readInt32()
        default: break
        }
    }

    /// Encodes `seconds` (1) and `nanos` (2).
    public func encode(to writer: inout ProtobufWriter) {
        writer.writeInt64(seconds, field: 1)
        writer.writeInt32(nanos, field: 2)
    }
}

/// `google.protobuf.Empty`: a message with no fields.
public struct ProtobufEmpty: ProtobufNamedMessage, Hashable {
    /// `"google.protobuf.Empty"`.
    public static let protobufTypeName = "google.protobuf.Empty"

    /// Creates the (only) empty message.
    public init() {}

    /// Has no fields; everything is skipped.
    public mutating func decodeField(number: Int, wireType: ProtobufWireType, from reader: inout ProtobufReader) throws {}

    /// Writes nothing.
    public func encode(to writer: inout ProtobufWriter) {}
}
