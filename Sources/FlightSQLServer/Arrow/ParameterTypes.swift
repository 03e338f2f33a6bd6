import Arrow

/// The type of a parameter whose type the database does not know (SQLite binds any value
/// anywhere): a dense union of the kinds of values SQLite stores, as the Flight SQL
/// reference server does. A client that converts its values to the parameter schema (the
/// project's DB-API driver does) puts each value in the first member that takes it.
enum ParameterTypes {
    static let anyValue: ArrowType = .union(
        .dense,
        children: [
            Field(name: "int64", type: .int64),
            Field(name: "float64", type: .float64),
            Field(name: "bool", type: .bool),
            Field(name: "string", type: .utf8),
            Field(name: "binary", type: .binary),
            Field(name: "date32", type: .date32),
            Field(name: "time64", type: .time64(.microsecond)),
            Field(name: "timestamp", type: .timestamp(.microsecond, timeZone: nil)),
            Field(name: "decimal", type: .decimal(bitWidth: 256, precision: 76, scale: 18)),
        ],
        typeIDs: [0, 1, 2, 3, 4, 5, 6, 7, 8])

    /// Whether `type` is ``anyValue``, compared by structure (mode, type ids and member
    /// types; a client may rename the members when it echoes the schema back).
    static func isAnyValue(_ type: ArrowType) -> Bool {
        guard case .union(let mode, let children, let typeIDs) = type,
            case .union(let anyMode, let anyChildren, let anyTypeIDs) = anyValue
        else { return false }
        return mode == anyMode && typeIDs == anyTypeIDs && children.map(\.type) == anyChildren.map(\.type)
    }

    /// The parameter schema of a statement with `count` parameters.
    static func schema(count: Int) -> Schema {
        Schema(fields: (0..<count).map { Field(name: "parameter_\($0 + 1)", type: anyValue, isNullable: true) })
    }
}
