import Arrow
import FlightSQL
import Foundation
import GRPCTransport
import Protobuf

/// An in-memory Flight SQL server behind a `GRPCClientTransport`: it records every request
/// and answers the few commands the driver sends, so that the driver's protocol (transaction
/// ids, prepared statement handles, parameter batches, multiple endpoints) can be checked
/// without a network.
final class FakeFlightSQLServer: GRPCClientTransport, @unchecked Sendable {
    /// A command as the server received it.
    enum Received: Sendable {
        case query(CommandStatementQuery)
        case update(CommandStatementUpdate)
        case sqlInfo
        case begin
        case end(ActionEndTransactionRequest)
        case prepare(ActionCreatePreparedStatementRequest)
        case closePrepared(Data)
        case bind(handle: Data, batches: [RecordBatch])
        case preparedQuery(handle: Data)
        case preparedUpdate(handle: Data, batches: [RecordBatch])
        case doGet(Data)
    }

    private let lock = NSLock()
    private var log: [Received] = []
    private var transactionCounter = 0

    /// What `GetSqlInfo` reports for `FLIGHT_SQL_SERVER_TRANSACTION` (nil: not reported).
    var transactionSupport: Int32?
    /// Every query's result: these batches, one endpoint each.
    var queryBatches: [RecordBatch] = []
    /// The dataset schema a prepared statement reports (nil: none, as for an update).
    var preparedDatasetSchema: Schema?
    /// The parameter schema a prepared statement reports.
    var preparedParameterSchema: Schema?
    /// The handle binding returns in `DoPutPreparedStatementResult` (nil: keep the handle).
    var replacementHandle: Data?
    /// The count updates report.
    var updateCount: Int64 = 3
    /// How many of the next `BeginTransaction`s fail with UNAVAILABLE.
    var failingBegins = 0
    /// The status codes with which the next `EndTransaction`s fail, one each, in order (the
    /// request is recorded either way).
    var endFailures: [GRPCStatus.Code] = []

    init() {}

    /// Everything received so far.
    var received: [Received] { lock.withLock { log } }

    private func record(_ entry: Received) { lock.withLock { log.append(entry) } }

    /// The request headers of every call, in order.
    var headers: [GRPCMetadata] { lock.withLock { metadataLog } }
    private var metadataLog: [GRPCMetadata] = []

    func makeStreamingCall(path: String, metadata: GRPCMetadata, options: GRPCCallOptions) async throws -> any GRPCStreamingCall {
        lock.withLock { metadataLog.append(metadata) }
        return FakeCall { [self] requests in try respond(path: path, requests: requests) }
    }

    // MARK: - Responses

    private func respond(path: String, requests: [Data]) throws -> [Data] {
        switch path {
        case FlightService.Method.getFlightInfo:
            let descriptor = try FlightDescriptor(protobuf: requests[0])
            return [try flightInfo(for: try FlightSQLCommand(any: try ProtobufAny(protobuf: descriptor.cmd))).serializedProtobuf()]
        case FlightService.Method.doGet:
            let ticket = try FlightTicket(protobuf: requests[0]).ticket
            record(.doGet(ticket))
            return try stream(for: ticket)
        case FlightService.Method.doAction:
            let action = try FlightAction(protobuf: requests[0])
            return try actionResults(try FlightSQLCommand(any: try ProtobufAny(protobuf: action.body))).map { $0.serializedProtobuf() }
        case FlightService.Method.doPut:
            return try put(requests.map { try FlightData(protobuf: $0) }).map { $0.serializedProtobuf() }
        default:
            throw GRPCStatus(code: .unimplemented, message: "fake server: \(path)")
        }
    }

    private func flightInfo(for command: FlightSQLCommand) throws -> FlightInfo {
        switch command {
        case .statementQuery(let query):
            record(.query(query))
            return queryInfo(prefix: "q")
        case .preparedStatementQuery(let prepared):
            record(.preparedQuery(handle: prepared.preparedStatementHandle))
            return queryInfo(prefix: "q")
        case .getSqlInfo:
            record(.sqlInfo)
            return FlightInfo(endpoints: [FlightEndpoint(ticket: FlightTicket(ticket: Data("sqlinfo".utf8)))], totalRecords: -1, totalBytes: -1)
        default:
            throw GRPCStatus(code: .unimplemented, message: "fake server: GetFlightInfo \(command)")
        }
    }

    private func queryInfo(prefix: String) -> FlightInfo {
        let schema = queryBatches.first.map { ArrowIPCMessageEncoder.encapsulatedSchema($0.schema) } ?? Data()
        let endpoints = queryBatches.indices.map { FlightEndpoint(ticket: FlightTicket(ticket: Data("\(prefix)\($0)".utf8))) }
        return FlightInfo(schema: schema, endpoints: endpoints, totalRecords: -1, totalBytes: -1)
    }

    private func stream(for ticket: Data) throws -> [Data] {
        let name = String(decoding: ticket, as: UTF8.self)
        let batch: RecordBatch
        if name == "sqlinfo" {
            batch = try sqlInfoBatch()
        } else if name.hasPrefix("q"), let index = Int(name.dropFirst()), queryBatches.indices.contains(index) {
            batch = queryBatches[index]
        } else {
            throw GRPCStatus(code: .notFound, message: "no such ticket")
        }
        var encoder = try ArrowIPCMessageEncoder(schema: batch.schema)
        let messages = [encoder.encodeSchema()] + (try encoder.encode(batch))
        return messages.map { FlightData(dataHeader: $0.header, dataBody: $0.body).serializedProtobuf() }
    }

