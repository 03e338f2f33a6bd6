import Arrow
import FlightSQL
import GRPCTransport

/// The record batches a client streams with `DoPut`, decoded from its FlightData messages
/// as they are read (HTTP/2 flow control holds the client back meanwhile).
actor DoPutBatchSource: FlightSQLRecordBatchSource {
    private let call: GRPCServerCall
    private var pending: FlightData?
    private var decoder = ArrowIPCMessageDecoder()
    private var buffered: RecordBatch?
    private var ended = false

    /// `first` is the call's first message (it carries the descriptor, and maybe the schema).
    init(call: GRPCServerCall, first: FlightData) {
        self.call = call
        pending = first
    }

    /// The stream's schema: reads up to the schema message (nil if the client sent none).
    func schema() async throws -> Schema? {
        while decoder.schema == nil, buffered == nil {
            guard let message = try await receive() else { return nil }
            if let batch = try decode(message) { buffered = batch }
        }
        return decoder.schema
    }

    func next() async throws -> RecordBatch? {
        if let batch = buffered {
            buffered = nil
            return batch
        }
        while let message = try await receive() {
            if let batch = try decode(message) { return batch }
        }
        return nil
    }

    /// Every remaining batch as parameter rows.
    func allBatches() async throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try await next() { batches.append(batch) }
        return batches
    }

    private func receive() async throws -> FlightData? {
        if let message = pending {
            pending = nil
            return message
        }
        if ended { return nil }
        guard let data = try await call.receive() else {
            ended = true
            return nil
        }
        do {
            return try FlightData(protobuf: data)
        } catch {
            throw GRPCStatus(code: .invalidArgument, message: "DoPut: a message is not a valid FlightData")
        }
    }

    private func decode(_ message: FlightData) throws -> RecordBatch? {
        guard !message.dataHeader.isEmpty else { return nil }
        switch try decoder.decode(header: message.dataHeader, body: message.dataBody) {
        case .recordBatch(let batch): return batch
        default: return nil
        }
    }
}
