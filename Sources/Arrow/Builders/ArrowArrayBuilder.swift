import Foundation

/// Builds an ``ArrowArray`` of any Arrow type, nested ones included, from Swift values.
///
/// `append(_:)` takes an ``ArrowValue`` and converts it to the column's type, throwing
/// ``ArrowError/Code/typeMismatch`` (and leaving the builder unchanged) when it does not
/// fit. The typed appends (`append(int64:)`, `append(string:)`, …) skip the `ArrowValue`
/// and cost amortized O(1) with no allocation per value.
///
/// A dictionary-encoded field (``Field/dictionary`` set) collects distinct values into its
/// dictionary. The dictionary outlives ``finish()``: later arrays share the values seen so
/// far and add new ones as a further chunk, which the IPC writers send as a delta batch.
public struct ArrowArrayBuilder: Sendable {
    /// The field of the arrays built.
    public let field: Field
    /// Physical layout of the stored slots (of the indices, for dictionary encoding).
    let layout: ArrayLayout
    /// Whether the field is dictionary-encoded; kept apart so the typed appends test a
    /// stored flag instead of copying the field's encoding (and its type) per value.
    let isDictionaryEncoded: Bool
    /// The number of slots appended since the last ``finish()``.
    public internal(set) var count = 0
    /// The number of null slots appended since the last ``finish()``.
    public internal(set) var nullCount = 0
    /// The validity bitmap; created at the first null so columns without nulls carry none.
    var validity: BitmapBuilder?
    /// Values, offsets, views, union type ids or dictionary indices, per the layout.
    var values = GrowableBuffer()
    /// The values of a boolean column.
    var bits = BitmapBuilder()
    /// Data bytes, list-view sizes, dense union offsets, or the view data being filled.
    var secondary = GrowableBuffer()
    /// View data buffers already full.
    var viewData: [ArrowBuffer] = []
    /// Child builders (for dictionary encoding: one, building the dictionary's values).
    var children: [ArrowArrayBuilder] = []
    /// Dictionary encoding: the index of each distinct value in the dictionary.
    var memo: [ArrowValue: Int] = [:]
    /// Dictionary encoding: dictionary values already finished, and their concatenation.
    var dictionaryChunks: [ArrowArray] = []
    var dictionary: ArrowArray?
    /// Run-end encoding: the value of the last run.
    var lastRun: ArrowValue?
    /// Run-end encoding: a null was appended past what the run-end type can count.
    var runEndOverflow = false
    /// Unions: the child index of each type id (-1 when unused).
    let unionChildIndex: [Int8]

    /// The largest view data buffer before a new one is started.
    static let viewBlockSize = 1 << 22

    /// Creates a builder for `field`; fails when the type's parameters are inconsistent.
    public init(field: Field) throws(ArrowError) {
        try Self.checkType(field)
        self.field = field
        isDictionaryEncoded = field.dictionary != nil
        let layout = ArrayLayout(field.dictionary?.indexType ?? field.type)
        self.layout = layout
        if field.dictionary != nil {
            var valueField = field
            valueField.dictionary = nil
            children = [try ArrowArrayBuilder(field: valueField)]
        } else {
            for child in field.type.childFields { children.append(try ArrowArrayBuilder(field: child)) }
        }
        if case .union(_, _, let typeIDs) = field.type {
            var table = [Int8](repeating: -1, count: 128)
            for (index, id) in typeIDs.enumerated() { table[Int(id)] = Int8(index) }
            unionChildIndex = table
        } else {
            unionChildIndex = []
        }
        startOffsets()
    }

    /// Creates a builder for a nullable field of `type` named `name`.
    public init(type: ArrowType, name: String = "") throws(ArrowError) {
        try self.init(field: Field(name: name, type: type))
    }

    /// The type of the values.
    public var type: ArrowType { field.type }

    /// Offset layouts start with a zero offset.
    private mutating func startOffsets() {
        switch layout {
        case .binary(let width), .list(let width):
            if width == 4 { values.append(Int32(0)) } else { values.append(Int64(0)) }
        default: break
        }
    }

