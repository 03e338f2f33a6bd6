/// An error reading or validating Arrow data. Malformed input always surfaces as this error,
/// never as a trap.
public struct ArrowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. Extensible: new codes can be added without breaking callers
    /// that switch over the ones they know.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        /// The code's name.
        public var rawValue: String

        /// Creates a code from its name.
        public init(rawValue: String) { self.rawValue = rawValue }

        /// The input ended before a structure it declares.
        public static let truncated = Code(rawValue: "truncated")
        /// A FlatBuffer (message header, schema, footer) is malformed.
        public static let invalidFlatbuffer = Code(rawValue: "invalidFlatbuffer")
        /// An IPC stream, file or message is malformed.
        public static let invalidIPC = Code(rawValue: "invalidIPC")
        /// Array buffers or children are inconsistent with the declared type and length.
        public static let invalidArray = Code(rawValue: "invalidArray")
        /// The input uses a feature this implementation does not support.
        public static let unsupported = Code(rawValue: "unsupported")
        /// A compressed buffer could not be decompressed.
        public static let compression = Code(rawValue: "compression")
        /// The input exceeds a configured limit (size, depth, count).
        public static let limitExceeded = Code(rawValue: "limitExceeded")
        /// A value given to a builder does not fit the column's type (wrong kind, out of range).
        public static let typeMismatch = Code(rawValue: "typeMismatch")

        /// The code's name.
        public var description: String { rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// A human-readable explanation.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `"code: message"`.
    public var description: String { "\(code): \(message)" }
}
