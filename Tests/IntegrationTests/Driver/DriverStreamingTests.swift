import DBAPI
import FlightSQL
import Foundation
import Testing
import TestSupport

/// Large results stream with bounded memory; closing or re-executing mid-result cancels.
@Suite(.serialized) struct DriverStreamingTests {
    @Test("a 2-million-row result streams with bounded memory", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)), arguments: [DriverServers.bsdb, DriverServers.roapi])
    func boundedMemory(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, value, label FROM big")
        let baseline = try #require(ProcessMemory.residentKiB)
        let peakBefore = ProcessMemory.peakKiB ?? 0
        var maxFirstHalf = baseline
        var maxSecondHalf = baseline
        var rows = 0
        var arrowBytes = 0
        var batches = 0
        var lastColumn: ObjectIdentifier?
        var idSum: Int64 = 0
        let start = ContinuousClock.now
        for try await row in cursor.rows {
            // Once per batch (a batch's first row), not per row: the cast costs more than the read.
            if row.rowIndex == 0, let batch = row.batch as? ArrowRowBatch, ObjectIdentifier(batch.recordBatch.columns[0]) != lastColumn {
                lastColumn = ObjectIdentifier(batch.recordBatch.columns[0])
                batches += 1
                arrowBytes += batch.recordBatch.columns.reduce(0) { $0 + $1.buffers.reduce(0) { $0 + $1.count } }
                // RSS is sampled every 8 batches; the first and second half of the result are
                // compared, since a result held in memory would keep growing through both.
                if batches % 8 == 0, let resident = ProcessMemory.residentKiB {
                    if rows < 1_000_000 { maxFirstHalf = max(maxFirstHalf, resident) } else { maxSecondHalf = max(maxSecondHalf, resident) }
                }
            }
            idSum &+= row.batch.int64(row: row.rowIndex, column: 0) ?? 0
            rows += 1
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let growthMiB = Double(max(maxFirstHalf, maxSecondHalf) - baseline) / 1024
        let secondHalfGrowthMiB = Double(max(0, maxSecondHalf - maxFirstHalf)) / 1024
        let totalMiB = Double(arrowBytes) / 1_048_576
        let peakGrowthMiB = Double((ProcessMemory.peakKiB ?? 0) - peakBefore) / 1024
        print("[\(server)] streamed \(rows) rows in \(batches) batches, \(String(format: "%.1f", totalMiB)) MiB of Arrow data, "
            + "in \(String(format: "%.2f", seconds)) s (\(Int(Double(rows) / seconds)) rows/s); "
            + "RSS growth \(String(format: "%.1f", growthMiB)) MiB (second half over first \(String(format: "%.1f", secondHalfGrowthMiB)) MiB), VmHWM growth \(String(format: "%.1f", peakGrowthMiB)) MiB")
        #expect(rows == 2_000_000)
        #expect(idSum == 1_999_999 * 2_000_000 / 2)
        #expect(batches > 100)
        #expect(totalMiB > 40)
        // Other suites run in parallel in this process, so the bounds leave room for their
        // allocations; a result held in memory would exceed both by far.
        #expect(growthMiB < totalMiB / 2, "memory stays well below the full result size")
        #expect(secondHalfGrowthMiB < totalMiB / 4, "memory stops growing once streaming is under way")
        try await connection.close()
    }

    @Test("fetchmany throughput over 2 million rows with typed reads", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func throughput() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        let start = ContinuousClock.now
        try await cursor.execute("SELECT id, value, label FROM big")
        var rows = 0
        var sum = 0.0
        while true {
            let page = try await cursor.fetchmany(65_536)
            if page.isEmpty { break }
            for row in page { sum += try row.decode(Double.self, at: 1) }
            rows += page.count
        }
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        print("[fetchmany] \(rows) rows with a typed read each in \(String(format: "%.2f", seconds)) s (\(Int(Double(rows) / seconds)) rows/s)")
        #expect(rows == 2_000_000)
        #expect(sum == 0.5 * Double(1_999_999) * 2_000_000 / 2)
        try await connection.close()
    }

    @Test("closing a cursor mid-result cancels the stream; the connection stays usable", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)), arguments: [DriverServers.bsdb, DriverServers.roapi])
    func closeMidResult(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM big")
        #expect(try await cursor.fetchmany(100).count == 100)
        let start = ContinuousClock.now
        try await cursor.close()
        #expect(ContinuousClock.now - start < .seconds(2), "closing does not drain the result")
        let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.fetchone() }
        #expect(error.kind == .interfaceError)

        // Re-executing mid-result cancels the previous result too.
        let other = try await connection.cursor()
        try await other.execute("SELECT * FROM big")
        _ = try await other.fetchone()
        try await other.execute("SELECT count(*) FROM trips")
        #expect(try await other.fetchone()?.decode(Int.self, at: 0) == 1000)
        try await connection.close()
    }

    @Test("closing the connection mid-result closes its cursors", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)))
    func closeConnectionMidResult() async throws {
        let connection = try await DriverServers.connect(DriverServers.bsdb)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM big")
        _ = try await cursor.fetchmany(10)
        try await connection.close()
        #expect(cursor.isClosed)
        let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.fetchall() }
        #expect(error.kind == .interfaceError)
    }
}
