// Literal conformances, so that parameter lists read like SQL values:
// `cursor.execute("… WHERE id = ? AND name = ?", parameters: [1, "x"])`.

extension Value: ExpressibleByNilLiteral {
    /// `nil` is ``Value/null``.
    public init(nilLiteral: ()) { self = .null }
}

extension Value: ExpressibleByBooleanLiteral {
    /// `true`/`false` is ``Value/bool(_:)``.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}

extension Value: ExpressibleByIntegerLiteral {
    /// An integer literal is ``Value/int(_:)``.
    public init(integerLiteral value: Int64) { self = .int(value) }
}

extension Value: ExpressibleByFloatLiteral {
    /// A float literal is ``Value/double(_:)``.
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension Value: ExpressibleByStringLiteral {
    /// A string literal is ``Value/string(_:)``.
    public init(stringLiteral value: String) { self = .string(value) }
}

extension Value: ExpressibleByArrayLiteral {
    /// An array literal is ``Value/list(_:)``.
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
}
