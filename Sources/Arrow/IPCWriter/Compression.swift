import CLZ4
import CZSTD
import Foundation

/// The codec used to compress record batch bodies (`BodyCompression`, one buffer at a time).
public enum ArrowIPCCompression: String, Sendable, Hashable, CaseIterable {
    /// The LZ4 frame format (`LZ4_FRAME`).
    case lz4Frame
    /// Zstandard (`ZSTD`).
    case zstd
}

/// Compression of IPC body buffers.
enum BufferCompression {
    /// The buffer as the IPC format stores it under `codec`: the uncompressed length as an
    /// int64, then the compressed bytes; or -1 and the raw bytes when compressing does not
    /// make the buffer smaller. An empty buffer stays empty (readers need no prefix for it).
    static func compress(_ source: UnsafeRawBufferPointer, codec: ArrowIPCCompression) throws(ArrowError) -> Data {
        guard let input = source.baseAddress, source.count > 0 else { return Data() }
        let bound: Int
        switch codec {
        case .lz4Frame: bound = LZ4F_compressFrameBound(source.count, nil)
        case .zstd: bound = ZSTD_compressBound(source.count)
        }
        var output = Data(count: 8 + bound)
        var failure: ArrowError?
        let produced = output.withUnsafeMutableBytes { (target: UnsafeMutableRawBufferPointer) -> Int in
            // `Data(count:)` is never empty here (8 + bound > 0), so the base address exists.
            guard let base = target.baseAddress else { return 0 }
            switch codec {
            case .lz4Frame:
                let result = LZ4F_compressFrame(base + 8, bound, input, source.count, nil)
                if LZ4F_isError(result) != 0 {
                    failure = ArrowError(.compression, "lz4: \(String(cString: LZ4F_getErrorName(result)))")
                    return 0
                }
                return result
            case .zstd:
                let result = ZSTD_compress(base + 8, bound, input, source.count, 1)
                if ZSTD_isError(result) != 0 {
                    failure = ArrowError(.compression, "zstd: \(String(cString: ZSTD_getErrorName(result)))")
                    return 0
                }
                return result
            }
        }
        if let failure { throw failure }
        if produced >= source.count {
            var raw = Data(capacity: 8 + source.count)
            withUnsafeBytes(of: Int64(-1).littleEndian) { raw.append(contentsOf: $0) }
            raw.append(contentsOf: source)
            return raw
        }
        output.count = 8 + produced
        output.withUnsafeMutableBytes { $0.storeBytes(of: Int64(source.count).littleEndian, as: Int64.self) }
        return output
    }
}
