/// Decodes a nested ``Value``: a struct (or a map with string keys) as a keyed container,
/// a list as an unkeyed container, anything else as a single value.
struct ValueDecoder: Decoder {
    /// The value decoded, a union already read as its member.
    let value: Value
    let codingPath: [any CodingKey]

    init(value: Value, codingPath: [any CodingKey]) {
        self.value = value.unionMember
        self.codingPath = codingPath
    }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        switch value {
        case .struct(let fields):
            return KeyedDecodingContainer(
                ValueKeyedContainer<Key>(entries: fields.map { ($0.name, $0.value) }, codingPath: codingPath))
        case .map(let entries):
            var pairs: [(String, Value)] = []
            for entry in entries {
                guard case .string(let key) = entry.key else {
                    throw DBAPIError(.dataError, "a map with \(entry.key.kindName) keys cannot decode as a keyed type")
                }
                pairs.append((key, entry.value))
            }
            return KeyedDecodingContainer(ValueKeyedContainer<Key>(entries: pairs, codingPath: codingPath))
        default:
            throw DBAPIError(.dataError, "cannot decode a \(value.kindName) value as a structure")
        }
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .list(let values) = value else { throw DBAPIError.cannotDecode(value, as: [Value].self) }
        return ValueUnkeyedContainer(values: values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        ValueSingleContainer(value: value, codingPath: codingPath)
    }
}

/// Decodes `T` from a value: database types by their conversion, others by `Decodable`.
func decodeValue<T: Decodable>(_ type: T.Type, from value: Value, codingPath: [any CodingKey]) throws -> T {
    if let scalar = T.self as? any DatabaseValueDecodable.Type {
        func open<S: DatabaseValueDecodable>(_ type: S.Type) throws(DBAPIError) -> T {
            try S(databaseValue: value) as! T
        }
        return try open(scalar)
    }
    return try T(from: ValueDecoder(value: value, codingPath: codingPath))
}

struct ValueSingleContainer: SingleValueDecodingContainer {
    let value: Value
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decodeValue(T.self, from: value, codingPath: codingPath)
    }
}

struct ValueKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let entries: [(String, Value)]
    let codingPath: [any CodingKey]

    var allKeys: [Key] { entries.compactMap { Key(stringValue: $0.0) } }

    func contains(_ key: Key) -> Bool { entries.contains { $0.0 == key.stringValue } }

    private func value(for key: Key) throws -> Value {
        guard let entry = entries.first(where: { $0.0 == key.stringValue }) else {
            let path = (codingPath + [key]).map(\.stringValue).joined(separator: ".")
            throw DBAPIError(.dataError, "no field named \"\(path)\"")
        }
        return entry.1
    }

    func decodeNil(forKey key: Key) throws -> Bool { try value(for: key).isNull }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decodeValue(T.self, from: try value(for: key), codingPath: codingPath + [key])
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try value(for: key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .struct(entries.map { Value.Field(name: $0.0, value: $0.1) }), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: try value(for: key), codingPath: codingPath + [key])
    }
}

struct ValueUnkeyedContainer: UnkeyedDecodingContainer {
    let values: [Value]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(values: [Value], codingPath: [any CodingKey]) {
        self.values = values
        self.codingPath = codingPath
    }

    var count: Int? { values.count }
    var isAtEnd: Bool { currentIndex >= values.count }

    private mutating func next() throws -> Value {
        guard !isAtEnd else { throw DBAPIError(.dataError, "list has only \(values.count) elements") }
        defer { currentIndex += 1 }
        return values[currentIndex]
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw DBAPIError(.dataError, "list has only \(values.count) elements") }
        if values[currentIndex].isNull {
            currentIndex += 1
            return true
        }
        return false
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let index = currentIndex
        return try decodeValue(T.self, from: try next(), codingPath: codingPath + [IndexKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try next(), codingPath: codingPath).container(keyedBy: NestedKey.self)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try next(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        ValueDecoder(value: try next(), codingPath: codingPath)
    }
}

/// A list position in a coding path.
struct IndexKey: CodingKey {
    let intValue: Int?
    var stringValue: String { String(intValue ?? 0) }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { return nil }
    init?(intValue: Int) { self.intValue = intValue }
}
