import Foundation

/// Appending ``ArrowValue``s.
///
/// `apply(_:commit:)` runs every check a value needs before it writes anything. Scalars
/// are applied once, with `commit`; nested values are first applied with `commit: false`
/// (checks only, recursively) so that a bad element deep inside cannot leave some children
/// appended and others not.
extension ArrowArrayBuilder {
    /// Appends `value`, converted to the column's type; throws ``ArrowError/Code/typeMismatch``
    /// and leaves the builder unchanged when it does not fit.
    public mutating func append(_ value: ArrowValue) throws(ArrowError) {
        if isNested { try apply(value, commit: false) }
        try apply(value, commit: true)
    }

    /// Appends `value` to a sparse or dense union column as the member whose type id is
    /// `typeCode` (one of the union type's `typeIDs`), where ``append(_:)`` picks the first
    /// member that accepts the value. Throws ``ArrowError/Code/typeMismatch`` and leaves the
    /// builder unchanged when the column is not a union, no member has that type id, or the
    /// member cannot hold `value`.
    public mutating func append(_ value: ArrowValue, unionTypeCode typeCode: Int8) throws(ArrowError) {
        switch layout {
        case .sparseUnion, .denseUnion: break
        default: throw mismatch(value, " (not a union column)")
        }
        if isDictionaryEncoded { throw mismatch(value, " (not a union column)") }
        try applyUnion(value, typeCode: typeCode, commit: true)
    }

    /// Appends each of `values` in order (stops at the first that does not fit).
    public mutating func append(contentsOf values: [ArrowValue]) throws(ArrowError) {
        for value in values { try append(value) }
    }

    /// Appends a null slot. Unions store it in their first child and run-end encoded
    /// columns as a run of nulls, since neither has a validity bitmap of its own.
    public mutating func appendNull() {
        storeNull()
    }

    /// Checks `value` against the column without appending it.
    public func validate(_ value: ArrowValue) throws(ArrowError) {
        var copy = self
        try copy.apply(value, commit: false)
    }

    var isNested: Bool {
        if isDictionaryEncoded { return true }
        switch layout {
        case .list, .listView, .fixedList, .structure, .sparseUnion, .denseUnion, .runEndEncoded: return true
        default: return false
        }
    }

    func mismatch(_ value: ArrowValue, _ detail: String = "") -> ArrowError {
        ArrowError(.typeMismatch, "field '\(field.name)' of type \(field.type) cannot hold \(value)\(detail)")
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func apply(_ value: ArrowValue, commit: Bool) throws(ArrowError) {
        if case .null = value {
            if case .runEndEncoded = layout, !Self.fitsRunEnd(count + 1, children[0].type) {
                throw mismatch(value, " (run end overflows)")
            }
            if commit { storeNull() }
            return
        }
        if isDictionaryEncoded {
            try applyDictionary(value, commit: commit)
            return
        }
        switch layout {
        case .null, .chunked:
            throw mismatch(value)
        case .bool:
            guard case .bool(let bit) = value else { throw mismatch(value) }
            if commit {
                markValid()
                bits.append(bit)
                count += 1
            }
        case .signed(let width):
            let raw = try signedRaw(value)
            guard Self.fitsSigned(raw, width: width) else { throw mismatch(value, " (out of range)") }
            if commit { appendFixed(UInt64(bitPattern: raw), width: width) }
        case .unsigned(let width):
            let raw: UInt64
            switch value {
            case .uint(let unsigned): raw = unsigned
            case .int(let signed) where signed >= 0: raw = UInt64(signed)
            default: throw mismatch(value)
            }
            guard width == 8 || raw < (UInt64(1) << UInt64(width * 8)) else { throw mismatch(value, " (out of range)") }
            if commit { appendFixed(raw, width: width) }
        case .float16, .float32, .float64:
            let number: Double
            switch value {
            case .float16(let float), .float32(let float): number = Double(float)
            case .float64(let double): number = double
            case .int(let signed): number = Double(signed)
            case .uint(let unsigned): number = Double(unsigned)
            default: throw mismatch(value)
            }
            if commit { appendFloating(number) }
        case .decimal(let width):
            guard case .decimal(let decimal) = value else { throw mismatch(value) }
            try checkDecimal(decimal, width: width)
            if commit { appendDecimalWords(decimal.words, width: width) }
        case .fixedBytes(let width):
            try applyFixedBytes(value, width: width, commit: commit)
        case .binary, .view:
            try applyBytes(value, commit: commit)
        case .list(let width):
            if case .map(let entries) = value, case .map = field.type {
                guard Int64(children[0].count) + Int64(entries.count) <= Int64(Int32.max) else {
                    throw mismatch(value, " (too many entries)")
                }
                for entry in entries { try children[0].applyMapEntry(entry, commit: commit) }
            } else {
                guard case .list(let items) = value, !isMap else { throw mismatch(value) }
                if width == 4, Int64(children[0].count) + Int64(items.count) > Int64(Int32.max) {
                    throw mismatch(value, " (too many elements for 32-bit offsets)")
                }
                for item in items { try children[0].apply(item, commit: commit) }
            }
            if commit {
                markValid()
                appendOffset(children[0].count, width: width)
                count += 1
            }
        case .listView(let width):
            guard case .list(let items) = value else { throw mismatch(value) }
            if width == 4, Int64(children[0].count) + Int64(items.count) > Int64(Int32.max) {
                throw mismatch(value, " (too many elements for 32-bit offsets)")
            }
            let start = children[0].count
            for item in items { try children[0].apply(item, commit: commit) }
            if commit {
                markValid()
                appendOffset(start, width: width)
                if width == 4 {
                    secondary.append(Int32(truncatingIfNeeded: items.count))
                } else {
                    secondary.append(Int64(items.count))
                }
                count += 1
            }
        case .fixedList(let size):
            guard case .list(let items) = value, items.count == size else {
                throw mismatch(value, " (needs \(size) elements)")
            }
            for item in items { try children[0].apply(item, commit: commit) }
            if commit {
                markValid()
                count += 1
            }
        case .structure:
            guard case .struct(let entries) = value, entries.count == children.count else { throw mismatch(value) }
            for (index, entry) in entries.enumerated() { try children[index].apply(entry.value, commit: commit) }
            if commit {
                markValid()
                count += 1
            }
        case .sparseUnion, .denseUnion:
            try applyUnion(value, commit: commit)
        case .runEndEncoded:
            try applyRun(value, commit: commit)
        }
    }

    private var isMap: Bool {
        if case .map = field.type { return true }
        return false
    }

    /// One map entry into the entries struct builder (keys may not be null).
    private mutating func applyMapEntry(_ entry: ArrowValue.MapEntry, commit: Bool) throws(ArrowError) {
        guard !entry.key.isNull else { throw mismatch(.map([entry]), " (null map key)") }
        try children[0].apply(entry.key, commit: commit)
        try children[1].apply(entry.value, commit: commit)
        if commit {
            markValid()
            count += 1
        }
    }
}
