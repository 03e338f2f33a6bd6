import Arrow
import FlightSQL
import Foundation

/// Prints the result a `FlightInfo` describes (every endpoint's rows) in one output format:
/// shared by `query`, the metadata commands and the shell.
enum ResultPrinting {
    static func print(info: FlightInfo, client: FlightSQLClient, format: OutputFormat, to sink: OutputSink) async throws {
        if format == .arrow {
            try await ArrowPassthrough.write(info: info, client: client, to: sink)
            return
        }
        guard var writer = format.makeRowWriter(sink: sink) else { return }
        var began = false
        if let schema = try info.arrowSchema() {
            try writer.begin(schema: schema)
            began = true
        }
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            let schema = try await reader.schema()
            if !began {
                try writer.begin(schema: schema)
                began = true
            }
            for try await received in reader {
                // A cancelled shell query stops between batches even if the server keeps sending.
                try Task.checkCancellation()
                try RowWriting.write(batch: received.batch, to: &writer)
            }
        }
        if !began { throw CommandError("the server returned neither a schema nor any data") }
        try writer.finish()
    }

    /// Every row of every endpoint, for commands that reshape a result before printing it.
    static func fetchAll(info: FlightInfo, client: FlightSQLClient) async throws -> (schema: Schema, batches: [RecordBatch]) {
        var schema = try info.arrowSchema()
        var batches: [RecordBatch] = []
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            let streamSchema = try await reader.schema()
            if schema == nil { schema = streamSchema }
            for try await received in reader { batches.append(received.batch) }
        }
        guard let schema else { throw CommandError("the server returned neither a schema nor any data") }
        return (schema, batches)
    }

    /// Writes rows given as values under `schema`.
    static func print(schema: Schema, rows: [[ArrowValue]], format: OutputFormat, to sink: OutputSink) throws {
        guard var writer = format.makeRowWriter(sink: sink) else {
            throw UsageError("--format arrow is not available for this command")
        }
        try writer.begin(schema: schema)
        for row in rows { try writer.write(row: row) }
        try writer.finish()
    }
}
