import Foundation

/// Writes arrays into a ``BodyBuilder`` in the pre-order the IPC format prescribes: a field
/// node per array, its buffers, then its children.
///
/// Slice-aware: every array is written as the logical range `start..<start+length` of its
/// slots (its own `offset` applied on top), re-based to offset 0. Buffers whose range
/// starts on a byte boundary at offset zero are referenced without copying; re-based
/// offsets and shifted bitmaps are computed.
struct ArrayBodyWriter {
    var body = BodyBuilder()

    private func fail(_ array: ArrowArray, _ message: String) -> ArrowError {
        ArrowError(.invalidArray, "field '\(array.field.name)': \(message)")
    }

    /// Writes the whole array.
    mutating func write(_ array: ArrowArray) throws(ArrowError) {
        try write(array, start: 0, length: array.count)
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    mutating func write(_ array: ArrowArray, start: Int, length: Int) throws(ArrowError) {
        guard start >= 0, length >= 0, start <= array.count, length <= array.count - start else {
            throw fail(array, "range \(start)+\(length) outside \(array.count) slots")
        }
        let slot = array.offset + start
        switch array.layout {
        case .chunked:
            // A dictionary extended by deltas, written as a column: one IPC array cannot hold
            // chunks, so the range is copied into one array by value.
            var builder = try ArrowArrayBuilder(field: array.field)
            for index in start..<(start + length) { try builder.append(array.value(at: index)) }
            try write(try builder.finish())
        case .null:
            body.node(length: length, nullCount: length)
        case .bool:
            try validity(array, slot: slot, start: start, length: length)
            body.buffer(try bits(array, array.buffers[1], from: slot, count: length))
        case .signed(let width), .unsigned(let width), .decimal(let width), .fixedBytes(let width):
            try fixed(array, width: width, slot: slot, start: start, length: length)
        case .float16:
            try fixed(array, width: 2, slot: slot, start: start, length: length)
        case .float32:
            try fixed(array, width: 4, slot: slot, start: start, length: length)
        case .float64:
            try fixed(array, width: 8, slot: slot, start: start, length: length)
        case .binary(let width):
            try validity(array, slot: slot, start: start, length: length)
            let (offsets, first, last) = try rebasedOffsets(
                array, array.buffers[1], width: width, slot: slot, length: length)
            body.buffer(offsets)
            body.buffer(try bytes(array, array.buffers[2], from: first, count: last - first))
        case .view:
            try validity(array, slot: slot, start: start, length: length)
            body.buffer(try bytes(array, array.buffers[1], from: slot * 16, count: length * 16))
            // Views address data buffers by index and offset, so the data buffers are kept whole.
            let data = array.buffers.dropFirst(2)
            body.variadicCount(data.count)
            for buffer in data { body.buffer(.buffer(buffer)) }
        case .list(let width):
            try validity(array, slot: slot, start: start, length: length)
            let (offsets, first, last) = try rebasedOffsets(
                array, array.buffers[1], width: width, slot: slot, length: length)
            body.buffer(offsets)
            try write(array.children[0], start: first, length: last - first)
        case .listView(let width):
            try validity(array, slot: slot, start: start, length: length)
            body.buffer(try bytes(array, array.buffers[1], from: slot * width, count: length * width))
            body.buffer(try bytes(array, array.buffers[2], from: slot * width, count: length * width))
            // Views may point anywhere in the child, which is therefore written whole.
            try write(array.children[0])
        case .fixedList(let size):
            try validity(array, slot: slot, start: start, length: length)
            try write(array.children[0], start: slot * size, length: length * size)
        case .structure:
            try validity(array, slot: slot, start: start, length: length)
            for child in array.children { try write(child, start: slot, length: length) }
        case .sparseUnion:
            body.node(length: length, nullCount: 0)
            body.buffer(try bytes(array, array.buffers[0], from: slot, count: length))
            for child in array.children { try write(child, start: slot, length: length) }
        case .denseUnion:
            body.node(length: length, nullCount: 0)
            body.buffer(try bytes(array, array.buffers[0], from: slot, count: length))
            body.buffer(try bytes(array, array.buffers[1], from: slot * 4, count: length * 4))
            for child in array.children { try write(child) }
        case .runEndEncoded:
            try runEndEncoded(array, slot: slot, length: length)
        }
    }

    private mutating func fixed(_ array: ArrowArray, width: Int, slot: Int, start: Int, length: Int) throws(ArrowError) {
        try validity(array, slot: slot, start: start, length: length)
        body.buffer(try bytes(array, array.buffers[1], from: slot * width, count: length * width))
    }

    /// The node and the validity bitmap (empty when the range has no nulls).
    private mutating func validity(_ array: ArrowArray, slot: Int, start: Int, length: Int) throws(ArrowError) {
        let nulls: Int
        if array.validity == nil {
            nulls = 0
        } else if start == 0 && length == array.count {
            nulls = array.nullCount
        } else {
            var count = 0
            for index in slot..<(slot + length) where !array.bitmapValid(index) { count += 1 }
            nulls = count
        }
        body.node(length: length, nullCount: nulls)
        if nulls == 0 {
            body.buffer(.data(Data()))
        } else {
            body.buffer(try bits(array, array.buffers[0], from: slot, count: length))
        }
    }

    private func bytes(
        _ array: ArrowArray, _ buffer: ArrowBuffer, from: Int, count: Int
    ) throws(ArrowError) -> BodyBuilder.Piece {
        guard let slice = buffer.slice(offset: from, count: count) else {
            throw fail(array, "buffer range \(from)+\(count) outside \(buffer.count) bytes")
        }
        return .buffer(slice)
    }

    /// Bits `from..<from+count` of a bitmap, shifted to start at bit 0 when needed.
    private func bits(
        _ array: ArrowArray, _ buffer: ArrowBuffer, from: Int, count: Int
    ) throws(ArrowError) -> BodyBuilder.Piece {
        let byteCount = (count + 7) / 8
        if from % 8 == 0 { return try bytes(array, buffer, from: from / 8, count: byteCount) }
        guard (from + count + 7) / 8 <= buffer.count else {
            throw fail(array, "bitmap of \(buffer.count) bytes shorter than \(from + count) bits")
        }
        var shifted = [UInt8](repeating: 0, count: byteCount)
        let shift = UInt8(from % 8)
        for index in 0..<byteCount {
            let at = from / 8 + index
            let low = buffer.load(at: at, as: UInt8.self) >> shift
            let high = at + 1 < buffer.count ? buffer.load(at: at + 1, as: UInt8.self) << (8 - shift) : 0
            shifted[index] = low | high
        }
        return .data(Data(shifted))
    }

    /// The offsets of slots `slot...slot+length`, re-based to start at 0, and the child or
    /// data range they cover.
    private func rebasedOffsets(
        _ array: ArrowArray, _ buffer: ArrowBuffer, width: Int, slot: Int, length: Int
    ) throws(ArrowError) -> (BodyBuilder.Piece, Int, Int) {
        // An empty array may omit its offsets; the writer always emits the single 0.
        if buffer.count == 0 { return (.data(Data(count: width)), 0, 0) }
        guard (slot + length + 1) * width <= buffer.count else {
            throw fail(array, "offsets buffer of \(buffer.count) bytes too short")
        }
        func offset(_ index: Int) -> Int {
            width == 4 ? Int(buffer.load(at: index * 4, as: Int32.self)) : Int(buffer.load(at: index * 8, as: Int64.self))
        }
        let first = offset(slot)
        let last = offset(slot + length)
        if first == 0 { return (try bytes(array, buffer, from: slot * width, count: (length + 1) * width), 0, last) }
        var rebased = Data(count: (length + 1) * width)
        rebased.withUnsafeMutableBytes { target in
            for index in 0...length {
                let value = offset(slot + index) - first
                if width == 4 {
                    let narrow = Int32(truncatingIfNeeded: value)
                    target.storeBytes(of: narrow.littleEndian, toByteOffset: index * 4, as: Int32.self)
                } else {
                    target.storeBytes(of: Int64(value).littleEndian, toByteOffset: index * 8, as: Int64.self)
                }
            }
        }
        return (.data(rebased), first, last)
    }

    /// Run-end encoded: the runs covering the range, with run ends re-based to it.
    private mutating func runEndEncoded(_ array: ArrowArray, slot: Int, length: Int) throws(ArrowError) {
        body.node(length: length, nullCount: 0)
        let runEnds = array.children[0]
        let values = array.children[1]
        var ends: [Int64] = []
        var firstRun = 0
        if length > 0 {
            // The first run whose end exceeds `slot`.
            var low = 0
            var high = runEnds.count - 1
            while low < high {
                let middle = (low + high) / 2
                if (runEnds.int64(at: middle) ?? 0) > Int64(slot) { high = middle } else { low = middle + 1 }
            }
            firstRun = low
            var run = low
            while run < runEnds.count {
                let end = runEnds.int64(at: run) ?? 0
                ends.append(min(end, Int64(slot + length)) - Int64(slot))
                if end >= Int64(slot + length) { break }
                run += 1
            }
        }
        let width: Int
        switch runEnds.type {
        case .int16: width = 2
        case .int32: width = 4
        default: width = 8
        }
        var data = Data(count: ends.count * width)
        data.withUnsafeMutableBytes { target in
            for (index, end) in ends.enumerated() {
                switch width {
                case 2:
                    let narrow = Int16(truncatingIfNeeded: end)
                    target.storeBytes(of: narrow.littleEndian, toByteOffset: index * 2, as: Int16.self)
                case 4:
                    let narrow = Int32(truncatingIfNeeded: end)
                    target.storeBytes(of: narrow.littleEndian, toByteOffset: index * 4, as: Int32.self)
                default: target.storeBytes(of: end.littleEndian, toByteOffset: index * 8, as: Int64.self)
                }
            }
        }
        body.node(length: ends.count, nullCount: 0)
        body.buffer(.data(Data()))
        body.buffer(.data(data))
        try write(values, start: firstRun, length: ends.count)
    }
}
