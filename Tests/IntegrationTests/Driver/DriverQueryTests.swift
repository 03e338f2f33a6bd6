import DBAPI
import FlightSQL
import Foundation
import Testing
import TestSupport

/// Queries through the DB-API driver against roapi and benostreamdb: fetching across batch
/// boundaries, arraysize, descriptions, typed and Decodable reads, streaming with early exit.
@Suite struct DriverQueryTests {
    static let servers = [DriverServers.roapi, DriverServers.bsdb]

    @Test("fetchone, fetchmany and fetchall cross the 8192-row batch boundaries", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func fetchAcrossBatches(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM big LIMIT 20000")
        #expect(cursor.description?.map(\.name) == ["id", "value", "label"])
        let first = try #require(try await cursor.fetchone())
        #expect(first.count == 3)
        let many = try await cursor.fetchmany(10_000)
        #expect(many.count == 10_000)
        let batches = Set((many.map { ObjectIdentifier(($0.batch as! ArrowRowBatch).recordBatch.columns[0]) }))
        #expect(batches.count >= 2, "10 000 rows span at least two 8192-row batches")
        let rest = try await cursor.fetchall()
        #expect(rest.count == 9_999)
        #expect(try await cursor.fetchone() == nil)
        #expect(try await cursor.fetchmany(5).isEmpty)
        #expect(cursor.rowcount == 20_000, "known once every row was read")
        var ids = Set<Int64>()
        for row in [first] + many + rest {
            let id = try row.decode(Int64.self, at: 0)
            ids.insert(id)
            #expect(try row.decode(Double.self, at: 1) == Double(id) * 0.5)
            #expect(try row.decode(String.self, at: 2) == "row-\(id % 1000)")
        }
        #expect(ids.count == 20_000)
        try await connection.close()
    }

    @Test("arraysize sets fetchmany's default", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)), arguments: servers)
    func arraysize(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        #expect(cursor.arraysize == 1)
        try await cursor.execute("SELECT id FROM trips ORDER BY id")
        #expect(try await cursor.fetchmany().count == 1)
        cursor.arraysize = 300
        var sizes: [Int] = []
        while true {
            let page = try await cursor.fetchmany()
            if page.isEmpty { break }
            sizes.append(page.count)
        }
        #expect(sizes == [300, 300, 300, 99])
        try await connection.close()
    }

    @Test("description of the types table: names, codes, sizes, precision, nullability and Arrow types", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func typesDescription(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM types ORDER BY id")
        let description = try #require(cursor.description)
        #expect(description.count == 42)
        func column(_ name: String) throws -> ColumnDescription { try #require(description.first { $0.name == name }) }
        let isBSDB = server == DriverServers.bsdb
        let expected: [(String, String, DBAPITypeObject?)] = [
            ("id", "int32", .NUMBER), ("bool_col", "bool", nil), ("int8_col", "int8", .NUMBER), ("uint64_col", "uint64", .NUMBER),
            ("float32_col", "float32", .NUMBER), ("float64_col", "float64", .NUMBER),
            ("decimal_38_10_col", "decimal128(38, 10)", .NUMBER), ("utf8_col", isBSDB ? "utf8_view" : "utf8", .STRING),
            ("large_utf8_col", isBSDB ? "utf8_view" : "large_utf8", .STRING), ("binary_col", isBSDB ? "binary_view" : "binary", .BINARY),
            ("fixed_binary_col", "fixed_size_binary[4]", .BINARY), ("date32_col", "date32", .DATETIME), ("date64_col", "date64", .DATETIME),
            ("time32_ms_col", "time32[ms]", .DATETIME), ("time64_ns_col", "time64[ns]", .DATETIME), ("ts_us_col", "timestamp[us]", .DATETIME),
            ("ts_us_utc_col", "timestamp[us, tz=UTC]", .DATETIME), ("ts_ms_tz_col", "timestamp[ms, tz=+02:00]", .DATETIME),
            ("ts_ns_tz_col", "timestamp[ns, tz=America/New_York]", .DATETIME), ("duration_s_col", "duration[s]", .DATETIME),
            ("list_int_col", "list<int32>", nil), ("fixed_list_f64_col", "fixed_size_list<float64>[3]", nil),
            ("struct_col", "struct<a: int64, b: utf8, c: list<int16>>", nil), ("map_col", "map<utf8, int32>", nil),
        ]
        for (name, nativeType, group) in expected {
            let described = try column(name)
            #expect(described.nativeType == nativeType, "\(name)")
            #expect(described.typeCode.group == group, "\(name)")
            #expect(described.nullOK == true, "\(name)")
        }
        #expect(try column("decimal_10_2_col").precision == 10)
        #expect(try column("decimal_10_2_col").scale == 2)
        #expect(try column("decimal_38_10_col").internalSize == 16)
        #expect(try column("fixed_binary_col").internalSize == 4)
        #expect(try column("int16_col").internalSize == 2)
        #expect(try column("ts_ns_col").internalSize == 8)
        #expect(try column("utf8_col").internalSize == nil)
        #expect(try column("int64_col").displaySize == 20)
        #expect(try column("bool_col").typeCode == .boolean)
        #expect(try column("uint8_col").typeCode == .unsignedInteger)
        try await connection.close()
    }

    @Test("values of the types table convert losslessly", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func typesValues(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let rows = try await connection.execute("SELECT * FROM types ORDER BY id").fetchall()
        #expect(rows.count == 5)
        let max = rows[1]
        #expect(max["int64_col"] == .int(.max))
        #expect(max["uint64_col"] == .uint(.max))
        #expect(max["float32_col"] == .float(.greatestFiniteMagnitude))
        #expect(max["decimal_38_10_col"] == .decimal(try #require(ExactDecimal("9999999999999999999999999999.9999999999"))))
        #expect(rows[0]["decimal_38_10_col"]?.description == "-1234567890123456789012345678.0123456789")
        #expect(max["utf8_col"] == .string("hello"))
        #expect(max["binary_col"] == .bytes(Data([0, 1, 2, 255])))
        #expect(max["date32_col"] == .date(days: 2_932_896), "9999-12-31")
        #expect(max["date64_col"] == .dateMilliseconds(946_684_800_000), "2000-01-01 kept as milliseconds")
        #expect(max["time64_ns_col"] == .time(86_399_999_999_999, .nanosecond))
        #expect(max["ts_us_utc_col"] == .timestamp(1_700_000_000_123_456, .microsecond, timeZone: "UTC"))
        #expect(max["ts_ns_tz_col"] == .timestamp(1_700_000_000_123_456_789, .nanosecond, timeZone: "America/New_York"))
        #expect(max["duration_ms_col"] == .duration(1_500, .millisecond))
        #expect(max["list_int_col"] == .list([.int(1), .int(2), .int(3)]))
        #expect(rows[2]["list_int_col"] == .list([.null, .int(-1)]))
        #expect(rows[3]["struct_col"] == .struct([
            .init(name: "a", value: .int(.max)), .init(name: "b", value: .string("z")), .init(name: "c", value: .list([.int(1), .null])),
        ]))
        #expect(rows[2]["map_col"] == .map([.init(key: .string("x"), value: .int(1)), .init(key: .string("y"), value: .null)]))
        let nulls = rows[4]
        #expect(nulls.dropFirst().allSatisfy { $0.isNull })
        #expect(try nulls.decode(Int.self, named: "id") == 4)
        #expect(try nulls.decode(Date?.self, named: "ts_us_col") == nil)
        #expect(try rows[0].decode(Date.self, named: "ts_ms_col") == Date(timeIntervalSince1970: 0))
        #expect(try max.decode(Decimal.self, named: "decimal_10_2_col") == Decimal(string: "99999999.99"))
        #expect(try max.decode(UInt64.self, named: "uint64_col") == .max)
        #expect(try max.decode(Data.self, named: "fixed_binary_col") == Data([255, 255, 255, 255]))
        #expect(try max.decode([Int32].self, named: "list_int_col") == [1, 2, 3])
        try await connection.close()
    }

    struct Trip: Decodable, Equatable {
        var id: Int
        var city: String?
        var fare: Double?
        var ts: Date
        var passengers: Int8
    }

    @Test("rows decode as Decodable structs and tuples, with typed reads", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)), arguments: servers)
    func decodable(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, city, fare, ts, passengers FROM trips ORDER BY id")
        let trips = try await cursor.fetchall(as: Trip.self)
        #expect(trips.count == 1000)
        #expect(trips.map(\.id) == Array(1...1000))
        #expect(trips[88].city == nil, "id 89")
        #expect(trips[96].fare == nil, "id 97")
        #expect(trips[0].fare == 2.87)
        #expect(trips[0].ts == Date(timeIntervalSince1970: 1_704_067_200 + 17 * 60 + 1))
        #expect(trips.allSatisfy { (1...6).contains($0.passengers) })

        try await cursor.execute("SELECT id, city FROM trips WHERE id <= 3 ORDER BY id")
        let row = try #require(try await cursor.fetchone())
        let (id, city) = try row.decode((Int, String?).self)
        #expect(id == 1)
        #expect(city == "Hà Nội", "(1*7) mod 8 = 7")
        let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.fetchone(as: Trip.self) }
        #expect(error.kind == .programmingError, "ts and passengers are missing")
        try await connection.close()
    }

    @Test("rows stream with for-await; breaking out leaves the rest for fetches", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func streamingLoop(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id FROM big ORDER BY id LIMIT 30000")
        var seen: [Int64] = []
        for try await row in cursor.rows {
            seen.append(try row.decode(Int64.self, at: 0))
            if seen.count == 10 { break }
        }
        #expect(seen == Array(0..<10))
        #expect(try await cursor.fetchone()?.decode(Int64.self, at: 0) == 10)
        var count = 0
        for try await _ in cursor.rows { count += 1 }
        #expect(count == 30_000 - 11)
        try await connection.close()
    }

    @Test("types made with SQL: intervals, casts, and roapi's dictionary column that ADBC rejects", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func sqlTypes(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        // benostreamdb fails to send dictionary columns at all ("Ipc error: no dict id for field d").
        let dictionary = server == DriverServers.roapi ? "arrow_cast('d', 'Dictionary(Int32, Utf8)')" : "'d'"
        try await cursor.execute("""
            SELECT INTERVAL '1 month 2 days' AS i, arrow_cast(time32_ms_col, 'Time32(Second)') AS t, \
            arrow_cast(ts_ms_col, 'Timestamp(Second, None)') AS ts, arrow_cast('x', 'Utf8View') AS v, \
            \(dictionary) AS d FROM types WHERE id = 1
            """)
        let description = try #require(cursor.description)
        #expect(description.map(\.nativeType).prefix(4) == ["interval[month_day_nano]", "time32[s]", "timestamp[s]", "utf8_view"])
        #expect(description.map(\.typeCode.group) == [.DATETIME, .DATETIME, .DATETIME, .STRING, .STRING])
        let row = try #require(try await cursor.fetchone())
        #expect(row["i"] == .intervalMonthDayNano(months: 1, days: 2, nanoseconds: 0))
        #expect(row["t"] == .time(86_399, .second))
        #expect(row["ts"] == .timestamp(1_700_000_000, .second, timeZone: nil))
        #expect(try row.decode(String.self, named: "v") == "x")
        #expect(try row.decode(String.self, named: "d") == "d", "the stream's schema describes the data, whatever FlightInfo announced")
        try await connection.close()
    }

    @Test("cursors of one connection stream concurrently from several tasks", .enabled(if: TestEnvironment.isAvailable(DriverServers.bsdb)), arguments: servers)
    func concurrentCursors(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let counts = try await withThrowingTaskGroup(of: Int.self) { group in
            for offset in 0..<4 {
                group.addTask {
                    let cursor = try await connection.cursor()
                    try await cursor.execute("SELECT id FROM big WHERE id % 4 = \(offset) LIMIT 25000")
                    var rows = 0
                    for try await row in cursor.rows {
                        #expect(try row.decode(Int64.self, at: 0) % 4 == Int64(offset))
                        rows += 1
                    }
                    return rows
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(counts == [25_000, 25_000, 25_000, 25_000])
        try await connection.close()
    }

    /// DB-API code that knows nothing about Flight SQL.
    func countRows(_ connection: some Connection, table: String) async throws(DBAPIError) -> Int {
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT count(*) AS n FROM \(table)")
        guard let row = try await cursor.fetchone() else { return 0 }
        try await cursor.close()
        return try row.decode(Int.self, at: 0)
    }

    @Test("generic DB-API code runs on the driver", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func generic(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        #expect(try await countRows(connection, table: "trips") == 1000)
        #expect(try await countRows(connection, table: "big") == 2_000_000)
        try await connection.close()
        let error = await #expect(throws: DBAPIError.self) { _ = try await countRows(connection, table: "trips") }
        #expect(error?.kind == .interfaceError)
    }

    @Test("an empty result has a description and no rows", .enabled(if: TestEnvironment.isAvailable(DriverServers.roapi)), arguments: servers)
    func emptyResult(server: String) async throws {
        let connection = try await DriverServers.connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, city FROM trips WHERE id < 0")
        // roapi derives the schema from the result's batches, so an empty result has no
        // columns in its FlightInfo or its stream (ADBC shows the same empty description).
        let expected = server == DriverServers.roapi ? [] : ["id", "city"]
        #expect(cursor.description?.map(\.name) == expected)
        #expect(try await cursor.fetchall().isEmpty)
        #expect(cursor.rowcount == 0)
        try await connection.close()
    }
}
