@testable import Arrow
import Foundation
import Testing

/// `ArrowBuffer(Data)` reads large values in place. These tests pin down the Foundation
/// behaviour that relies on (see `ArrowBufferStorage.make`): if a Foundation update broke
/// it, they fail instead of buffers silently seeing other bytes.
@Suite struct ArrowBufferTests {
    static func pattern(_ count: Int, seed: UInt8 = 0) -> Data {
        Data((0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) })
    }

    func address(_ data: Data) -> UnsafeRawPointer? { data.withUnsafeBytes { $0.baseAddress } }

    @Test("a large Data is shared, not copied")
    func sharesLargeData() {
        let data = Self.pattern(1000)
        let buffer = ArrowBuffer(data)
        #expect(buffer.base == address(data))
        #expect(buffer.data == data)
    }

    @Test("a slice of a large Data is shared at its offset")
    func sharesSlice() {
        let whole = Self.pattern(4096)
        let slice = whole[100..<3000]
        let buffer = ArrowBuffer(slice)
        #expect(buffer.count == 2900)
        #expect(buffer.base == address(whole)! + 100)
        #expect(buffer.data == Data(slice))
    }

    @Test("small values are copied, whatever Foundation does with them")
    func copiesSmallData() {
        for count in [0, 1, 14, 15, 16, ArrowBufferStorage.retainThreshold] {
            let data = Self.pattern(count)
            let buffer = ArrowBuffer(data)
            #expect(buffer.count == count)
            #expect(buffer.data == data)
        }
    }

    @Test("mutating, appending to or dropping the caller's Data never changes the buffer")
    func valueSemantics() {
        var data = Self.pattern(10_000)
        let expected = data
        let buffer = ArrowBuffer(data)
        data[0] = 0xAB
        data.append(contentsOf: Self.pattern(100_000, seed: 7))
        data.removeFirst(10)
        data.resetBytes(in: 0..<100)
        #expect(buffer.data == expected)
        // The last reference to the original bytes is now the buffer's.
        data = Data()
        #expect(buffer.data == expected)
    }

    @Test("a slice keeps the bytes alive after every other reference is gone")
    func outlivesSource() throws {
        var slice: ArrowBuffer?
        do {
            let data = Self.pattern(5000, seed: 3)
            slice = ArrowBuffer(data).slice(offset: 1000, count: 2000)
        }
        let bytes = try #require(slice).data
        #expect(bytes == Self.pattern(5000, seed: 3)[1000..<3000])
    }

    @Test("a message assembled by appends, as the gRPC deframer does, is read in place")
    func appendedData() {
        var message = Data()
        message.reserveCapacity(1 << 16)
        for seed in 0..<16 { message.append(Self.pattern(4096, seed: UInt8(seed))) }
        var received: [Data] = [message]
        message = Data()
        let body = received[0][64..<(16 * 4096)]
        let buffer = ArrowBuffer(body)
        #expect(buffer.base == address(received[0])! + 64)
        received.removeAll()
        #expect(buffer.count == 16 * 4096 - 64)
        #expect(buffer.data.prefix(4096 - 64) == Self.pattern(4096)[64...])
    }
}
