import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Testing

/// Flight calls our client does not offer yet (DoPut with data, raw actions), made
/// directly on an HTTP/2 transport.
struct RawFlight {
    let transport: HTTP2ClientTransport
    var metadata = GRPCMetadata()

    static func connect(_ url: String, configuration: HTTP2ClientTransport.Configuration = .init()) async throws -> RawFlight {
        RawFlight(transport: try await HTTP2ClientTransport.connect(url: url, configuration: configuration))
    }

    func close() { transport.close() }

    /// DoPut of `command` with `batches` (schema first); returns the PutResults' metadata.
    func doPut(_ command: some FlightSQLCommandMessage, schema: Schema?, batches: [RecordBatch]) async throws -> [Data] {
        let call = try await transport.makeStreamingCall(path: FlightService.Method.doPut, metadata: metadata, options: GRPCCallOptions())
        var first = FlightData(flightDescriptor: command.flightDescriptor)
        if let schema {
            var encoder = try ArrowIPCMessageEncoder(schema: schema)
            first.dataHeader = encoder.encodeSchema().header
            try await call.send(first.serializedProtobuf())
            for batch in batches {
                for message in try encoder.encode(batch) {
                    try await call.send(FlightData(dataHeader: message.header, dataBody: message.body).serializedProtobuf())
                }
            }
        } else {
            try await call.send(first.serializedProtobuf())
        }
        try await call.finishSending()
        var results: [Data] = []
        while let message = try await call.receive() { results.append(try PutResult(protobuf: message).appMetadata) }
        _ = try await call.trailers()
        return results
    }

    /// Starts a DoGet of `info`'s first endpoint and reads its schema and first batch, so that
    /// the server is now computing (or waiting to send) the second; the caller goes on with
    /// the returned call.
    func doGetAfterFirstBatch(_ info: FlightInfo) async throws -> any GRPCStreamingCall {
        let call = try await transport.makeStreamingCall(path: FlightService.Method.doGet, metadata: metadata, options: GRPCCallOptions())
        try await call.send(try #require(info.endpoints.first?.ticket).serializedProtobuf())
        try await call.finishSending()
        _ = try await call.receive()  // the schema
        _ = try await call.receive()  // the first batch
        return call
    }

    /// DoAction; returns the result bodies.
    func doAction(_ type: String, body: Data) async throws -> [Data] {
        let call = try await transport.makeStreamingCall(path: FlightService.Method.doAction, metadata: metadata, options: GRPCCallOptions())
        try await call.send(FlightAction(type: type, body: body).serializedProtobuf())
        try await call.finishSending()
        var results: [Data] = []
        while let message = try await call.receive() { results.append(try FlightResult(protobuf: message).body) }
        _ = try await call.trailers()
        return results
    }
}

extension FlightSQLClient {
    /// `CreatePreparedStatement`; returns the result.
    func prepare(_ sql: String, transactionID: Data? = nil) async throws -> ActionCreatePreparedStatementResult {
        let results = try await flight.doAction(ActionCreatePreparedStatementRequest(query: sql, transactionID: transactionID).flightAction)
        return try ActionCreatePreparedStatementResult(serializedAny: results[0].body)
    }

    func beginTransaction() async throws -> Data {
        let results = try await flight.doAction(ActionBeginTransactionRequest().flightAction)
        return try ActionBeginTransactionResult(serializedAny: results[0].body).transactionID
    }

    func endTransaction(_ id: Data, _ action: ActionEndTransactionRequest.EndTransaction) async throws {
        _ = try await flight.doAction(ActionEndTransactionRequest(transactionID: id, action: action).flightAction)
    }
}
