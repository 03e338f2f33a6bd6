import FlightSQL
import Foundation

/// Writes a query's results as one Arrow IPC stream, passing the server's IPC messages through
/// unchanged (so dictionaries, metadata and compression survive) and keeping only the first
/// endpoint's schema message.
enum ArrowPassthrough {
    static func write(info: FlightInfo, client: FlightSQLClient, to sink: OutputSink) async throws {
        var wroteSchema = false
        for endpoint in info.endpoints {
            let reader = try await client.doGet(endpoint)
            let messages = MessageCollector()
            reader.observeRawMessages { messages.append($0) }
            // The first message of every IPC stream is its schema: write it for the first endpoint only.
            var skipNextSchema = wroteSchema
            while try await reader.next() != nil {
                try flush(messages, skipNextSchema: &skipNextSchema, to: sink)
            }
            try flush(messages, skipNextSchema: &skipNextSchema, to: sink)
            wroteSchema = true
        }
        if !wroteSchema {
            guard !info.schema.isEmpty else { throw CommandError("the server returned neither a schema nor any data") }
            // FlightInfo.schema is already one encapsulated IPC message.
            try sink.write(bytes: info.schema)
        }
        try sink.write(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0])
        try sink.flush()
    }

    private static func flush(_ messages: MessageCollector, skipNextSchema: inout Bool, to sink: OutputSink) throws {
        for data in messages.take() where !data.dataHeader.isEmpty {
            if skipNextSchema {
                skipNextSchema = false
                continue
            }
            try writeMessage(header: data.dataHeader, body: data.dataBody, to: sink)
        }
    }

    /// Encapsulates one IPC message: continuation marker, padded metadata length, metadata
    /// padded to 8 bytes, body.
    static func writeMessage(header: Data, body: Data, to sink: OutputSink) throws {
        let padded = (header.count + 7) & ~7
        var prefix: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
        withUnsafeBytes(of: UInt32(padded).littleEndian) { prefix.append(contentsOf: $0) }
        try sink.write(bytes: prefix)
        try sink.write(bytes: header)
        try sink.write(bytes: [UInt8](repeating: 0, count: padded - header.count))
        try sink.write(bytes: body)
    }
}

/// Collects FlightData messages from the reader's observer until the writer takes them.
final class MessageCollector: @unchecked Sendable {
    // The observer runs inside the reader's decode step; the lock guards the hand-over.
    private let lock = NSLock()
    private var messages: [FlightData] = []

    func append(_ message: FlightData) {
        lock.lock()
        messages.append(message)
        lock.unlock()
    }

    func take() -> [FlightData] {
        lock.lock()
        defer { lock.unlock() }
        let taken = messages
        messages.removeAll()
        return taken
    }
}