    private static func checkType(_ field: Field) throws(ArrowError) {
        func fail(_ message: String) -> ArrowError {
            ArrowError(.invalidArray, "field '\(field.name)': \(message)")
        }
        if let encoding = field.dictionary, !ArrowIPCMessageEncoder.integerTypes.contains(encoding.indexType) {
            throw fail("dictionary index type must be an integer")
        }
        switch field.type {
        case .decimal(let bitWidth, _, _):
            guard [32, 64, 128, 256].contains(bitWidth) else { throw fail("decimal bit width \(bitWidth) is invalid") }
        case .fixedSizeBinary(let width):
            // The schema stores the width as an int32.
            guard (0...Int(Int32.max)).contains(width) else { throw fail("fixed-size binary width \(width) is invalid") }
        case .fixedSizeList(_, let size):
            guard (0...Int(Int32.max)).contains(size) else { throw fail("fixed-size list size \(size) is invalid") }
        case .map(let entries, _):
            guard case .struct(let children) = entries.type, children.count == 2 else {
                throw fail("map entries must be a struct of key and value")
            }
        case .union(_, let children, let typeIDs):
            guard children.count == typeIDs.count, children.count <= 128,
                Set(typeIDs).count == typeIDs.count, typeIDs.allSatisfy({ (0..<128).contains($0) })
            else { throw fail("union type ids are invalid") }
        case .runEndEncoded(let runEnds, _):
            guard [.int16, .int32, .int64].contains(runEnds.type), runEnds.dictionary == nil else {
                throw fail("run ends must be int16, int32 or int64")
            }
        default:
            break
        }
    }

    // MARK: Validity

    /// Records a valid slot in the bitmap (when one exists).
    @inline(__always)
    mutating func markValid() {
        validity?.append(true)
    }

    /// Records a null slot, creating the bitmap on the first null.
    mutating func markNull() {
        if validity == nil {
            var bitmap = BitmapBuilder()
            bitmap.append(true, count: count)
            validity = bitmap
        }
        validity?.append(false)
        nullCount += 1
    }

    // MARK: Finishing

    /// Returns the array built so far and starts over empty (a dictionary keeps its values).
    public mutating func finish() throws(ArrowError) -> ArrowArray {
        if runEndOverflow {
            runEndOverflow = false
            throw ArrowError(.typeMismatch, "field '\(field.name)': more slots than its run-end type can count")
        }
        let validityBuffer: ArrowBuffer = validity?.finish() ?? .empty
        var buffers: [ArrowBuffer] = []
        var childArrays: [ArrowArray] = []
        var dictionaryArray: ArrowArray?
        var arrayNullCount = nullCount
        switch layout {
        case .null:
            arrayNullCount = count
        case .bool:
            buffers = [validityBuffer, bits.finish()]
        case .signed, .unsigned, .float16, .float32, .float64, .decimal, .fixedBytes:
            buffers = [validityBuffer, values.finish()]
        case .binary:
            buffers = [validityBuffer, values.finish(), secondary.finish()]
        case .view:
            var data = viewData
            if secondary.count > 0 { data.append(secondary.finish()) }
            buffers = [validityBuffer, values.finish()] + data
        case .list:
            buffers = [validityBuffer, values.finish()]
        case .fixedList, .structure:
            buffers = [validityBuffer]
        case .listView:
            buffers = [validityBuffer, values.finish(), secondary.finish()]
        case .sparseUnion:
            buffers = [values.finish()]
            arrayNullCount = 0
        case .denseUnion:
            buffers = [values.finish(), secondary.finish()]
            arrayNullCount = 0
        case .runEndEncoded, .chunked:
            arrayNullCount = 0
        }
        if field.dictionary != nil {
            dictionaryArray = try finishDictionary()
        } else {
            for index in children.indices { childArrays.append(try children[index].finish()) }
        }
        let built = try ArrowArray(
            field: field, count: count, nullCount: arrayNullCount, buffers: buffers, children: childArrays,
            dictionary: dictionaryArray)
        count = 0
        nullCount = 0
        validity = nil
        viewData = []
        lastRun = nil
        startOffsets()
        return built
    }

    /// Forgets the dictionary values collected so far (recursively, for dictionary-encoded
    /// children too), so that the next ``finish()`` starts a new dictionary; the IPC
    /// writers then send it as a replacement instead of a delta (the file format refuses
    /// replacements). Call it between arrays, when memory for a long stream matters.
    public mutating func resetDictionary() {
        memo = [:]
        dictionaryChunks = []
        dictionary = nil
        for index in children.indices { children[index].resetDictionary() }
    }

    /// The dictionary: the chunks finished before plus the values added since.
    private mutating func finishDictionary() throws(ArrowError) -> ArrowArray {
        if children[0].count > 0 || dictionaryChunks.isEmpty {
            dictionaryChunks.append(try children[0].finish())
            if dictionaryChunks.count == 1 {
                dictionary = dictionaryChunks[0]
            } else {
                dictionary = try ArrowArray(concatenating: dictionaryChunks, field: children[0].field)
            }
        }
        guard let dictionary else { throw ArrowError(.invalidArray, "dictionary of '\(field.name)' is missing") }
        return dictionary
    }
}
