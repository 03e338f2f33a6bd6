/// The unit of a time, timestamp or duration value.
public enum TimeUnit: String, Sendable, Hashable, CaseIterable {
    /// Seconds, milliseconds, microseconds or nanoseconds.
    case second, millisecond, microsecond, nanosecond

    /// How many of this unit make one second.
    public var perSecond: Int64 {
        switch self {
        case .second: 1
        case .millisecond: 1_000
        case .microsecond: 1_000_000
        case .nanosecond: 1_000_000_000
        }
    }

    /// Number of fraction digits this unit carries (0, 3, 6 or 9).
    public var fractionDigits: Int {
        switch self {
        case .second: 0
        case .millisecond: 3
        case .microsecond: 6
        case .nanosecond: 9
        }
    }
}

/// The kind of an Arrow interval.
public enum IntervalUnit: String, Sendable, Hashable, CaseIterable {
    /// 32-bit number of months.
    case yearMonth
    /// 32-bit days and 32-bit milliseconds.
    case dayTime
    /// 32-bit months, 32-bit days and 64-bit nanoseconds.
    case monthDayNano
}

/// How the children of a union are laid out.
public enum UnionMode: String, Sendable, Hashable {
    /// Every child has the union's length; the type id selects the child.
    case sparse
    /// Children are compact; a 32-bit offset per slot indexes into the selected child.
    case dense
}

/// An Arrow logical type, as described by `Schema.fbs`.
///
/// Nested types carry their child fields. Dictionary encoding is a property of a ``Field``
/// (see ``Field/dictionary``), so a dictionary-encoded column has its *value* type here.
public indirect enum ArrowType: Sendable, Hashable {
    /// All values null; no storage.
    case null
    /// Booleans, bit-packed.
    case bool
    /// Signed integers of 8, 16, 32 or 64 bits.
    case int8, int16, int32, int64
    /// Unsigned integers of 8, 16, 32 or 64 bits.
    case uint8, uint16, uint32, uint64
    /// IEEE 754 floats of half, single or double precision.
    case float16, float32, float64
    /// A decimal of 32, 64, 128 or 256 bits with `precision` digits, `scale` of them after the point.
    case decimal(bitWidth: Int, precision: Int, scale: Int)
    /// UTF-8 text with 32-bit offsets, 64-bit offsets, or views.
    case utf8, largeUTF8, utf8View
    /// Bytes with 32-bit offsets, 64-bit offsets, or views.
    case binary, largeBinary, binaryView
    /// Bytes, exactly `byteWidth` per value.
    case fixedSizeBinary(byteWidth: Int)
    /// Days since the UNIX epoch (32 bits).
    case date32
    /// Milliseconds since the UNIX epoch (64 bits).
    case date64
    /// Time of day in seconds or milliseconds (32 bits).
    case time32(TimeUnit)
    /// Time of day in microseconds or nanoseconds (64 bits).
    case time64(TimeUnit)
    /// Time since the UNIX epoch; `timeZone` is nil for a "naive" (wall-clock) timestamp.
    case timestamp(TimeUnit, timeZone: String?)
    /// An elapsed time as a 64-bit count of the unit.
    case duration(TimeUnit)
    /// A calendar interval.
    case interval(IntervalUnit)
    /// A variable-size list (32-bit offsets) of the child field.
    case list(Field)
    /// A variable-size list with 64-bit offsets.
    case largeList(Field)
    /// A list view: 32-bit offset and size per value.
    case listView(Field)
    /// A list view with 64-bit offsets and sizes.
    case largeListView(Field)
    /// A list of exactly `listSize` child values per value.
    case fixedSizeList(Field, listSize: Int)
    /// A struct of the given child fields.
    case `struct`([Field])
    /// A map; `entries` is the non-nullable struct field holding `key` and `value` children.
    case map(entries: Field, keysSorted: Bool)
    /// A union of the children; `typeIDs[k]` is the type id that selects child `k`.
    case union(UnionMode, children: [Field], typeIDs: [Int32])
    /// Run-end encoded: `runEnds` is an int16/int32/int64 field, `values` holds one value per run.
    case runEndEncoded(runEnds: Field, values: Field)
}

/// Dictionary encoding of a field: the column stores integer indices into a dictionary
/// that arrives in separate dictionary batches.
public struct DictionaryEncoding: Sendable, Hashable {
    /// The dictionary id that dictionary batches refer to.
    public var id: Int64
    /// The index type (a signed or unsigned integer type).
    public var indexType: ArrowType
    /// Whether the dictionary's order is meaningful.
    public var isOrdered: Bool

    /// Creates a dictionary encoding description.
    public init(id: Int64, indexType: ArrowType, isOrdered: Bool) {
        self.id = id
        self.indexType = indexType
        self.isOrdered = isOrdered
    }
}
