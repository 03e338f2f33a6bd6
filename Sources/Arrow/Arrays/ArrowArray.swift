/// One column (or child column) of Arrow data: a typed, immutable view of buffers.
///
/// The structure is validated when the array is created (buffer sizes against length and
/// offset, monotonic offsets, view and list-view ranges, child lengths, union type ids,
/// dictionary indices, run ends), so accessors can read without further range checks and
/// never trap. An index outside `0..<count` reads as null (`nil` from typed accessors).
///
/// A dictionary-encoded array has the dictionary's value `type`; its buffers hold the
/// indices and ``dictionary`` the values. Accessors return decoded values.
///
/// `@unchecked Sendable`: every stored property is immutable, and the buffers are
/// immutable byte regions (see ``ArrowBuffer``).
public final class ArrowArray: @unchecked Sendable {
    /// The field this array holds values of.
    public let field: Field
    /// The number of slots.
    public let count: Int
    /// The number of null slots the producer declared (for unions and run-end encoded
    /// arrays, nulls come from the children instead).
    public let nullCount: Int
    /// The index of the first slot in the buffers.
    public let offset: Int
    /// The buffers, in the order the Arrow columnar format lists them for the layout
    /// (validity first where there is one; views followed by their variadic data buffers).
    public let buffers: [ArrowBuffer]
    /// The child arrays of nested types.
    public let children: [ArrowArray]
    /// The values of a dictionary-encoded array.
    public let dictionary: ArrowArray?

    let layout: ArrayLayout
    /// The bitmap, when there are nulls to look up.
    let validity: ArrowBuffer?
    /// Values, offsets, views or union type ids, depending on the layout.
    let primary: ArrowBuffer
    /// Data, sizes or union offsets, depending on the layout.
    let secondary: ArrowBuffer
    /// For unions: child index per type id (-1 when the id is not used).
    let unionChildIndex: [Int8]
    /// Whether values are read straight from this array's own buffers (no dictionary,
    /// union, run-end or chunk indirection); stored so the accessor fast path is one test.
    let isDirect: Bool
    /// The kind of value slots decode to.
    let kind: ValueKind
    /// For chunked arrays: the first logical index of each child.
    let chunkStarts: [Int]
    /// Decimal precision and scale (0 for other types).
    let decimalPrecision: Int
    let decimalScale: Int
    /// A timestamp's time zone.
    let timeZone: String?
    /// A struct's child names, for building struct values.
    let childNames: [String]

    /// The logical type of the values (for a dictionary-encoded array, the value type).
    public var type: ArrowType { field.type }

    /// Creates and validates an array.
    ///
    /// - Parameters:
    ///   - field: the field; for dictionary encoding, `field.dictionary` gives the index type.
    ///   - buffers: per the columnar format for the (index) type. A validity buffer may be
    ///     empty when `nullCount` is 0.
    ///   - children: child arrays, one per child field.
    ///   - dictionary: the values, required exactly when `field.dictionary` is set.
    public convenience init(
        field: Field, count: Int, nullCount: Int, offset: Int = 0,
        buffers: [ArrowBuffer], children: [ArrowArray] = [], dictionary: ArrowArray? = nil
    ) throws(ArrowError) {
        let layout = ArrayLayout(field.dictionary?.indexType ?? field.type)
        try self.init(
            field: field, layout: layout, count: count, nullCount: nullCount, offset: offset,
            buffers: buffers, children: children, dictionary: dictionary)
    }

    /// A dictionary extended by delta batches: the logical concatenation of `chunks`.
    init(concatenating chunks: [ArrowArray], field: Field) throws(ArrowError) {
        var starts: [Int] = []
        var total = 0
        for chunk in chunks {
            starts.append(total)
            let (sum, overflow) = total.addingReportingOverflow(chunk.count)
            guard !overflow else { throw ArrowError(.limitExceeded, "dictionary too long") }
            total = sum
        }
        self.field = field
        self.layout = .chunked
        self.chunkStarts = starts
        self.count = total
        self.nullCount = chunks.reduce(0) { $0 &+ $1.nullCount }
        self.offset = 0
        self.buffers = []
        self.children = chunks
        self.dictionary = nil
        self.validity = nil
        self.primary = .empty
        self.secondary = .empty
        self.unionChildIndex = []
        self.isDirect = false
        (kind, decimalPrecision, decimalScale, timeZone, childNames) = Self.valueInfo(field.type)
    }

