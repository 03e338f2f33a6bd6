import DBAPI
import FlightSQL
import Foundation
import TestSupport

/// Shared helpers of the driver's integration tests.
enum DriverServers {
    static let roapi = "FLIGHTSQL_TEST_ROAPI_URL"
    static let bsdb = "FLIGHTSQL_TEST_BSDB_URL"
    static let roapiAuth = "FLIGHTSQL_TEST_ROAPI_AUTH_URL"
    static let nginxTLS = "FLIGHTSQL_TEST_NGINX_TLS_URL"
    static let nginxMTLS = "FLIGHTSQL_TEST_NGINX_MTLS_URL"

    /// A connection to the server named by `variable`.
    static func connect(_ variable: String, options: FlightClientOptions = FlightClientOptions()) async throws -> FlightSQLConnection {
        try await FlightSQLConnection.connect(url: try TestEnvironment.require(variable), options: options)
    }

    /// A table name no other test (or run) uses.
    static func uniqueTableName(_ prefix: String) -> String {
        "\(prefix)_\(UInt32(truncatingIfNeeded: ProcessInfo.processInfo.processIdentifier))_\(UInt64.random(in: 0...UInt64(UInt32.max)))"
    }
}

/// The calling process's memory from `/proc/self/status`, in KiB.
enum ProcessMemory {
    /// The resident set size now (`VmRSS`).
    static var residentKiB: Int? { field("VmRSS:") }
    /// The peak resident set size (`VmHWM`).
    static var peakKiB: Int? { field("VmHWM:") }

    private static func field(_ name: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(name) {
            return Int(line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" }).first ?? "")
        }
        return nil
    }
}
