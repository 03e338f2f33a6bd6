@testable import FlightSQLCLI

/// Runs `flightsql` subcommands in this process, capturing what they print.
enum InProcessCLI {
    static func run(_ arguments: [String]) async throws -> String {
        let sink = OutputSink()
        try await FlightSQLTool.dispatch(arguments, stdout: sink)
        try sink.flush()
        return sink.capturedText
    }
}
