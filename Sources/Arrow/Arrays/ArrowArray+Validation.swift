/// Structural validation, run once per array so that accessors need no range checks.
extension ArrowArray {
    private func fail(_ message: String) -> ArrowError {
        ArrowError(.invalidArray, "field '\(field.name)': \(message)")
    }

    /// `count * width` bytes, or an error on overflow.
    private func bytes(_ count: Int, _ width: Int) throws(ArrowError) -> Int {
        let (product, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow else { throw fail("buffer size overflows") }
        return product
    }

    private func require(_ buffer: ArrowBuffer, _ size: Int, _ what: String) throws(ArrowError) {
        guard buffer.count >= size else {
            throw fail("\(what) buffer has \(buffer.count) bytes, needs \(size)")
        }
    }

    func validate() throws(ArrowError) {
        let end = offset + count  // checked for overflow by the initializer
        // Widths come from the type; the schema decoder only produces valid ones, but a
        // hand-built type must not make accessors form negative or partial ranges.
        switch layout {
        case .decimal(let width) where ![4, 8, 16, 32].contains(width):
            throw fail("decimal width \(width) bytes is invalid")
        case .fixedBytes(let width) where width < 0:
            throw fail("negative fixed-size binary width")
        case .fixedList(let size) where size < 0:
            throw fail("negative fixed-size list size")
        default: break
        }
        if layout.hasValidityBitmap, nullCount > 0 {
            guard let validity else { throw fail("\(nullCount) nulls but no validity bitmap") }
            try require(validity, end / 8 + (end % 8 == 0 ? 0 : 1), "validity")
        }
        switch layout {
        case .null, .chunked:
            break
        case .bool:
            try require(primary, end / 8 + (end % 8 == 0 ? 0 : 1), "values")
        case .signed(let width), .unsigned(let width), .decimal(let width), .fixedBytes(let width):
            try require(primary, try bytes(end, width), "values")
        case .float16:
            try require(primary, try bytes(end, 2), "values")
        case .float32:
            try require(primary, try bytes(end, 4), "values")
        case .float64:
            try require(primary, try bytes(end, 8), "values")
        case .binary(let width):
            try validateOffsets(width: width, limit: secondary.count)
        case .view:
            try validateViews(end: end)
        case .list(let width):
            try validateOffsets(width: width, limit: children[0].count)
        case .listView(let width):
            try validateListViews(width: width, end: end)
        case .fixedList(let size):
            guard children[0].count >= (try bytes(end, size)) else { throw fail("child too short") }
        case .structure:
            for child in children where child.count < end { throw fail("child '\(child.field.name)' too short") }
        case .sparseUnion, .denseUnion:
            try validateUnion(end: end)
        case .runEndEncoded:
            try validateRunEnds(end: end)
        }
        if let dictionary {
            try validateIndices(end: end, dictionaryCount: dictionary.count)
        }
    }

    /// Whether physical slot `slot` is valid per the bitmap.
    @inline(__always)
    func bitmapValid(_ slot: Int) -> Bool {
        guard let validity else { return true }
        return validity.bit(slot)
    }

    @inline(__always)
    func offsetValue(_ buffer: ArrowBuffer, _ slot: Int, width: Int) -> Int {
        width == 4 ? Int(buffer.load(at: slot &* 4, as: Int32.self)) : Int(buffer.load(at: slot &* 8, as: Int64.self))
    }

    private func validateOffsets(width: Int, limit: Int) throws(ArrowError) {
        let end = offset + count
        // An empty array may omit its offsets entirely.
        if count == 0 && primary.count == 0 { return }
        try require(primary, try bytes(end + 1, width), "offsets")
        var previous = offsetValue(primary, offset, width: width)
        guard previous >= 0 else { throw fail("negative offset") }
        for slot in (offset + 1)..<(end + 1) {
            let next = offsetValue(primary, slot, width: width)
            guard next >= previous else { throw fail("offsets decrease at slot \(slot)") }
            previous = next
        }
        guard previous <= limit else { throw fail("offset \(previous) beyond data of \(limit)") }
    }

    private func validateViews(end: Int) throws(ArrowError) {
        try require(primary, try bytes(end, 16), "views")
        // The data buffers' sizes, looked up by index for every non-inline view.
        let dataSizes = buffers.dropFirst(2).map(\.count)
        // One pass over the views through a raw pointer (the size of the views buffer was
        // checked above), with the common case first: a view of at most 12 bytes holds its
        // string inline and needs no further check, null or not. Only longer views of
        // valid slots are checked against their data buffer.
        let views = primary.base
        let validity = self.validity
        var slot = offset
        while slot < end {
            let length = Int32(littleEndian: views.loadUnaligned(fromByteOffset: slot &* 16, as: Int32.self))
            if length >= 0 && length <= 12 {
                slot &+= 1
                continue
            }
            if let validity, !validity.bit(slot) {
                slot &+= 1
                continue
            }
            guard length >= 0 else { throw fail("negative view length at slot \(slot)") }
            let bufferIndex = Int(Int32(littleEndian: views.loadUnaligned(fromByteOffset: slot &* 16 &+ 8, as: Int32.self)))
            let start = Int(Int32(littleEndian: views.loadUnaligned(fromByteOffset: slot &* 16 &+ 12, as: Int32.self)))
            // start and length are below 2^31, so their sum cannot overflow.
            guard bufferIndex >= 0, bufferIndex < dataSizes.count, start >= 0, start + Int(length) <= dataSizes[bufferIndex]
            else { throw fail("view at slot \(slot) outside its data buffer") }
            slot &+= 1
        }
    }

    private func validateListViews(width: Int, end: Int) throws(ArrowError) {
        try require(primary, try bytes(end, width), "offsets")
        try require(secondary, try bytes(end, width), "sizes")
        let limit = children[0].count
        for slot in offset..<end where bitmapValid(slot) {
            let start = offsetValue(primary, slot, width: width)
            let size = offsetValue(secondary, slot, width: width)
            // start and size are at most 2^63 - 1 each, so their sum cannot overflow after the sign checks
            // only when compared separately.
            guard start >= 0, size >= 0, start <= limit, size <= limit - start else {
                throw fail("list view at slot \(slot) outside its child")
            }
        }
    }

    private func validateUnion(end: Int) throws(ArrowError) {
        try require(primary, end, "type ids")
        let dense: Bool
        if case .denseUnion = layout { dense = true } else { dense = false }
        if dense { try require(secondary, try bytes(end, 4), "union offsets") }
        for slot in offset..<end {
            let typeID = Int(primary.load(at: slot, as: Int8.self))
            guard typeID >= 0, unionChildIndex[typeID] >= 0, Int(unionChildIndex[typeID]) < children.count else { throw fail("invalid union type id \(typeID)") }
            let child = children[Int(unionChildIndex[typeID])]
            if dense {
                let childSlot = Int(secondary.load(at: slot * 4, as: Int32.self))
                guard childSlot >= 0, childSlot < child.count else { throw fail("union offset out of range at \(slot)") }
            } else {
                guard slot < child.count else { throw fail("sparse union child too short") }
            }
        }
    }

    private func validateRunEnds(end: Int) throws(ArrowError) {
        let runEnds = children[0]
        let values = children[1]
        guard runEnds.nullCount == 0 else { throw fail("run ends contain nulls") }
        guard runEnds.count <= values.count else { throw fail("fewer values than runs") }
        if end == 0 { return }
        guard runEnds.count > 0 else { throw fail("no runs for \(end) slots") }
        var previous = 0
        for run in 0..<runEnds.count {
            guard let next = runEnds.int64(at: run), next > previous else {
                throw fail("run ends not strictly increasing at run \(run)")
            }
            previous = Int(next)
        }
        guard previous >= end else { throw fail("runs cover \(previous) slots, need \(end)") }
    }

    private func validateIndices(end: Int, dictionaryCount: Int) throws(ArrowError) {
        for slot in offset..<end where bitmapValid(slot) {
            let index: Int
            switch layout {
            case .signed(let width): index = signedValue(slot, width: width)
            case .unsigned(let width):
                let raw = unsignedValue(slot, width: width)
                index = raw > UInt64(Int.max) ? -1 : Int(raw)
            default: throw fail("dictionary indices must be integers")
            }
            guard index >= 0, index < dictionaryCount else {
                throw fail("dictionary index \(index) at slot \(slot) outside dictionary of \(dictionaryCount)")
            }
        }
    }

    @inline(__always)
    func signedValue(_ slot: Int, width: Int) -> Int {
        switch width {
        case 1: Int(primary.load(at: slot, as: Int8.self))
        case 2: Int(primary.load(at: slot &* 2, as: Int16.self))
        case 4: Int(primary.load(at: slot &* 4, as: Int32.self))
        default: Int(primary.load(at: slot &* 8, as: Int64.self))
        }
    }

    @inline(__always)
    func unsignedValue(_ slot: Int, width: Int) -> UInt64 {
        switch width {
        case 1: UInt64(primary.load(at: slot, as: UInt8.self))
        case 2: UInt64(primary.load(at: slot &* 2, as: UInt16.self))
        case 4: UInt64(primary.load(at: slot &* 4, as: UInt32.self))
        default: primary.load(at: slot &* 8, as: UInt64.self)
        }
    }
}
