import FlightSQL
import Foundation

/// The metadata commands (`catalogs`, `schemas`, `tables`, `table-types`, `columns`,
/// `primary-keys`, `info`, `type-info`): one Flight SQL metadata call each, over the same
/// connection options and output formats as `query`.
enum MetadataCommand {
    /// What distinguishes one metadata command from another.
    struct Definition {
        /// The options beyond the connection options and `--format`.
        var specs: [ArgumentParser.OptionSpec] = []
        /// Whether the command takes one TABLE argument.
        var takesTable = false
        /// Runs the call and prints its result.
        var run: @Sendable (Invocation) async throws -> Void
    }

    /// One parsed invocation, connected.
    struct Invocation {
        var parsed: ArgumentParser.Parsed
        var table: String?
        var client: FlightSQLClient
        var format: OutputFormat
        var stdout: OutputSink
    }

    static let definitions: [String: Definition] = [
        "catalogs": Definition { call in
            try await call.printResult(call.client.getCatalogs())
        },
        "schemas": Definition(specs: [.init(name: "catalog", takesValue: true), .init(name: "schema-pattern", takesValue: true)]) { call in
            try await call.printResult(call.client.getDbSchemas(
                catalog: call.parsed.value("catalog"), dbSchemaFilterPattern: call.parsed.value("schema-pattern")))
        },
        "tables": Definition(specs: [
            .init(name: "catalog", takesValue: true), .init(name: "schema-pattern", takesValue: true),
            .init(name: "table-pattern", takesValue: true), .init(name: "type", takesValue: true),
            .init(name: "include-schema", takesValue: false),
        ]) { call in
            let includeSchema = call.parsed.flag("include-schema")
            let info = try await call.client.getTables(
                catalog: call.parsed.value("catalog"), dbSchemaFilterPattern: call.parsed.value("schema-pattern"),
                tableNameFilterPattern: call.parsed.value("table-pattern"), tableTypes: call.parsed.values("type"),
                includeSchema: includeSchema)
            guard includeSchema, call.format != .arrow else { return try await call.printResult(info) }
            // IPC bytes mean nothing on a terminal: the text formats show the schema as text.
            let result = try await ResultPrinting.fetchAll(info: info, client: call.client)
            let readable = try MetadataQueries.readableTables(schema: result.schema, batches: result.batches)
            try ResultPrinting.print(schema: readable.schema, rows: readable.rows, format: call.format, to: call.stdout)
        },
        "table-types": Definition { call in
            try await call.printResult(call.client.getTableTypes())
        },
        "columns": Definition(specs: [.init(name: "catalog", takesValue: true), .init(name: "schema", takesValue: true)], takesTable: true) { call in
            let columns = try await MetadataQueries.columns(
                of: call.table!, catalog: call.parsed.value("catalog"), schema: call.parsed.value("schema"), client: call.client)
            try ResultPrinting.print(schema: columns.schema, rows: columns.rows, format: call.format, to: call.stdout)
        },
        "primary-keys": Definition(specs: [.init(name: "catalog", takesValue: true), .init(name: "schema", takesValue: true)], takesTable: true) { call in
            try await call.printResult(call.client.getPrimaryKeys(
                table: call.table!, catalog: call.parsed.value("catalog"), dbSchema: call.parsed.value("schema")))
        },
        "info": Definition(specs: [.init(name: "id", takesValue: true)]) { call in
            let ids = try call.parsed.values("id").map(SqlInfoNames.id(for:))
            let info = try await call.client.getSqlInfo(ids)
            guard call.format != .arrow else { return try await call.printResult(info) }
            let result = try await ResultPrinting.fetchAll(info: info, client: call.client)
            let named = try MetadataQueries.namedSqlInfo(schema: result.schema, batches: result.batches)
            try ResultPrinting.print(schema: named.schema, rows: named.rows, format: call.format, to: call.stdout)
        },
        "type-info": Definition(specs: [.init(name: "data-type", takesValue: true)]) { call in
            var dataType: Int32?
            if let text = call.parsed.value("data-type") {
                guard let number = Int32(text) else { throw UsageError("--data-type takes an integer (an XDBC data type), got '\(text)'") }
                dataType = number
            }
            try await call.printResult(call.client.getXdbcTypeInfo(dataType: dataType))
        },
    ]

    static func run(_ name: String, _ arguments: [String], stdout: OutputSink) async throws {
        guard let definition = definitions[name] else { throw UsageError("unknown command '\(name)'") }
        let parser = ArgumentParser(specs: ConnectionArguments.specs + [.init(name: "format", takesValue: true)] + definition.specs)
        let parsed = try parser.parse(arguments)
        var table: String?
        if definition.takesTable {
            guard parsed.positionals.count == 1 else { throw UsageError("\(name) takes exactly one TABLE argument") }
            table = parsed.positionals[0]
        } else if !parsed.positionals.isEmpty {
            throw UsageError("\(name) takes no arguments besides options, got '\(parsed.positionals[0])'")
        }
        let url = try ConnectionArguments.url(parsed)
        let options = try ConnectionArguments.clientOptions(parsed)
        let format = try OutputFormat.parse(parsed.value("format"))
        // Checked before connecting, so that a bad id is a usage error even with no server.
        if name == "info" { _ = try parsed.values("id").map(SqlInfoNames.id(for:)) }

        let client = try await FlightSQLClient.connect(url: url, options: options)
        defer { client.close() }
        try await definition.run(Invocation(parsed: parsed, table: table, client: client, format: format, stdout: stdout))
    }
}

extension MetadataCommand.Invocation {
    /// Prints a metadata call's result as it comes from the server.
    func printResult(_ info: FlightInfo) async throws {
        try await ResultPrinting.print(info: info, client: client, format: format, to: stdout)
    }
}
