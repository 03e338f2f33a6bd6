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
        // The header comes from the schema of the stream that carries the rows, not from the
        // FlightInfo's: the two can disagree, and the FlightInfo's would then mislabel or drop
        // columns.
        var printed: Schema?
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            let schema = try await reader.schema()
            let header: Schema
            if let printed {
                // One header for every endpoint: a later one with other columns cannot be shown under it.
                try RowWriting.checkColumns(of: schema, match: printed, what: "an endpoint's stream")
                header = printed
            } else {
                try writer.begin(schema: schema)
                printed = schema
                header = schema
            }
            for try await received in reader {
                // A cancelled shell query stops between batches even if the server keeps sending.
                try Task.checkCancellation()
                try RowWriting.write(batch: received.batch, as: header, to: &writer)
            }
        }
        if printed == nil {
            // No endpoint, no stream: the declared schema still gives the empty result its header.
            guard let schema = try info.arrowSchema() else { throw CommandError("the server returned neither a schema nor any data") }
            try writer.begin(schema: schema)
        }
        try writer.finish()
    }

    /// Every row of every endpoint, for commands that reshape a result before printing it.
    ///
    /// The schema returned is the first stream's (the FlightInfo's only when there is no
    /// endpoint), and every batch has its columns: callers may index a batch's columns by the
    /// schema's field positions.
    static func fetchAll(info: FlightInfo, client: FlightSQLClient) async throws -> (schema: Schema, batches: [RecordBatch]) {
        var schema: Schema?
        var batches: [RecordBatch] = []
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            let streamSchema = try await reader.schema()
            if let schema {
                try RowWriting.checkColumns(of: streamSchema, match: schema, what: "an endpoint's stream")
            } else {
                schema = streamSchema
            }
            for try await received in reader {
                try RowWriting.checkColumns(of: received.batch.schema, match: schema ?? streamSchema, what: "a record batch")
                batches.append(received.batch)
            }
        }
        if schema == nil { schema = try info.arrowSchema() }
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
