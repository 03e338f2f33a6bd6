import Foundation

/// Typed appends: the fast path for producers that already hold Swift values (a database
/// row, a query parameter). Each costs amortized O(1) with no allocation; a value the
/// column cannot hold throws ``ArrowError/Code/typeMismatch`` and appends nothing. Other
/// combinations (a dictionary-encoded or nested column, a conversion) take the
/// ``ArrowValue`` path.
extension ArrowArrayBuilder {
    /// Appends an integer to an integer column, or a raw count to a date, time,
    /// timestamp, duration or year-month interval column; floating-point columns convert.
    public mutating func append(int64 value: Int64) throws(ArrowError) {
        guard !isDictionaryEncoded else { return try append(.int(value)) }
        switch layout {
        case .signed(let width):
            guard Self.fitsSigned(value, width: width) else { throw mismatch(.int(value), " (out of range)") }
            appendFixed(UInt64(bitPattern: value), width: width)
        case .unsigned(let width):
            guard value >= 0, width == 8 || UInt64(value) < (UInt64(1) << UInt64(width * 8)) else {
                throw mismatch(.int(value), " (out of range)")
            }
            appendFixed(UInt64(value), width: width)
        case .float16, .float32, .float64:
            appendFloating(Double(value))
        default:
            try append(.int(value))
        }
    }

    /// Appends an unsigned integer to an integer column.
    public mutating func append(uint64 value: UInt64) throws(ArrowError) {
        guard !isDictionaryEncoded, case .unsigned(let width) = layout else { return try append(.uint(value)) }
        guard width == 8 || value < (UInt64(1) << UInt64(width * 8)) else { throw mismatch(.uint(value), " (out of range)") }
        appendFixed(value, width: width)
    }

    /// Appends a number to a float16, float32 or float64 column (rounded to its precision).
    public mutating func append(double value: Double) throws(ArrowError) {
        guard !isDictionaryEncoded else { return try append(.float64(value)) }
        switch layout {
        case .float16, .float32, .float64:
            appendFloating(value)
        default:
            try append(.float64(value))
        }
    }

    /// Appends a boolean to a bool column.
    public mutating func append(bool value: Bool) throws(ArrowError) {
        guard !isDictionaryEncoded, case .bool = layout else { return try append(.bool(value)) }
        markValid()
        bits.append(value)
        count += 1
    }

    /// Appends a string to a utf8, large_utf8, utf8_view (or binary) column.
    public mutating func append(string value: String) throws(ArrowError) {
        guard !isDictionaryEncoded else { return try append(.string(value)) }
        switch layout {
        case .binary, .view:
            var text = value
            let fits = text.withUTF8 { utf8 -> Bool in
                guard fitsVariable(utf8.count) else { return false }
                appendVariable(UnsafeRawBufferPointer(utf8))
                return true
            }
            guard fits else { throw mismatch(.string(value), " (too much data for the column's offsets)") }
        default:
            try append(.string(value))
        }
    }

    /// Appends bytes to a binary, large_binary, binary_view or fixed_size_binary column.
    public mutating func append(bytes value: Data) throws(ArrowError) {
        guard !isDictionaryEncoded else { return try append(.binary(value)) }
        switch (layout, field.type) {
        case (.binary, .binary), (.binary, .largeBinary), (.view, .binaryView):
            let fits = value.withUnsafeBytes { bytes -> Bool in
                guard fitsVariable(bytes.count) else { return false }
                appendVariable(bytes)
                return true
            }
            guard fits else { throw mismatch(.binary(value), " (too much data for the column's offsets)") }
        case (.fixedBytes(let width), .fixedSizeBinary):
            guard value.count == width else { throw mismatch(.binary(value), " (needs \(width) bytes)") }
            value.withUnsafeBytes { appendFixedBytes($0) }
        default:
            try append(.binary(value))
        }
    }

    /// Appends an exact decimal to a decimal column of the same scale.
    public mutating func append(decimal value: ArrowDecimal) throws(ArrowError) {
        try append(.decimal(value))
    }

    /// Appends `value`, or a null when it is nil.
    public mutating func append(int64 value: Int64?) throws(ArrowError) {
        if let value { try append(int64: value) } else { appendNull() }
    }

    /// Appends `value`, or a null when it is nil.
    public mutating func append(double value: Double?) throws(ArrowError) {
        if let value { try append(double: value) } else { appendNull() }
    }

    /// Appends `value`, or a null when it is nil.
    public mutating func append(string value: String?) throws(ArrowError) {
        if let value { try append(string: value) } else { appendNull() }
    }

    /// Appends `value`, or a null when it is nil.
    public mutating func append(bytes value: Data?) throws(ArrowError) {
        if let value { try append(bytes: value) } else { appendNull() }
    }

    /// Appends `value`, or a null when it is nil.
    public mutating func append(bool value: Bool?) throws(ArrowError) {
        if let value { try append(bool: value) } else { appendNull() }
    }
}
