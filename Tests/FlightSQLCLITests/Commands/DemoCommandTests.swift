import Arrow
import DBAPI
import Foundation
import Testing

@testable import FlightSQLCLI

/// `flightsql demo`: an in-process server queried through the DB-API driver, printed as tables.
@Suite struct DemoCommandTests {
    @Test("the demo tours a join, an aggregate, a prepared statement and a transaction, as tables, in seconds")
    func tour() async throws {
        let sink = OutputSink()
        let clock = ContinuousClock()
        let elapsed = try await clock.measure { try await DemoCommand.run([], stdout: sink) }
        try sink.flush()
        let text = sink.capturedText
        #expect(text.hasPrefix("Flight SQL server listening on grpc://127.0.0.1:"))
        // The aggregate, whole: names from the cursor's description, numbers aligned right.
        #expect(text.contains("""
            == Distance and fares per country (an aggregate) ==
            +---------+-------+----+----------+
            | country | trips | km | avg_fare |
            +---------+-------+----+----------+
            | France  |     3 | 49 |    25.13 |
            | Germany |     2 | 22 |     16.7 |
            +---------+-------+----+----------+
            (2 rows)
            """))
        // The join keeps DECIMAL(8,2) scales and prints timestamps as the query command does.
        #expect(text.contains("|  1 | Ada       | Paris  | 12 | 24.50 | 2024-05-01T08:15:00.000000 |"))
        #expect(text.contains("|  5 | Grace     | Berlin |  4 |  6.10 | NULL                       |"))
        // The prepared statement's parameter (km >= 12) filtered the rows.
        #expect(text.contains("with ? = 12 (a prepared statement) ==\n+-----------+----+-------+\n| traveller | km | fare  |"))
        #expect(text.contains("| Ada       | 12 | 24.50 |\n+-----------+----+-------+\n(3 rows)"))
        // The second connection's insert was invisible until its commit, then counted.
        #expect(text.contains("inserted 1 row; before the commit others saw 5 trips"))
        #expect(text.contains("| Lisbon |     1 |"))
        // A hang guard, not a benchmark: the demo takes ~0.2 s alone, but this suite runs in
        // parallel with the CPU-heavy ones (fuzzing, gold files) on CI's 2 cores.
        print("demo took \(elapsed)")
        #expect(elapsed < .seconds(90), "the demo took \(elapsed)")
    }

    @Test("the demo takes no arguments")
    func arguments() async {
        await #expect(throws: UsageError.self) { try await DemoCommand.run(["--port", "1"], stdout: OutputSink()) }
    }

    @Test("DB-API values print as the query command prints the same Arrow values")
    func values() throws {
        let columns = ["i", "d", "t", "ts", "n", "big"].map { ColumnDescription(name: $0, typeCode: .other, nativeType: "?") }
        let wide = try #require(ExactDecimal(String(repeating: "9", count: 80)))
        let rows: [[Value]] = [
            [.int(-3), .decimal(try #require(ExactDecimal("41.00"))), .string("Zoë"), .timestamp(1_714_551_300_000_000, .microsecond, timeZone: nil),
             .null, .decimal(wide)],
        ]
        let batch = ValueRowBatch(columns: columns, rows: rows)
        let sink = OutputSink()
        try DemoTable.write(columns: columns, rows: [Row(batch: batch, rowIndex: 0)], to: sink)
        let line = sink.capturedText.split(separator: "\n")[3]
        #expect(line.hasPrefix("| -3 | 41.00 | Zoë | 2024-05-01T08:15:00.000000 | NULL | 999"))
        #expect(DemoTable.arrowValue(.date(days: 19_844)) == .date32(19_844))
        #expect(DemoTable.arrowValue(.list([.int(1), .null])) == .list([.int(1), .null]))
        #expect(DemoTable.arrowValue(.decimal(wide)) == .string(wide.description))
    }
}
