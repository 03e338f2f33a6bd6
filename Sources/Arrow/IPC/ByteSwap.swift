/// Conversion of big-endian buffers to the little-endian layout accessors read.
///
/// Each conversion writes a fresh copy rather than swapping in place: buffers of a
/// malformed message may overlap, and swapping shared bytes after an earlier array was
/// validated would invalidate what that validation established.
enum ByteSwap {
    /// A copy of `buffer` whose bytes can be rearranged before it is published.
    private static func copy(_ buffer: ArrowBuffer) -> (ArrowBuffer, UnsafeMutableRawPointer) {
        let storage = ArrowBufferStorage(count: buffer.count)
        storage.base.copyMemory(from: buffer.base, byteCount: buffer.count)
        return (ArrowBuffer(storage: storage, offset: 0, count: buffer.count), storage.base)
    }

    private static func reverse(_ start: UnsafeMutableRawPointer, _ width: Int) {
        var bytes = UnsafeMutableRawBufferPointer(start: start, count: width)
        bytes.reverse()
    }

    /// `buffer` with each `width`-byte group reversed.
    static func swapped(_ buffer: ArrowBuffer, width: Int) -> ArrowBuffer {
        guard width > 1, buffer.count >= width else { return buffer }
        let (result, base) = copy(buffer)
        for group in 0..<(buffer.count / width) { reverse(base + group * width, width) }
        return result
    }

    /// `buffer` with the fields (offset, width) of each `stride`-byte element reversed.
    static func swappedFields(_ buffer: ArrowBuffer, widths: [(offset: Int, width: Int)], stride: Int) -> ArrowBuffer {
        let (result, base) = copy(buffer)
        for element in 0..<(buffer.count / stride) {
            for field in widths { reverse(base + element * stride + field.offset, field.width) }
        }
        return result
    }

    /// Views: the length always; buffer index and offset only for out-of-line values
    /// (inline values are bytes).
    static func swappedViews(_ buffer: ArrowBuffer) -> ArrowBuffer {
        let (result, base) = copy(buffer)
        for element in 0..<(buffer.count / 16) {
            let start = base + element * 16
            reverse(start, 4)
            if Int32(littleEndian: start.loadUnaligned(as: Int32.self)) > 12 {
                reverse(start + 8, 4)
                reverse(start + 12, 4)
            }
        }
        return result
    }
}
