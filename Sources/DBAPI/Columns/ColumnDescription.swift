/// One result column, with PEP 249's seven `description` items plus the driver's full type.
public struct ColumnDescription: Sendable, CustomStringConvertible {
    /// The column's name (or alias).
    public var name: String
    /// The column's type code; compare it with a ``DBAPITypeObject`` (`== .NUMBER`).
    public var typeCode: TypeCode
    /// The maximum display width in characters, when known.
    public var displaySize: Int?
    /// The column's size in bytes, when known (e.g. a fixed-size binary's width).
    public var internalSize: Int?
    /// Total significant digits for numeric columns, when known.
    public var precision: Int?
    /// Digits after the point for numeric columns, when known.
    public var scale: Int?
    /// Whether the column may hold nulls; nil when unknown.
    public var nullOK: Bool?
    /// The driver's full description of the type, e.g. an Arrow type
    /// (`"timestamp[us, tz=UTC]"`) or an SQLite declared type. Error messages show it.
    public var nativeType: String
    /// Anything else the driver wants to keep with the column (say, its Arrow field with
    /// metadata). Opaque to the DB-API, and ignored by `==`.
    public var driverInfo: (any Sendable)?

    /// Creates a column description.
    public init(
        name: String,
        typeCode: TypeCode,
        displaySize: Int? = nil,
        internalSize: Int? = nil,
        precision: Int? = nil,
        scale: Int? = nil,
        nullOK: Bool? = nil,
        nativeType: String,
        driverInfo: (any Sendable)? = nil
    ) {
        self.name = name
        self.typeCode = typeCode
        self.displaySize = displaySize
        self.internalSize = internalSize
        self.precision = precision
        self.scale = scale
        self.nullOK = nullOK
        self.nativeType = nativeType
        self.driverInfo = driverInfo
    }

    /// `city: utf8 (string, nullable)`.
    public var description: String {
        let nullability = nullOK.map { $0 ? ", nullable" : ", not null" } ?? ""
        return "\(name): \(nativeType) (\(typeCode)\(nullability))"
    }
}

extension ColumnDescription: Equatable {
    /// Compares every item except the opaque ``driverInfo``.
    public static func == (lhs: ColumnDescription, rhs: ColumnDescription) -> Bool {
        lhs.name == rhs.name && lhs.typeCode == rhs.typeCode && lhs.displaySize == rhs.displaySize
            && lhs.internalSize == rhs.internalSize && lhs.precision == rhs.precision
            && lhs.scale == rhs.scale && lhs.nullOK == rhs.nullOK && lhs.nativeType == rhs.nativeType
    }
}
