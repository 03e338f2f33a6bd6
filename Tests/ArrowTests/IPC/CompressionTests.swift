import Arrow
import CLZ4
import CZSTD
import Foundation
import Testing

@Suite struct CompressionTests {
    typealias M = TestMessages

    static func zstd(_ data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: ZSTD_compressBound(data.count))
        let size = data.withUnsafeBytes { ZSTD_compress(&output, output.count, $0.baseAddress, data.count, 1) }
        return Data(output.prefix(size))
    }

    static func lz4(_ data: Data) -> Data {
        var output = [UInt8](repeating: 0, count: LZ4F_compressFrameBound(data.count, nil))
        let size = data.withUnsafeBytes { LZ4F_compressFrame(&output, output.count, $0.baseAddress, data.count, nil) }
        return Data(output.prefix(size))
    }

    /// A compressed buffer: 8-byte uncompressed length (or -1) then the payload.
    static func compressed(_ data: Data, codec: Int8?) -> Data {
        switch codec {
        case 0: TestFB.le(Int64(data.count)).withUnsafeBytes { Data($0) } + lz4(data)
        case 1: TestFB.le(Int64(data.count)).withUnsafeBytes { Data($0) } + zstd(data)
        default: Data(TestFB.le(Int64(-1))) + data
        }
    }

    func decode(codec: Int8, buffer: Data, limits: ArrowIPCLimits = .default) throws(ArrowError) -> [ArrowValue] {
        var decoder = ArrowIPCMessageDecoder(limits: limits)
        _ = try decoder.decode(header: M.schema([M.field("n", typeTag: 2, type: M.intType(64))]), body: Data())
        let body = M.Body([Data(), buffer])
        guard case .recordBatch(let batch) = try decoder.decode(
            header: M.recordBatch(length: 4, nodes: [(4, 0)], body: body, codec: codec), body: body.data)
        else { return [] }
        return batch.columns[0].values
    }

    static let raw = TestMessages.bytes([Int64(1), -2, 3, Int64.max])
    static let expected: [ArrowValue] = [.int(1), .int(-2), .int(3), .int(Int64.max)]

    @Test("LZ4 frame, ZSTD and uncompressed (-1) buffers decode", arguments: [Int8(0), 1, 2])
    func roundTrip(_ codec: Int8) throws {
        #expect(try decode(codec: codec == 2 ? 1 : codec, buffer: Self.compressed(Self.raw, codec: codec)) == Self.expected)
    }

    @Test("a declared size over the limit is limitExceeded", arguments: [Int8(0), 1])
    func overLimit(_ codec: Int8) {
        let limits = ArrowIPCLimits(maxDecompressedBufferSize: 16)
        do {
            _ = try decode(codec: codec, buffer: Self.compressed(Self.raw, codec: codec), limits: limits)
            Issue.record("expected limitExceeded")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test("corrupt or mis-sized compressed data is a compression error", arguments: [Int8(0), 1])
    func corrupt(_ codec: Int8) {
        var lying = Self.compressed(Self.raw, codec: codec)
        lying.replaceSubrange(0..<8, with: TestFB.le(Int64(64)))
        var garbage = Self.compressed(Self.raw, codec: codec)
        garbage.replaceSubrange(8..<garbage.count, with: Data(repeating: 0xAB, count: garbage.count - 8))
        var short = Self.compressed(Self.raw, codec: codec)
        short.replaceSubrange(0..<8, with: TestFB.le(Int64(16)))
        let truncated = Self.compressed(Self.raw, codec: codec).dropLast(3)
        for buffer in [lying, short, garbage, Data(truncated)] {
            do {
                _ = try decode(codec: codec, buffer: buffer)
                Issue.record("expected a compression error")
            } catch {
                #expect(error.code == .compression)
            }
        }
    }
}
