// flightsql-benchmark: fetches a query's whole result through this project's client and prints
// one JSON line per run, in the same shape as Scripts/benchmarks/peer_fetch.py prints for the
// ADBC (Go) and pyarrow.flight (C++) clients, so Scripts/benchmark.sh can compare them in one run.
//
//   flightsql-benchmark URL SQL [--runs N] [--touch | --dbapi]
//   flightsql-benchmark --dbapi-memory ROWS [--runs N]
//
// --touch also reads every value of every column through the typed accessors (what a row-wise
// consumer pays on top of fetching). --dbapi goes through the DB-API driver instead: execute on
// a cursor, iterate `cursor.rows` and decode every cell with `row.decode` to its natural Swift
// type (what an application using the database API pays). --dbapi-memory measures that DB-API
// row path alone, without a server: ROWS synthetic rows (id int64, value float64, label utf8) in
// Arrow batches of 65,536 rows, read through a `CursorCore` exactly as --dbapi reads them.
import Arrow
import DBAPI
import FlightSQL
import Foundation

@main
struct FlightSQLBenchmark {
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var runs = 5
        var touch = false
        var dbapi = false
        if let index = arguments.firstIndex(of: "--runs"), index + 1 < arguments.count, let value = Int(arguments[index + 1]) {
            runs = value
            arguments.removeSubrange(index...index + 1)
        }
        if let index = arguments.firstIndex(of: "--dbapi-memory"), index + 1 < arguments.count,
           let rowCount = Int(arguments[index + 1]), rowCount >= 0 {
            do {
                try await runDBAPIMemory(rowCount: rowCount, runs: runs)
            } catch {
                FileHandle.standardError.write(Data("flightsql-benchmark: \(error)\n".utf8))
                exit(1)
            }
            return
        }
        if let index = arguments.firstIndex(of: "--touch") {
            touch = true
            arguments.remove(at: index)
        }
        if let index = arguments.firstIndex(of: "--dbapi") {
            dbapi = true
            arguments.remove(at: index)
        }
        guard arguments.count == 2, !(touch && dbapi) else {
            FileHandle.standardError.write(Data("usage: flightsql-benchmark URL SQL [--runs N] [--touch | --dbapi]\n".utf8))
            exit(2)
        }
        do {
            if dbapi {
                try await runDBAPI(url: arguments[0], sql: arguments[1], runs: runs)
                return
            }
            let client = try await FlightSQLClient.connect(url: arguments[0])
            defer { client.close() }
            for run in 1...runs {
                // Measured: GetFlightInfo (execute) through the last batch of every endpoint's
                // DoGet, the same phases peer_fetch.py measures; connecting is not included.
                let cpuStart = processCPUSeconds()
                let start = ContinuousClock.now
                var rows = 0
                var batches = 0
                var checksum = 0
                var firstBatch: Duration?
                let info = try await client.execute(arguments[1])
                let infoDone = ContinuousClock.now - start
                for endpoint in info.endpoints {
                    let reader = try await client.doGet(endpoint)
                    for try await received in reader {
                        if firstBatch == nil { firstBatch = ContinuousClock.now - start }
                        rows += received.batch.rowCount
                        batches += 1
                        if touch { checksum &+= touchValues(received.batch) }
                    }
                }
                let seconds = (ContinuousClock.now - start).seconds
                let cpu = processCPUSeconds() - cpuStart
                print("{\"client\":\"swift\(touch ? "+touch" : "")\",\"run\":\(run),\"rows\":\(rows),\"batches\":\(batches),\"seconds\":\(seconds),\"info_seconds\":\(infoDone.seconds),\"first_batch_seconds\":\((firstBatch ?? .zero).seconds),\"cpu_seconds\":\(cpu),\"checksum\":\(checksum)}")
            }
        } catch {
            FileHandle.standardError.write(Data("flightsql-benchmark: \(error)\n".utf8))
            exit(1)
        }
    }

    /// The --dbapi mode: same phases, through `FlightSQLConnection`, a cursor and its rows.
    static func runDBAPI(url: String, sql: String, runs: Int) async throws {
        let connection = try await FlightSQLConnection.connect(url: url)
        let cursor = try await connection.cursor()
        for run in 1...runs {
            let cpuStart = processCPUSeconds()
            let start = ContinuousClock.now
            try await cursor.execute(sql)
            let infoDone = ContinuousClock.now - start
            let readers = (cursor.description ?? []).map(cellReader)
            var rows = 0
            var checksum = 0
            var firstRow: Duration?
            for try await row in cursor.rows {
                if firstRow == nil { firstRow = ContinuousClock.now - start }
                rows += 1
                for (column, read) in readers.enumerated() { checksum &+= try read(row, column) }
            }
            let seconds = (ContinuousClock.now - start).seconds
            let cpu = processCPUSeconds() - cpuStart
            print("{\"client\":\"swift+dbapi\",\"run\":\(run),\"rows\":\(rows),\"seconds\":\(seconds),\"info_seconds\":\(infoDone.seconds),\"first_batch_seconds\":\((firstRow ?? .zero).seconds),\"cpu_seconds\":\(cpu),\"checksum\":\(checksum)}")
        }
        try await connection.close()
    }

    /// The --dbapi-memory mode: the DB-API row path (cursor core, `rows`, `row.decode`) over
    /// synthetic Arrow batches built once up front, so only the per-row cost is timed.
    static func runDBAPIMemory(rowCount: Int, runs: Int) async throws {
        let schema = Schema(fields: [
            Field(name: "id", type: .int64), Field(name: "value", type: .float64), Field(name: "label", type: .utf8),
        ])
        var batches: [any RowBatch] = []
        var start = 0
        while start < rowCount {
            let count = min(65_536, rowCount - start)
            var ids = try ArrowArrayBuilder(field: schema.fields[0])
            var values = try ArrowArrayBuilder(field: schema.fields[1])
            var labels = try ArrowArrayBuilder(field: schema.fields[2])
            for row in start..<start + count {
                try ids.append(int64: Int64(row))
                try values.append(double: Double(row) * 0.5)
                try labels.append(string: "label \(row % 1000)")
            }
            let batch = try RecordBatch(
                schema: schema, rowCount: count, columns: [ids.finish(), values.finish(), labels.finish()])
            batches.append(ArrowRowBatch(batch))
            start += count
        }
        let columns = batches.first?.columns ?? []
        let allBatches = batches
        let core = CursorCore()
        for run in 1...runs {
            let cpuStart = processCPUSeconds()
            let begin = ContinuousClock.now
            try await core.execute { .rows(columns: columns, source: InMemoryBatchSource(allBatches)) }
            let readers = (core.description ?? []).map(cellReader)
            var rows = 0
            var checksum = 0
            for try await row in core.rows {
                rows += 1
                for (column, read) in readers.enumerated() { checksum &+= try read(row, column) }
            }
            let seconds = (ContinuousClock.now - begin).seconds
            let cpu = processCPUSeconds() - cpuStart
            let nanosecondsPerRow = rows > 0 ? seconds * 1e9 / Double(rows) : 0
            print("{\"client\":\"swift+dbapi-memory\",\"run\":\(run),\"rows\":\(rows),\"seconds\":\(seconds),\"ns_per_row\":\(nanosecondsPerRow),\"cpu_seconds\":\(cpu),\"checksum\":\(checksum)}")
        }
    }

    /// Decodes a cell to the natural Swift type of its column (as an application would)
    /// and folds it into a checksum so that the work cannot be optimized away.
    static func cellReader(_ column: ColumnDescription) -> @Sendable (Row, Int) throws -> Int {
        switch column.typeCode {
        case .integer: return { row, index in Int(truncatingIfNeeded: try row.decode(Int64?.self, at: index) ?? 0) }
        case .float: return { row, index in Int(try row.decode(Double?.self, at: index) ?? 0) }
        case .string: return { row, index in try row.decode(String?.self, at: index)?.utf8.count ?? 0 }
        case .boolean: return { row, index in try row.decode(Bool?.self, at: index) == true ? 1 : 0 }
        default: return { row, index in row.isNull(at: index) ? 0 : 1 }
        }
    }

    /// User plus system CPU time of the whole process so far (every thread: the connection's
    /// I/O thread and the tasks decoding batches), so a run's CPU cost can be told apart
    /// from time spent waiting for the server.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// Reads every cell through the cheapest typed accessor for its column.
    static func touchValues(_ batch: RecordBatch) -> Int {
        var checksum = 0
        for column in batch.columns {
            switch column.type {
            case .int8, .int16, .int32, .int64:
                for row in 0..<batch.rowCount { checksum &+= Int(truncatingIfNeeded: column.int64(at: row) ?? 0) }
            case .float32, .float64:
                for row in 0..<batch.rowCount { checksum &+= Int(column.double(at: row) ?? 0) }
            case .utf8, .largeUTF8, .utf8View:
                for row in 0..<batch.rowCount { checksum &+= column.string(at: row)?.utf8.count ?? 0 }
            default:
                for row in 0..<batch.rowCount where !column.value(at: row).isNull { checksum &+= 1 }
            }
        }
        return checksum
    }
}

extension Duration {
    /// The duration in seconds, as a Double.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
