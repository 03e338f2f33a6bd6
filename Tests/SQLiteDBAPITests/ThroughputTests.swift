import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// Insert and fetch throughput on one million rows. Not a timed test: it runs only with
/// `SQLITE_DBAPI_BENCHMARK=1` (best in a release build) and prints its numbers.
@Suite struct ThroughputTests {
    @Test("throughput of executemany and fetchall on 1M rows",
          .enabled(if: ProcessInfo.processInfo.environment["SQLITE_DBAPI_BENCHMARK"] == "1"))
    func throughput() async throws {
        let directory = try TemporaryDirectory()
        let connection = try SQLiteConnection.open(path: directory.path())
        try await connection.executeScript("CREATE TABLE bench (id INTEGER, name TEXT, price REAL, qty INTEGER)")
        let count = 1_000_000
        let sets: [[Value]] = (0..<count).map { [.int(Int64($0)), .string("name \($0)"), .double(Double($0) * 0.5), .int(7)] }
        let cursor = try await connection.cursor()

        let clock = ContinuousClock()
        let insert = try await clock.measure {
            try await cursor.executemany("INSERT INTO bench VALUES (?, ?, ?, ?)", parameterSets: sets)
            try await connection.commit()
        }
        var fetched = 0
        let fetch = try await clock.measure {
            try await cursor.execute("SELECT id, name, price, qty FROM bench")
            for try await _ in cursor.rows { fetched += 1 }
        }
        var sum: Int64 = 0
        let decode = try await clock.measure {
            try await cursor.execute("SELECT id, name, price, qty FROM bench")
            for row in try await cursor.fetchall() { sum &+= try row.decode(Int64.self, at: 0) }
        }
        #expect(fetched == count)
        #expect(sum == Int64(count) * Int64(count - 1) / 2)
        func rate(_ duration: Duration) -> Int {
            Int(Double(count) / (Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18))
        }
        print("SQLiteDBAPI throughput: insert \(rate(insert)) rows/s (\(insert)), rows sequence \(rate(fetch)) rows/s (\(fetch)), fetchall+decode \(rate(decode)) rows/s (\(decode))")
    }
}
