import Foundation

/// Collects the field nodes and buffers of one message body and lays them out: each
/// buffer (compressed first, when asked) at an 8-byte aligned offset, padded with zeros.
struct BodyBuilder {
    /// A buffer's bytes: a region of an existing array (no copy until the body is
    /// assembled) or bytes the writer computed (re-based offsets, shifted bitmaps).
    enum Piece {
        case buffer(ArrowBuffer)
        case data(Data)

        func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .buffer(let buffer):
                return withExtendedLifetime(buffer) { body(UnsafeRawBufferPointer(start: buffer.base, count: buffer.count)) }
            case .data(let data):
                return data.withUnsafeBytes { body($0) }
            }
        }

        var count: Int {
            switch self {
            case .buffer(let buffer): buffer.count
            case .data(let data): data.count
            }
        }
    }

    private(set) var layout = EncodedBatchLayout()
    private var pieces: [Piece] = []

    mutating func node(length: Int, nullCount: Int) {
        layout.nodes.append((Int64(length), Int64(nullCount)))
    }

    mutating func buffer(_ piece: Piece) {
        pieces.append(piece)
    }

    mutating func variadicCount(_ count: Int) {
        layout.variadicBufferCounts.append(Int64(count))
    }

    /// Lays the buffers out; returns the batch description and the body.
    mutating func assemble(length: Int, compression: ArrowIPCCompression?) throws(ArrowError) -> (EncodedBatchLayout, Data) {
        layout.length = Int64(length)
        layout.compression = compression
        var stored: [Piece] = []
        stored.reserveCapacity(pieces.count)
        if let compression {
            for piece in pieces {
                let compressed = piece.withUnsafeBytes { bytes in
                    Result { () throws(ArrowError) -> Data in try BufferCompression.compress(bytes, codec: compression) }
                }
                stored.append(.data(try compressed.get()))
            }
        } else {
            stored = pieces
        }
        let total = stored.reduce(0) { $0 + Self.padded($1.count) }
        var body = Data(capacity: total)
        layout.buffers.removeAll(keepingCapacity: true)
        for piece in stored {
            layout.buffers.append((Int64(body.count), Int64(piece.count)))
            switch piece {
            case .buffer(let buffer):
                body.append(buffer.base.assumingMemoryBound(to: UInt8.self), count: buffer.count)
            case .data(let data): body.append(data)
            }
            let padding = Self.padded(piece.count) - piece.count
            if padding > 0 { body.append(contentsOf: repeatElement(0, count: padding)) }
        }
        pieces.removeAll()
        return (layout, body)
    }

    /// `count` rounded up to a multiple of 8.
    static func padded(_ count: Int) -> Int { (count + 7) & ~7 }
}
