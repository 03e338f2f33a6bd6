import Foundation
@testable import GRPCTransport
import Testing

/// Inputs found by the fuzz harnesses, kept as plain regression tests.
@Suite struct TransportFuzzRegressionTests {
    /// Found by HostileServerFuzzTests (8000 headers took the client ~0.5 s): each field
    /// copied the block's whole field array, so one header block within the 256 KiB limit
    /// cost quadratic time, on the client and on the server alike.
    @Test("a header block of thousands of fields is collected in linear time")
    func manyHeaderFields() {
        var collector = HeaderBlockCollector()
        let count = 7000  // 7000 × (1 + 32) bytes: within the 256 KiB limit
        let start = ContinuousClock.now
        collector.begin(1)
        var added = 0
        let name = Array("x".utf8), value: [UInt8] = []
        name.withUnsafeBufferPointer { name in
            value.withUnsafeBufferPointer { value in
                let valuePointer = value.baseAddress ?? name.baseAddress!
                for _ in 0..<count where collector.add(1, name: name.baseAddress!, nameLength: 1, value: valuePointer, valueLength: 0) {
                    added += 1
                }
            }
        }
        let fields = collector.take(1)
        let elapsed = ContinuousClock.now - start
        #expect(added == count)
        #expect(fields?.count == count)
        // Linear: about a millisecond. Quadratic was ~0.5 s; the bound leaves room for a loaded CI machine.
        #expect(elapsed < .milliseconds(300), "\(elapsed)")
    }

    @Test("a header block past the size limit is dropped")
    func oversizedBlock() {
        var collector = HeaderBlockCollector()
        collector.begin(3)
        let value = [UInt8](repeating: 0x61, count: 1024)
        let name = Array("big".utf8)
        var refused = false
        for _ in 0..<300 where !refused {
            refused = !collector.add(3, name: name, nameLength: 3, value: value, valueLength: value.count)
        }
        #expect(refused)
        #expect(collector.take(3) == nil)
    }
}
