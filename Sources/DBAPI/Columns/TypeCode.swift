/// The type code of a result column (PEP 249's `type_code`): a name for the column's type
/// and the PEP 249 type object group it belongs to.
///
/// Type codes are finer than type objects: `int32` and `decimal` are different codes that
/// both compare equal to ``DBAPITypeObject/NUMBER``. Drivers may define their own codes.
public struct TypeCode: Sendable, Hashable, CustomStringConvertible {
    /// The code's name, such as `"int64"` or `"timestamp"`.
    public var name: String
    /// The PEP 249 group the code belongs to, or nil for types outside the five groups
    /// (booleans, nested types, intervals, nulls).
    public var group: DBAPITypeObject?

    /// Creates a type code.
    public init(name: String, group: DBAPITypeObject?) {
        self.name = name
        self.group = group
    }

    /// The code's name.
    public var description: String { name }

    /// A null-only column.
    public static let null = TypeCode(name: "null", group: nil)
    /// Booleans. Not in any PEP 249 group (as in psycopg).
    public static let boolean = TypeCode(name: "boolean", group: nil)
    /// Signed integers.
    public static let integer = TypeCode(name: "integer", group: .NUMBER)
    /// Unsigned integers.
    public static let unsignedInteger = TypeCode(name: "unsigned_integer", group: .NUMBER)
    /// Binary floating point.
    public static let float = TypeCode(name: "float", group: .NUMBER)
    /// Exact decimals.
    public static let decimal = TypeCode(name: "decimal", group: .NUMBER)
    /// Text.
    public static let string = TypeCode(name: "string", group: .STRING)
    /// Binary data.
    public static let binary = TypeCode(name: "binary", group: .BINARY)
    /// Calendar dates.
    public static let date = TypeCode(name: "date", group: .DATETIME)
    /// Times of day.
    public static let time = TypeCode(name: "time", group: .DATETIME)
    /// Timestamps.
    public static let timestamp = TypeCode(name: "timestamp", group: .DATETIME)
    /// Durations.
    public static let duration = TypeCode(name: "duration", group: .DATETIME)
    /// Calendar intervals.
    public static let interval = TypeCode(name: "interval", group: .DATETIME)
    /// Lists.
    public static let list = TypeCode(name: "list", group: nil)
    /// Structures.
    public static let `struct` = TypeCode(name: "struct", group: nil)
    /// Maps.
    public static let map = TypeCode(name: "map", group: nil)
    /// Row identifiers.
    public static let rowID = TypeCode(name: "rowid", group: .ROWID)
    /// Anything else (unions, extension types the driver does not know).
    public static let other = TypeCode(name: "other", group: nil)
}

/// A PEP 249 type object (`STRING`, `BINARY`, `NUMBER`, `DATETIME`, `ROWID`): compares equal
/// to every ``TypeCode`` in its group, so `description[0].typeCode == .NUMBER` asks whether
/// the first column is numeric.
public struct DBAPITypeObject: Sendable, Hashable, CustomStringConvertible {
    /// The object's name (`"NUMBER"`).
    public let name: String

    /// Creates a type object; drivers rarely need more than the five standard ones.
    public init(name: String) { self.name = name }

    /// The object's name.
    public var description: String { name }

    /// String-based columns (CHAR, VARCHAR, TEXT, utf8).
    public static let STRING = DBAPITypeObject(name: "STRING")
    /// Binary columns (BLOB, BYTEA, binary).
    public static let BINARY = DBAPITypeObject(name: "BINARY")
    /// Numeric columns (integers, floats, decimals).
    public static let NUMBER = DBAPITypeObject(name: "NUMBER")
    /// Date and time columns.
    public static let DATETIME = DBAPITypeObject(name: "DATETIME")
    /// Row ID columns.
    public static let ROWID = DBAPITypeObject(name: "ROWID")

    /// Whether `code` belongs to `object`'s group.
    public static func == (object: DBAPITypeObject, code: TypeCode) -> Bool { code.group == object }
    /// Whether `code` belongs to `object`'s group.
    public static func == (code: TypeCode, object: DBAPITypeObject) -> Bool { code.group == object }
    /// Whether `code` is outside `object`'s group.
    public static func != (object: DBAPITypeObject, code: TypeCode) -> Bool { code.group != object }
    /// Whether `code` is outside `object`'s group.
    public static func != (code: TypeCode, object: DBAPITypeObject) -> Bool { code.group != object }
    /// Lets a type object be a `switch` case over type codes: `case DBAPITypeObject.NUMBER:`.
    public static func ~= (object: DBAPITypeObject, code: TypeCode) -> Bool { code.group == object }
}
