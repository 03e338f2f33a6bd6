/// Builds the arrays of one record batch (or dictionary batch) from its header and body,
/// consuming field nodes and buffers in the pre-order the IPC format prescribes.
struct BatchLoader {
    let header: RecordBatchHeader
    let body: ArrowBuffer
    /// `MetadataVersion` of the message; before V5 (4) unions carry a validity buffer.
    let version: Int16
    let bigEndian: Bool
    let limits: ArrowIPCLimits
    let dictionaries: [Int64: ArrowArray]
    private var nodeIndex = 0
    private var bufferIndex = 0
    private var variadicIndex = 0
    private var decompressedBytes = 0

    init(
        header: RecordBatchHeader, body: ArrowBuffer, version: Int16, bigEndian: Bool,
        limits: ArrowIPCLimits, dictionaries: [Int64: ArrowArray]
    ) {
        self.header = header
        self.body = body
        self.version = version
        self.bigEndian = bigEndian
        self.limits = limits
        self.dictionaries = dictionaries
    }

    mutating func load(_ fields: [Field]) throws(ArrowError) -> [ArrowArray] {
        var columns: [ArrowArray] = []
        columns.reserveCapacity(fields.count)
        for field in fields { columns.append(try load(field, depth: 1)) }
        return columns
    }

    private mutating func load(_ field: Field, depth: Int) throws(ArrowError) -> ArrowArray {
        guard depth <= limits.maxNestingDepth else {
            throw ArrowError(.limitExceeded, "nesting deeper than \(limits.maxNestingDepth)")
        }
        guard nodeIndex < header.nodes.count else {
            throw ArrowError(.invalidIPC, "record batch has too few field nodes")
        }
        let node = header.nodes[nodeIndex]
        nodeIndex += 1
        guard node.length >= 0, node.nullCount >= 0, node.nullCount <= node.length else {
            throw ArrowError(.invalidIPC, "field '\(field.name)': invalid length \(node.length) or null count \(node.nullCount)")
        }
        guard node.length <= limits.maxArrayLength else {
            throw ArrowError(.limitExceeded, "field '\(field.name)': length \(node.length) exceeds \(limits.maxArrayLength)")
        }
        let layout = ArrayLayout(field.dictionary?.indexType ?? field.type)
        var buffers: [ArrowBuffer] = []
        switch layout {
        case .sparseUnion, .denseUnion:
            // Pre-V5 unions start with a validity bitmap, which V5 dropped.
            if version < 4 { _ = try nextBuffer() }
        default: break
        }
        for _ in 0..<layout.bufferCount { buffers.append(try nextBuffer()) }
        if case .view = layout {
            guard variadicIndex < header.variadicBufferCounts.count else {
                throw ArrowError(.invalidIPC, "field '\(field.name)': missing variadic buffer count")
            }
            let extra = header.variadicBufferCounts[variadicIndex]
            variadicIndex += 1
            guard extra >= 0, extra <= header.buffers.count - bufferIndex else {
                throw ArrowError(.invalidIPC, "field '\(field.name)': invalid variadic buffer count \(extra)")
            }
            for _ in 0..<Int(extra) { buffers.append(try nextBuffer()) }
        }
        if bigEndian { buffers = swapped(buffers, layout: layout, type: field.dictionary?.indexType ?? field.type) }
        var children: [ArrowArray] = []
        var dictionary: ArrowArray?
        if let encoding = field.dictionary {
            guard let values = dictionaries[encoding.id] else {
                throw ArrowError(.invalidIPC, "field '\(field.name)': dictionary \(encoding.id) has not been sent")
            }
            dictionary = values
        } else {
            for child in field.type.childFields { children.append(try load(child, depth: depth + 1)) }
        }
        return try ArrowArray(
            field: field, count: Int(node.length), nullCount: Int(node.nullCount),
            buffers: buffers, children: children, dictionary: dictionary)
    }

    private mutating func nextBuffer() throws(ArrowError) -> ArrowBuffer {
        guard bufferIndex < header.buffers.count else {
            throw ArrowError(.invalidIPC, "record batch has too few buffers")
        }
        let spec = header.buffers[bufferIndex]
        bufferIndex += 1
        guard spec.offset >= 0, spec.length >= 0, let raw = body.slice(offset: Int(spec.offset), count: Int(spec.length))
        else {
            throw ArrowError(.truncated, "buffer \(spec.offset)+\(spec.length) outside body of \(body.count) bytes")
        }
        guard let codec = header.compression, raw.count > 0 else { return raw }
        guard raw.count >= 8 else { throw ArrowError(.compression, "compressed buffer shorter than its length prefix") }
        let expected = raw.load(at: 0, as: Int64.self)
        guard let payload = raw.slice(offset: 8, count: raw.count - 8) else { return .empty }
        if expected == -1 { return payload }
        guard expected >= 0, expected <= limits.maxDecompressedBufferSize,
            Int(expected) <= limits.maxDecompressedBodySize - decompressedBytes
        else {
            throw ArrowError(.limitExceeded, "decompressed buffer of \(expected) bytes exceeds the limit")
        }
        if expected == 0 { return .empty }
        decompressedBytes += Int(expected)
        // `payload` keeps its storage alive for the duration of the call.
        let source = UnsafeRawBufferPointer(start: payload.base, count: payload.count)
        let storage = try withExtendedLifetime(payload) { () throws(ArrowError) in
            try Decompression.decompress(source, codec: codec, expected: Int(expected))
        }
        return ArrowBuffer(storage: storage, offset: 0, count: Int(expected))
    }

    /// Big-endian buffers converted to little-endian copies (validity bitmaps and byte
    /// data need nothing).
    private func swapped(_ input: [ArrowBuffer], layout: ArrayLayout, type: ArrowType) -> [ArrowBuffer] {
        var buffers = input
        switch layout {
        case .signed(let width), .unsigned(let width), .decimal(let width):
            buffers[1] = ByteSwap.swapped(buffers[1], width: width)
        case .float16: buffers[1] = ByteSwap.swapped(buffers[1], width: 2)
        case .float32: buffers[1] = ByteSwap.swapped(buffers[1], width: 4)
        case .float64: buffers[1] = ByteSwap.swapped(buffers[1], width: 8)
        case .fixedBytes:
            if case .interval(.dayTime) = type {
                buffers[1] = ByteSwap.swappedFields(buffers[1], widths: [(0, 4), (4, 4)], stride: 8)
            } else if case .interval(.monthDayNano) = type {
                buffers[1] = ByteSwap.swappedFields(buffers[1], widths: [(0, 4), (4, 4), (8, 8)], stride: 16)
            }
        case .binary(let width), .list(let width):
            buffers[1] = ByteSwap.swapped(buffers[1], width: width)
        case .listView(let width):
            buffers[1] = ByteSwap.swapped(buffers[1], width: width)
            buffers[2] = ByteSwap.swapped(buffers[2], width: width)
        case .denseUnion:
            buffers[1] = ByteSwap.swapped(buffers[1], width: 4)
        case .view:
            buffers[1] = ByteSwap.swappedViews(buffers[1])
        case .null, .bool, .fixedList, .structure, .sparseUnion, .runEndEncoded, .chunked:
            break
        }
        return buffers
    }
}