    /// `GetSqlInfo`'s result: the server name and, if set, the transaction support.
    private func sqlInfoBatch() throws -> RecordBatch {
        let children = [
            Field(name: "string_value", type: .utf8), Field(name: "bool_value", type: .bool),
            Field(name: "bigint_value", type: .int64), Field(name: "int32_bitmask", type: .int32),
        ]
        let schema = Schema(fields: [
            Field(name: "info_name", type: .uint32, isNullable: false),
            Field(name: "value", type: .union(.dense, children: children, typeIDs: [0, 1, 2, 3]), isNullable: false),
        ])
        var rows: [[ArrowValue]] = [[.uint(0), .string("Fake Flight SQL")]]
        if let transactionSupport { rows.append([.uint(8), .int(Int64(transactionSupport))]) }
        return try RecordBatch(schema: schema, rows: rows)
    }

    private func actionResults(_ command: FlightSQLCommand) throws -> [FlightResult] {
        switch command {
        case .beginTransaction:
            let fails = lock.withLock { () -> Bool in
                defer { failingBegins = max(0, failingBegins - 1) }
                return failingBegins > 0
            }
            if fails { throw GRPCStatus(code: .unavailable, message: "fake server: cannot begin now") }
            record(.begin)
            let id = lock.withLock { () -> Int in
                transactionCounter += 1
                return transactionCounter
            }
            return [FlightResult(body: ActionBeginTransactionResult(transactionID: Data("tx\(id)".utf8)).serializedAny())]
        case .endTransaction(let request):
            record(.end(request))
            let failure = lock.withLock { endFailures.isEmpty ? nil : endFailures.removeFirst() }
            if let failure { throw GRPCStatus(code: failure, message: "fake server: cannot end the transaction now") }
            return []
        case .createPreparedStatement(let request):
            record(.prepare(request))
            let result = ActionCreatePreparedStatementResult(
                preparedStatementHandle: Data("h1".utf8),
                datasetSchema: preparedDatasetSchema.map(ArrowIPCMessageEncoder.encapsulatedSchema) ?? Data(),
                parameterSchema: preparedParameterSchema.map(ArrowIPCMessageEncoder.encapsulatedSchema) ?? Data())
            return [FlightResult(body: result.serializedAny())]
        case .closePreparedStatement(let request):
            record(.closePrepared(request.preparedStatementHandle))
            return []
        default:
            throw GRPCStatus(code: .unimplemented, message: "fake server: action \(command)")
        }
    }

    private func put(_ messages: [FlightData]) throws -> [PutResult] {
        guard let descriptor = messages.first?.flightDescriptor else {
            throw GRPCStatus(code: .invalidArgument, message: "DoPut without a descriptor")
        }
        var decoder = ArrowIPCMessageDecoder()
        var batches: [RecordBatch] = []
        for message in messages where !message.dataHeader.isEmpty {
            if case .recordBatch(let batch)? = try decoder.decode(header: message.dataHeader, body: message.dataBody) {
                batches.append(batch)
            }
        }
        switch try FlightSQLCommand(any: try ProtobufAny(protobuf: descriptor.cmd)) {
        case .statementUpdate(let update):
            record(.update(update))
            return [PutResult(appMetadata: DoPutUpdateResult(recordCount: updateCount).serializedProtobuf())]
        case .preparedStatementQuery(let prepared):
            record(.bind(handle: prepared.preparedStatementHandle, batches: batches))
            return [PutResult(appMetadata: DoPutPreparedStatementResult(preparedStatementHandle: replacementHandle).serializedProtobuf())]
        case .preparedStatementUpdate(let prepared):
            record(.preparedUpdate(handle: prepared.preparedStatementHandle, batches: batches))
            let rows = Int64(batches.reduce(0) { $0 + $1.rowCount })
            return [PutResult(appMetadata: DoPutUpdateResult(recordCount: rows).serializedProtobuf())]
        case let other:
            throw GRPCStatus(code: .unimplemented, message: "fake server: DoPut \(other)")
        }
    }
}

/// One call: requests are collected until the client finishes sending, then the server's
/// responses are computed at once and handed out in order.
final class FakeCall: GRPCStreamingCall, @unchecked Sendable {
    private let lock = NSLock()
    private var requests: [Data] = []
    private var responses: [Data] = []
    private var failure: (any Error)?
    private var cancelled = false
    private let respond: @Sendable ([Data]) throws -> [Data]

    init(respond: @escaping @Sendable ([Data]) throws -> [Data]) { self.respond = respond }

    func send(_ message: Data) async throws { lock.withLock { requests.append(message) } }

    func finishSending() async throws {
        let sent = lock.withLock { requests }
        do {
            let answers = try respond(sent)
            lock.withLock { responses = answers }
        } catch {
            lock.withLock { failure = error }
        }
    }

    func responseHeaders() async throws -> GRPCMetadata { GRPCMetadata() }

    func receive() async throws -> Data? {
        try lock.withLock { () throws -> Data? in
            if cancelled { throw GRPCStatus(code: .cancelled, message: "cancelled") }
            if let failure { throw failure }
            return responses.isEmpty ? nil : responses.removeFirst()
        }
    }

    func trailers() async throws -> GRPCMetadata { GRPCMetadata() }

    func cancel() { lock.withLock { cancelled = true } }
}