    private static func valueInfo(_ type: ArrowType) -> (ValueKind, Int, Int, String?, [String]) {
        switch type {
        case .decimal(_, let precision, let scale): (.decimal, precision, scale, nil, [])
        case .timestamp(let unit, let zone): (.timestamp(unit), 0, 0, zone, [])
        case .struct(let fields): (.structure, 0, 0, nil, fields.map(\.name))
        default: (ValueKind(type), 0, 0, nil, [])
        }
    }

    private init(
        field: Field, layout: ArrayLayout, count: Int, nullCount: Int, offset: Int,
        buffers: [ArrowBuffer], children: [ArrowArray], dictionary: ArrowArray?
    ) throws(ArrowError) {
        func fail(_ message: String) -> ArrowError {
            ArrowError(.invalidArray, "field '\(field.name)': \(message)")
        }
        guard count >= 0, offset >= 0, nullCount >= 0, nullCount <= count else {
            throw fail("invalid count \(count), offset \(offset) or null count \(nullCount)")
        }
        guard !offset.addingReportingOverflow(count).overflow else { throw fail("offset + count overflows") }
        let minimumBuffers = layout.bufferCount
        if case .view = layout {
            guard buffers.count >= minimumBuffers else { throw fail("needs at least \(minimumBuffers) buffers") }
        } else {
            guard buffers.count == minimumBuffers else {
                throw fail("needs \(minimumBuffers) buffers, has \(buffers.count)")
            }
        }
        let childFields = field.type.childFields
        let isDictionary = field.dictionary != nil
        // A dictionary-encoded array's nested values live in the dictionary, not in children.
        let expectedChildren = isDictionary ? [] : childFields
        guard children.count == expectedChildren.count else {
            throw fail("needs \(expectedChildren.count) children, has \(children.count)")
        }
        // Accessors rely on each child having the layout its type implies.
        for (child, expected) in zip(children, expectedChildren)
        where child.field.type != expected.type || (child.field.dictionary == nil) != (expected.dictionary == nil) {
            throw fail("child '\(child.field.name)' does not match its field's type")
        }
        guard isDictionary == (dictionary != nil) else {
            throw fail(isDictionary ? "dictionary values are missing" : "unexpected dictionary")
        }
        // The dictionary must hold this field's value type. Besides catching mismatched
        // producers, this rules out chains of dictionaries nesting earlier versions of
        // themselves, which would make value access recurse without bound.
        if let dictionary, dictionary.field.type != field.type {
            throw fail("dictionary values are \(dictionary.field.type), field expects \(field.type)")
        }
        self.field = field
        self.layout = layout
        self.count = count
        self.nullCount = nullCount
        self.offset = offset
        self.buffers = buffers
        self.children = children
        self.dictionary = dictionary
        self.chunkStarts = []
        (kind, decimalPrecision, decimalScale, timeZone, childNames) = Self.valueInfo(field.type)
        switch layout {
        case .null, .sparseUnion, .denseUnion, .runEndEncoded, .chunked: self.isDirect = false
        default: self.isDirect = dictionary == nil
        }
        if layout.hasValidityBitmap, nullCount > 0, let bitmap = buffers.first, bitmap.count > 0 {
            self.validity = bitmap
        } else {
            self.validity = nil
        }
        switch layout {
        case .sparseUnion, .denseUnion:
            primary = buffers[0]
            secondary = buffers.count > 1 ? buffers[1] : .empty
        default:
            primary = buffers.count > 1 ? buffers[1] : .empty
            secondary = buffers.count > 2 ? buffers[2] : .empty
        }
        if case .union(_, _, let typeIDs) = field.type {
            var table = [Int8](repeating: -1, count: 128)
            for (index, id) in typeIDs.enumerated() where (0..<128).contains(id) && index < 128 {
                table[Int(id)] = Int8(index)
            }
            unionChildIndex = table
        } else {
            unionChildIndex = []
        }
        try validate()
    }
}
