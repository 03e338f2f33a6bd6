import Foundation
import Testing

@testable import Arrow

/// Streams rows through the typed appends and the stream writer, the way the server turns
/// SQLite rows into Arrow, and reports the rate (debug builds are much slower than release).
@Suite struct BuilderThroughputTests {
    @Test("typed appends and stream writing handle many rows and report their rate")
    func throughput() throws {
        let schema = Schema(fields: [
            Field(name: "id", type: .int64, isNullable: false), Field(name: "name", type: .utf8),
            Field(name: "price", type: .float64),
        ])
        let rows = 200_000
        let batchSize = 50_000
        let clock = ContinuousClock()
        var builder = try RecordBatchBuilder(schema: schema)
        var writer = try ArrowStreamWriter(schema: schema)
        let names = (0..<100).map { "product name number \($0)" }
        let elapsed = try clock.measure {
            for row in 0..<rows {
                try builder.columns[0].append(int64: Int64(row))
                try builder.columns[1].append(string: row % 10 == 0 ? nil : names[row % 100])
                try builder.columns[2].append(double: Double(row) * 0.5)
                if builder.rowCount == batchSize { try writer.write(try builder.finish()) }
            }
        }
        let data = try writer.finish()
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("built and wrote \(rows) rows (\(data.count) bytes) in \(seconds) s: \(Int(Double(rows) / seconds)) rows/s")
        var reader = try ArrowStreamReader(data: data)
        let batches = try reader.readAll()
        #expect(batches.count == rows / batchSize)
        #expect(batches.last?.columns[0].int64(at: batchSize - 1) == Int64(rows - 1))
        #expect(batches[1].columns[1].string(at: 1) == names[(batchSize + 1) % 100])
        #expect(batches[0].columns[1].nullCount == batchSize / 10)
    }
}
