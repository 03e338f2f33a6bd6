extension Row {
    /// The row as a `Decodable` type, property by column name (through its `CodingKeys`).
    ///
    /// - An `Optional` property is nil for a null cell or a missing column.
    /// - A non-optional property with no column is a `programmingError`; a null or
    ///   mismatched cell is a `dataError` naming the column.
    /// - Struct, list and map columns decode into nested `Decodable` types (a map needs
    ///   string keys to become a keyed container).
    /// - A ``DatabaseValueDecodable`` type (`Int`, `String`, …) decodes from a row of
    ///   exactly one column, so `cursor.fetchall(as: Int.self)` reads `SELECT count(*)`.
    public func decode<T: Decodable>(as type: T.Type) throws(DBAPIError) -> T {
        if let scalar = T.self as? any DatabaseValueDecodable.Type {
            guard endIndex == 1 else {
                throw DBAPIError(.programmingError, "decoding \(T.self) needs a row of one column; this one has \(endIndex)")
            }
            return try decodeScalar(scalar, as: T.self)
        }
        do {
            return try T(from: RowDecoder(row: self, codingPath: []))
        } catch let error as DBAPIError {
            throw error
        } catch {
            throw DBAPIError(error, decoding: T.self)
        }
    }

    private func decodeScalar<T>(_ scalar: any DatabaseValueDecodable.Type, as: T.Type) throws(DBAPIError) -> T {
        func open<S: DatabaseValueDecodable>(_ type: S.Type) throws(DBAPIError) -> T {
            // The cast cannot fail: S is T, seen through the existential metatype.
            try decode(S.self, at: 0) as! T
        }
        return try open(scalar)
    }
}

extension DBAPIError {
    /// Wraps a Swift `DecodingError` (thrown by a custom `init(from:)`) as a `dataError`.
    init(_ error: any Error, decoding decodedType: Any.Type) {
        let detail: String
        switch error {
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context),
            DecodingError.keyNotFound(_, let context), DecodingError.dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            detail = path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        default:
            detail = String(describing: type(of: error))
        }
        self.init(.dataError, "cannot decode \(decodedType): \(detail)", cause: error)
    }
}

/// Decodes a row: a keyed container over its columns (or a single value for one column).
struct RowDecoder: Decoder {
    let row: Row
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        KeyedDecodingContainer(RowKeyedContainer<Key>(row: row, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        ValueUnkeyedContainer(values: row.values, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        guard row.endIndex == 1 else {
            throw DBAPIError(.programmingError, "a single value needs a row of one column; this one has \(row.endIndex)")
        }
        return RowColumnValueContainer(row: row, column: 0, codingPath: codingPath)
    }
}

/// Property by column: the fast typed path for database types, nested decoders otherwise.
struct RowKeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let row: Row
    let codingPath: [any CodingKey]

    var allKeys: [Key] { row.columns.compactMap { Key(stringValue: $0.name) } }

    func contains(_ key: Key) -> Bool { row.batch.columnIndex(named: key.stringValue) != nil }

    private func column(for key: Key) throws -> Int {
        guard let column = row.batch.columnIndex(named: key.stringValue) else {
            throw DBAPIError(.programmingError, "no column named \"\(key.stringValue)\"")
        }
        return column
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        row.isNull(at: try column(for: key))
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let column = try column(for: key)
        return try RowColumnValueContainer(row: row, column: column, codingPath: codingPath + [key]).decode(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        let column = try column(for: key)
        return try ValueDecoder(value: row[column], codingPath: codingPath + [key]).container(keyedBy: NestedKey.self)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        let column = try column(for: key)
        return try ValueDecoder(value: row[column], codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { RowDecoder(row: row, codingPath: codingPath) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: row[try column(for: key)], codingPath: codingPath + [key])
    }
}

/// One column of a row as a single value.
struct RowColumnValueContainer: SingleValueDecodingContainer {
    let row: Row
    let column: Int
    let codingPath: [any CodingKey]

    func decodeNil() -> Bool { row.isNull(at: column) }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if let scalar = T.self as? any DatabaseValueDecodable.Type {
            func open<S: DatabaseValueDecodable>(_ type: S.Type) throws(DBAPIError) -> T {
                try row.decode(S.self, at: column) as! T
            }
            return try open(scalar)
        }
        // A nested type (struct, list or map column) decodes from the cell's value.
        do {
            return try T(from: ValueDecoder(value: row[column], codingPath: codingPath))
        } catch let error as DBAPIError {
            throw row.attachingContext(to: error, column: column, swiftType: T.self)
        } catch {
            throw row.attachingContext(to: DBAPIError(error, decoding: T.self), column: column, swiftType: T.self)
        }
    }
}
