/// The physical layout of an array, derived once from its type so that accessors switch on
/// a small enum instead of re-deriving widths from ``ArrowType`` per element.
enum ArrayLayout: Sendable {
    case null
    case bool
    /// Signed integers and the temporal types stored as them (dates, times, timestamps,
    /// durations, year-month intervals); `width` in bytes.
    case signed(width: Int)
    case unsigned(width: Int)
    case float16, float32, float64
    /// A two's-complement decimal of `width` bytes.
    case decimal(width: Int)
    /// Fixed-size binary and the multi-field intervals (day-time, month-day-nano).
    case fixedBytes(width: Int)
    /// Variable-size binary or UTF-8 with 4- or 8-byte offsets.
    case binary(offsetWidth: Int)
    /// Binary or UTF-8 views (16-byte view structs plus variadic data buffers).
    case view
    /// List, large list and map: offsets into one child.
    case list(offsetWidth: Int)
    case listView(offsetWidth: Int)
    case fixedList(size: Int)
    case structure
    case sparseUnion
    case denseUnion
    case runEndEncoded
    /// Internal: the concatenation of the children (a dictionary extended by delta batches).
    /// Kept payload-free (chunk starts live in the array) so the enum is trivially copyable
    /// and switching over it costs no reference counting.
    case chunked

    /// The layout that stores `type`.
    init(_ type: ArrowType) {
        switch type {
        case .null: self = .null
        case .bool: self = .bool
        case .int8: self = .signed(width: 1)
        case .int16: self = .signed(width: 2)
        case .int32, .date32, .time32, .interval(.yearMonth): self = .signed(width: 4)
        case .int64, .date64, .time64, .timestamp, .duration: self = .signed(width: 8)
        case .uint8: self = .unsigned(width: 1)
        case .uint16: self = .unsigned(width: 2)
        case .uint32: self = .unsigned(width: 4)
        case .uint64: self = .unsigned(width: 8)
        case .float16: self = .float16
        case .float32: self = .float32
        case .float64: self = .float64
        case .decimal(let bitWidth, _, _): self = .decimal(width: bitWidth / 8)
        case .interval(.dayTime): self = .fixedBytes(width: 8)
        case .interval(.monthDayNano): self = .fixedBytes(width: 16)
        case .fixedSizeBinary(let width): self = .fixedBytes(width: width)
        case .utf8, .binary: self = .binary(offsetWidth: 4)
        case .largeUTF8, .largeBinary: self = .binary(offsetWidth: 8)
        case .utf8View, .binaryView: self = .view
        case .list, .map: self = .list(offsetWidth: 4)
        case .largeList: self = .list(offsetWidth: 8)
        case .listView: self = .listView(offsetWidth: 4)
        case .largeListView: self = .listView(offsetWidth: 8)
        case .fixedSizeList(_, let size): self = .fixedList(size: size)
        case .struct: self = .structure
        case .union(.sparse, _, _): self = .sparseUnion
        case .union(.dense, _, _): self = .denseUnion
        case .runEndEncoded: self = .runEndEncoded
        }
    }

    /// How many buffers arrays of this layout carry (views: before the variadic ones).
    var bufferCount: Int {
        switch self {
        case .null, .runEndEncoded, .chunked: 0
        case .structure, .fixedList, .sparseUnion: 1
        case .bool, .signed, .unsigned, .float16, .float32, .float64, .decimal, .fixedBytes, .view, .list, .denseUnion: 2
        case .binary, .listView: 3
        }
    }

    /// Whether slot nullness comes from a validity bitmap (unions, run-end encoded and
    /// null arrays have none).
    var hasValidityBitmap: Bool {
        switch self {
        case .null, .sparseUnion, .denseUnion, .runEndEncoded, .chunked: false
        default: true
        }
    }
}

extension ArrowType {
    /// The child fields of a nested type, in buffer order.
    var childFields: [Field] {
        switch self {
        case .list(let child), .largeList(let child), .listView(let child), .largeListView(let child),
            .fixedSizeList(let child, _):
            [child]
        case .map(let entries, _): [entries]
        case .struct(let children), .union(_, let children, _): children
        case .runEndEncoded(let runEnds, let values): [runEnds, values]
        default: []
        }
    }
}

/// What kind of ``ArrowValue`` a slot decodes to, derived once from the type. Trivially
/// copyable, so per-element dispatch does not touch the (indirect, reference-counted) type.
enum ValueKind: Sendable {
    case null, bool, int, uint, float16, float32, float64, decimal, string, binary
    case date32, date64, time(TimeUnit), timestamp(TimeUnit), duration(TimeUnit)
    case intervalYearMonth, intervalDayTime, intervalMonthDayNano
    case list, structure, map
    /// Unions and run-end encoded arrays: resolved to a child before reading.
    case indirect

    init(_ type: ArrowType) {
        switch type {
        case .null: self = .null
        case .bool: self = .bool
        case .int8, .int16, .int32, .int64: self = .int
        case .uint8, .uint16, .uint32, .uint64: self = .uint
        case .float16: self = .float16
        case .float32: self = .float32
        case .float64: self = .float64
        case .decimal: self = .decimal
        case .utf8, .largeUTF8, .utf8View: self = .string
        case .binary, .largeBinary, .binaryView, .fixedSizeBinary: self = .binary
        case .date32: self = .date32
        case .date64: self = .date64
        case .time32(let unit), .time64(let unit): self = .time(unit)
        case .timestamp(let unit, _): self = .timestamp(unit)
        case .duration(let unit): self = .duration(unit)
        case .interval(.yearMonth): self = .intervalYearMonth
        case .interval(.dayTime): self = .intervalDayTime
        case .interval(.monthDayNano): self = .intervalMonthDayNano
        case .list, .largeList, .listView, .largeListView, .fixedSizeList: self = .list
        case .struct: self = .structure
        case .map: self = .map
        case .union, .runEndEncoded: self = .indirect
        }
    }
}
