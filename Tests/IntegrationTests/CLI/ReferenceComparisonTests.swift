import Foundation
import Testing
import TestSupport

/// The same query through this project's client and through the ADBC Flight SQL driver must
/// print byte-identical canonical JSON lines.
@Suite struct ReferenceComparisonTests {
    static let queries = [
        "SELECT * FROM types ORDER BY id",
        // float16, decimal256, utf8_view, binary_view, month-day-nano intervals, null,
        // run-end encoded, time32[s] and zoned timestamps.
        "SELECT * FROM types_extra ORDER BY id",
        "SELECT * FROM trips ORDER BY 1 LIMIT 200",
        "SELECT id, arrow_cast(time32_ms_col, 'Time32(Second)') AS t32s, arrow_cast(ts_ms_col, 'Timestamp(Second, None)') AS ts_s FROM types ORDER BY id",
        "SELECT arrow_cast('x', 'Utf8View') AS view, INTERVAL '1 month 2 days 3 seconds' AS mdn",
        "SELECT count(*) AS n, sum(int64_col) AS s, min(float64_col) AS lo, max(decimal_38_10_col) AS hi FROM types",
        "SELECT * FROM types WHERE id > 100",
        "SELECT struct_col, map_col, list_int_col FROM types ORDER BY id",
    ]

    @Test("roapi: our JSON lines equal ADBC's", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_ROAPI_URL")), arguments: queries)
    func roapi(sql: String) async throws {
        try await compare(url: try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_URL"), sql: sql)
    }

    @Test("benostreamdb: our JSON lines equal ADBC's", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_BSDB_URL")), arguments: queries + [
        "SELECT * FROM testdb.main.people ORDER BY id",
    ])
    func benostreamdb(sql: String) async throws {
        try await compare(url: try TestEnvironment.require("FLIGHTSQL_TEST_BSDB_URL"), sql: sql)
    }

    private func compare(url: String, sql: String) async throws {
        let ours = try await InProcessCLI.run(["query", "--url", url, "--format", "jsonl", sql])
        let reference = try await ProcessRunner.adbcReference(url: url, sql: sql)
        #expect(!reference.isEmpty || sql.contains("id > 100"))
        let oursLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
        let referenceLines = reference.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(oursLines.count == referenceLines.count)
        for (index, (mine, theirs)) in zip(oursLines, referenceLines).enumerated() where mine != theirs {
            Issue.record("row \(index) differs:\n ours: \(mine)\n adbc: \(theirs)")
        }
    }
}
