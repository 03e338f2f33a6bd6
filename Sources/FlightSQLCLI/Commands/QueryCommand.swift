import FlightSQL
import Foundation

/// `flightsql query [OPTIONS] SQL`: runs a query and prints every endpoint's rows.
enum QueryCommand {
    static let parser = ArgumentParser(specs: ConnectionArguments.specs + [.init(name: "format", takesValue: true)])

    static func run(_ arguments: [String], stdout: OutputSink) async throws {
        let parsed = try parser.parse(arguments)
        guard parsed.positionals.count == 1, let sql = parsed.positionals.first else {
            throw UsageError("query takes exactly one SQL argument (quote it)")
        }
        let url = try ConnectionArguments.url(parsed)
        let options = try ConnectionArguments.clientOptions(parsed)
        let format = try OutputFormat.parse(parsed.value("format"))

        let client = try await FlightSQLClient.connect(url: url, options: options)
        defer { client.close() }
        let info = try await client.execute(sql)
        try await ResultPrinting.print(info: info, client: client, format: format, to: stdout)
    }
}
