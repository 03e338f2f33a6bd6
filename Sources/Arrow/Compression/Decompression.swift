import CLZ4
import CZSTD
import Foundation

/// Decompression of IPC body buffers (LZ4 frame and Zstandard).
enum Decompression {
    /// Decompresses `source` into a new storage of exactly `expected` bytes; fails when the
    /// stream is corrupt or decodes to any other size.
    static func decompress(
        _ source: UnsafeRawBufferPointer, codec: CompressionCodec, expected: Int
    ) throws(ArrowError) -> ArrowBufferStorage {
        try checkPlausible(source, codec: codec, expected: expected)
        let storage = ArrowBufferStorage(count: expected)
        switch codec {
        case .zstd: try zstd(source, into: storage)
        case .lz4Frame: try lz4(source, into: storage)
        }
        return storage
    }

    /// Rejects a declared size the compressed bytes cannot produce, before allocating it:
    /// a zstd frame that states its content size must state `expected`, and LZ4 cannot
    /// expand data more than about 255 times.
    private static func checkPlausible(
        _ source: UnsafeRawBufferPointer, codec: CompressionCodec, expected: Int
    ) throws(ArrowError) {
        switch codec {
        case .zstd:
            guard let input = source.baseAddress else { throw ArrowError(.compression, "empty zstd input") }
            let size = ZSTD_getFrameContentSize(input, source.count)
            if size == ZSTD_CONTENTSIZE_ERROR { throw ArrowError(.compression, "zstd: not a zstd frame") }
            if size != ZSTD_CONTENTSIZE_UNKNOWN && size != UInt64(expected) {
                throw ArrowError(.compression, "zstd frame holds \(size) bytes, header said \(expected)")
            }
        case .lz4Frame:
            let (bound, overflow) = source.count.multipliedReportingOverflow(by: 256)
            if !overflow && expected > bound + 64 {
                throw ArrowError(.compression, "lz4 cannot expand \(source.count) bytes to \(expected)")
            }
        }
    }

    private static func zstd(_ source: UnsafeRawBufferPointer, into storage: ArrowBufferStorage) throws(ArrowError) {
        guard let input = source.baseAddress else { throw ArrowError(.compression, "empty zstd input") }
        let result = ZSTD_decompress(storage.base, storage.count, input, source.count)
        if ZSTD_isError(result) != 0 {
            let name = String(cString: ZSTD_getErrorName(result))
            throw ArrowError(.compression, "zstd: \(name)")
        }
        guard result == storage.count else {
            throw ArrowError(.compression, "zstd produced \(result) bytes, header said \(storage.count)")
        }
    }

    private static func lz4(_ source: UnsafeRawBufferPointer, into storage: ArrowBufferStorage) throws(ArrowError) {
        guard let input = source.baseAddress else { throw ArrowError(.compression, "empty lz4 input") }
        var context: OpaquePointer?
        guard LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0, let context else {
            throw ArrowError(.compression, "lz4: cannot create a decompression context")
        }
        defer { LZ4F_freeDecompressionContext(context) }
        var consumed = 0
        var produced = 0
        var hint = 1
        // Each call consumes input and/or produces output; stop when the frame is complete
        // (hint 0). No progress means truncated input or output beyond the declared size,
        // so the loop always terminates.
        while hint != 0 {
            var sourceSize = source.count - consumed
            var destinationSize = storage.count - produced
            hint = LZ4F_decompress(context, storage.base + produced, &destinationSize, input + consumed, &sourceSize, nil)
            if LZ4F_isError(hint) != 0 {
                throw ArrowError(.compression, "lz4: \(String(cString: LZ4F_getErrorName(hint)))")
            }
            consumed += sourceSize
            produced += destinationSize
            if hint != 0 && sourceSize == 0 && destinationSize == 0 {
                throw ArrowError(.compression, "lz4: truncated frame or output larger than declared")
            }
        }
        guard produced == storage.count else {
            throw ArrowError(.compression, "lz4 produced \(produced) bytes, header said \(storage.count)")
        }
    }
}
