import FlightSQLServer
import Foundation
import TestSupport

/// Runs `Scripts/reference/server_judges.py` (ADBC, pyarrow.flight and flightsql-dbapi)
/// against a server and collects its per-check results.
enum ServerJudges {
    struct Result: Decodable {
        var check: String
        var ok: Bool
        var detail: String
    }

    /// Every check the script runs, by name (all of them must report).
    static let allChecks = [
        "adbc_query", "adbc_parameters", "adbc_executemany_rowcount", "adbc_transactions", "adbc_get_objects",
        "adbc_get_info", "adbc_get_table_types", "adbc_get_table_schema", "adbc_ingest", "adbc_cancel", "adbc_errors",
        "adbc_session_options",
        "pyarrow_flight_get_flight_info_do_get", "pyarrow_flight_cancel_flight_info", "pyarrow_flight_list_actions",
        "flightsql_dbapi_metadata", "flightsql_dbapi_prepared", "flightsql_dbapi_execute_update", "flightsql_dbapi_cursor",
    ]

    /// What our server states it is (with the default options), for `adbc_get_info` to
    /// check ADBC reports exactly that.
    static let stated = [
        "--server-name", FlightSQLServerOptions().serverName, "--server-version", FlightSQLServer.version,
        "--arrow-version", FlightSQLServer.arrowFormatVersion,
    ]

    /// Runs the judges on a dispatch thread (the script blocks for seconds, and the server
    /// under test needs Swift's cooperative threads meanwhile).
    static func run(url: String, arguments: [String] = []) async throws -> [Result] {
        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        let script = TestEnvironment.packageRoot.appendingPathComponent("Scripts/reference/server_judges.py").path
        let output = try await ProcessRunner.run(python, [script, url] + stated + arguments)
        let results = try output.stdout.split(separator: "\n").map { line in
            try JSONDecoder().decode(Result.self, from: Data(line.utf8))
        }
        if results.isEmpty { throw ReferenceFailure(message: output.stderr) }
        return results
    }
}
