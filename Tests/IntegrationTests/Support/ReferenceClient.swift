import Foundation
import TestSupport

extension ProcessRunner {
    /// The ADBC Flight SQL driver's result for `sql`, as canonical JSON lines.
    static func adbcReference(url: String, sql: String, extra: [String] = []) async throws -> String {
        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        let script = TestEnvironment.packageRoot.appendingPathComponent("Scripts/reference/adbc_query.py").path
        let output = try await run(python, [script, url, sql] + extra)
        guard output.status == 0 else { throw ReferenceFailure(message: output.stderr) }
        return output.stdout
    }

    /// The built `flightsql` executable.
    static var flightsqlBinary: String {
        TestEnvironment.packageRoot.appendingPathComponent(".build/debug/flightsql").path
    }
}

struct ReferenceFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { "reference client failed: \(message)" }
}
