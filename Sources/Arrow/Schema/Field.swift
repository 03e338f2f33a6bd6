/// One column (or child) of a schema: a name, a type, nullability and metadata.
public struct Field: Sendable, Hashable {
    /// The field's name; may be empty and need not be unique.
    public var name: String
    /// The logical type of the values (for a dictionary-encoded field, the dictionary's value type).
    public var type: ArrowType
    /// Whether the field may contain nulls.
    public var isNullable: Bool
    /// Set when the column is dictionary-encoded.
    public var dictionary: DictionaryEncoding?
    /// Custom key/value metadata, in the order the producer wrote it.
    public var metadata: [KeyValue]

    /// Creates a field.
    public init(
        name: String, type: ArrowType, isNullable: Bool = true,
        dictionary: DictionaryEncoding? = nil, metadata: [KeyValue] = []
    ) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.dictionary = dictionary
        self.metadata = metadata
    }

    /// The extension type name (`ARROW:extension:name` metadata), if this field is an extension type.
    public var extensionName: String? { metadata.value(for: "ARROW:extension:name") }

    /// The extension type's serialized metadata (`ARROW:extension:metadata`), if any.
    public var extensionMetadata: String? { metadata.value(for: "ARROW:extension:metadata") }
}

/// One entry of Arrow custom metadata.
public struct KeyValue: Sendable, Hashable {
    /// The key.
    public var key: String
    /// The value.
    public var value: String

    /// Creates a metadata entry.
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == KeyValue {
    /// The value of the first entry with `key`, if any.
    public func value(for key: String) -> String? {
        first { $0.key == key }?.value
    }
}
