import Foundation

// Dictionary-encoded, union and run-end encoded values, and nulls of every layout.
extension ArrowArrayBuilder {
    // MARK: Dictionary, union, run-end encoded

    mutating func applyDictionary(_ value: ArrowValue, commit: Bool) throws(ArrowError) {
        let width: Int
        let maximum: UInt64
        switch layout {
        case .signed(let bytes):
            width = bytes
            maximum = bytes == 8 ? UInt64(Int64.max) : (1 << UInt64(bytes * 8 - 1)) - 1
        case .unsigned(let bytes):
            width = bytes
            maximum = bytes == 8 ? UInt64(Int64.max) : (1 << UInt64(bytes * 8)) - 1
        default:
            throw mismatch(value)
        }
        try applyDictionaryIndex(value, width: width, maximum: maximum, commit: commit)
    }

    private mutating func applyDictionaryIndex(
        _ value: ArrowValue, width: Int, maximum: UInt64, commit: Bool
    ) throws(ArrowError) {
        var index = memo[value]
        if index == nil {
            guard UInt64(memo.count) <= maximum else { throw mismatch(value, " (dictionary full)") }
            try children[0].apply(value, commit: commit)
            if commit {
                index = memo.count
                memo[value] = memo.count
            }
        }
        if commit { appendFixed(UInt64(index ?? 0), width: width) }
    }

    mutating func applyUnion(_ value: ArrowValue, commit: Bool) throws(ArrowError) {
        guard case .union = field.type else { throw mismatch(value) }
        var chosen: Int?
        for index in children.indices where (try? children[index].validate(value)) != nil {
            chosen = index
            break
        }
        guard let chosen else { throw mismatch(value, " (no union member accepts it)") }
        guard commit else { return }
        try commitUnion(value, member: chosen)
    }

    /// Appends `value` to the union member whose type id is `typeCode`, rather than to the
    /// first member that accepts it.
    mutating func applyUnion(_ value: ArrowValue, typeCode: Int8, commit: Bool) throws(ArrowError) {
        guard case .union(_, _, let typeIDs) = field.type, let member = typeIDs.firstIndex(of: Int32(typeCode)),
            children.indices.contains(member)
        else { throw mismatch(value, " (no union member has type code \(typeCode))") }
        try children[member].validate(value)
        guard commit else { return }
        try commitUnion(value, member: member)
    }

    /// Writes the type id (and dense offset) of member `chosen` and appends `value` to it.
    private mutating func commitUnion(_ value: ArrowValue, member chosen: Int) throws(ArrowError) {
        guard case .union(let mode, _, let typeIDs) = field.type else { throw mismatch(value) }
        values.append(Int8(truncatingIfNeeded: typeIDs[chosen]))
        if mode == .dense { secondary.append(Int32(truncatingIfNeeded: children[chosen].count)) }
        try children[chosen].apply(value, commit: true)
        if mode == .sparse {
            for index in children.indices where index != chosen { children[index].storeNull() }
        }
        count += 1
    }

    mutating func applyRun(_ value: ArrowValue, commit: Bool) throws(ArrowError) {
        if count > 0, lastRun == value {
            guard Self.fitsRunEnd(count + 1, children[0].type) else { throw mismatch(value, " (run end overflows)") }
            if commit { extendRun() }
            return
        }
        guard Self.fitsRunEnd(count + 1, children[0].type) else { throw mismatch(value, " (run end overflows)") }
        try children[1].apply(value, commit: commit)
        if commit { startRun(value) }
    }

    static func fitsRunEnd(_ end: Int, _ type: ArrowType) -> Bool {
        switch type {
        case .int16: end <= Int(Int16.max)
        case .int32: end <= Int(Int32.max)
        default: true
        }
    }

    private var runEndWidth: Int {
        switch children[0].type {
        case .int16: 2
        case .int32: 4
        default: 8
        }
    }

    private mutating func extendRun() {
        count += 1
        let width = runEndWidth
        children[0].overwriteLast(UInt64(count), width: width)
    }

    private mutating func startRun(_ value: ArrowValue) {
        count += 1
        children[0].appendFixed(UInt64(count), width: runEndWidth)
        lastRun = value
    }

    /// Replaces the last fixed-width value (a run end being extended).
    private mutating func overwriteLast(_ raw: UInt64, width: Int) {
        let at = (count - 1) * width
        switch width {
        case 2: values.store(UInt16(truncatingIfNeeded: raw), at: at)
        case 4: values.store(UInt32(truncatingIfNeeded: raw), at: at)
        default: values.store(raw, at: at)
        }
    }

    // MARK: Nulls

    // swiftlint:disable:next cyclomatic_complexity
    mutating func storeNull() {
        switch layout {
        case .null, .chunked:
            count += 1
            nullCount += 1
        case .bool:
            markNull()
            bits.append(false)
            count += 1
        case .signed(let width), .unsigned(let width), .decimal(let width), .fixedBytes(let width):
            markNull()
            values.appendZeros(width)
            count += 1
        case .float16:
            markNull()
            values.appendZeros(2)
            count += 1
        case .float32:
            markNull()
            values.appendZeros(4)
            count += 1
        case .float64:
            markNull()
            values.appendZeros(8)
            count += 1
        case .binary(let width):
            markNull()
            appendOffset(secondary.count, width: width)
            count += 1
        case .view:
            markNull()
            values.appendZeros(16)
            count += 1
        case .list(let width):
            markNull()
            appendOffset(children[0].count, width: width)
            count += 1
        case .listView(let width):
            markNull()
            appendOffset(children[0].count, width: width)
            if width == 4 { secondary.append(Int32(0)) } else { secondary.append(Int64(0)) }
            count += 1
        case .fixedList(let size):
            markNull()
            for _ in 0..<size { children[0].storeNull() }
            count += 1
        case .structure:
            markNull()
            for index in children.indices { children[index].storeNull() }
            count += 1
        case .sparseUnion, .denseUnion:
            storeUnionNull()
        case .runEndEncoded:
            // `appendNull` cannot throw: an overflowing run end is reported by `finish()`.
            if !Self.fitsRunEnd(count + 1, children[0].type) { runEndOverflow = true }
            if count > 0, lastRun == .null {
                extendRun()
            } else {
                children[1].storeNull()
                startRun(.null)
            }
        }
    }

    /// A union has no bitmap: the null goes to the first child.
    private mutating func storeUnionNull() {
        guard case .union(let mode, _, let typeIDs) = field.type, !children.isEmpty else {
            count += 1
            return
        }
        values.append(Int8(truncatingIfNeeded: typeIDs[0]))
        if mode == .dense {
            secondary.append(Int32(truncatingIfNeeded: children[0].count))
            children[0].storeNull()
        } else {
            for index in children.indices { children[index].storeNull() }
        }
        count += 1
    }
}
