/// An error raised while decoding protobuf bytes.
///
/// Decoders never trap on malformed input: every problem becomes one of these, with a
/// ``Code`` a caller can switch on and a message that names the message type and field
/// (`"FlightInfo field 2: FlightDescriptor field 3: string is not valid UTF-8"`).
public struct ProtobufError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem was found. A struct rather than an enum so that codes can be
    /// added without breaking callers that switch over them.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The code's stable name.
        public var rawValue: String
        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The input ended in the middle of a tag, varint, fixed-width value or length-delimited field.
        public static let truncated = Code(rawValue: "truncated")
        /// The bytes are not valid protobuf: a varint longer than 10 bytes, field number 0,
        /// wire type 6 or 7, an unbalanced group.
        public static let malformed = Code(rawValue: "malformed")
        /// A known field arrived with a wire type its declared type cannot have.
        public static let wireTypeMismatch = Code(rawValue: "wireTypeMismatch")
        /// A `string` field holds bytes that are not UTF-8.
        public static let invalidUTF8 = Code(rawValue: "invalidUTF8")
        /// A decoding limit (nesting depth) was exceeded.
        public static let limitExceeded = Code(rawValue: "limitExceeded")
        /// A `google.protobuf.Any` holds a different message type than the one asked for.
        public static let typeMismatch = Code(rawValue: "typeMismatch")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// What kind of problem was found.
    public var code: Code
    /// A human-readable explanation, prefixed with the message types and fields being
    /// decoded when the problem was found (outermost first).
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `"<code>: <message>"`.
    public var description: String { "protobuf \(code): \(message)" }

    /// The same error, with `context` (such as `"FlightInfo field 2"`) in front of its message.
    /// Applied once per enclosing message so that the message reads as a path.
    public func adding(context: String) -> ProtobufError {
        ProtobufError(code, "\(context): \(message)")
    }
}
