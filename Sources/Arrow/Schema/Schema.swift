/// Byte order of the buffers an IPC producer wrote.
public enum Endianness: String, Sendable, Hashable {
    /// Least or most significant byte first.
    case little, big
}

/// The schema of a record batch stream: ordered fields plus custom metadata.
public struct Schema: Sendable, Hashable {
    /// The top-level fields (columns), in order.
    public var fields: [Field]
    /// Custom key/value metadata of the schema.
    public var metadata: [KeyValue]
    /// The byte order the producer declared; readers convert big-endian data on load.
    public var endianness: Endianness

    /// Creates a schema.
    public init(fields: [Field], metadata: [KeyValue] = [], endianness: Endianness = .little) {
        self.fields = fields
        self.metadata = metadata
        self.endianness = endianness
    }

    /// The index of the first field named `name`, if any.
    public func index(of name: String) -> Int? {
        fields.firstIndex { $0.name == name }
    }
}
