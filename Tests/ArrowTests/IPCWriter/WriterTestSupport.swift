import Foundation
import Testing

@testable import Arrow

/// Helpers shared by the writer and builder tests.
enum WriterTestSupport {
    /// Value equality where NaN equals NaN (gold files and random floats may hold NaNs).
    static func same(_ left: ArrowValue, _ right: ArrowValue) -> Bool {
        switch (left, right) {
        case (.float16(let a), .float16(let b)), (.float32(let a), .float32(let b)):
            return a == b || (a.isNaN && b.isNaN)
        case (.float64(let a), .float64(let b)):
            return a == b || (a.isNaN && b.isNaN)
        case (.list(let a), .list(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.struct(let a), .struct(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.name == $1.name && same($0.value, $1.value) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { same($0.key, $1.key) && same($0.value, $1.value) }
        default:
            return left == right
        }
    }

    /// The first differing cell of two batches, described; nil when they hold the same values.
    static func difference(_ expected: RecordBatch, _ actual: RecordBatch) -> String? {
        guard expected.rowCount == actual.rowCount else { return "rows \(expected.rowCount) vs \(actual.rowCount)" }
        guard expected.columns.count == actual.columns.count else { return "column counts differ" }
        for (column, (left, right)) in zip(expected.columns, actual.columns).enumerated() {
            for row in 0..<expected.rowCount where !same(left.value(at: row), right.value(at: row)) {
                return "column \(column) '\(left.field.name)' row \(row): \(left.value(at: row)) vs \(right.value(at: row))"
            }
            if left.isNull(0) != right.isNull(0) { return "column \(column): null differs" }
        }
        return nil
    }

    /// Writes `batches` with the stream writer and reads them back with the stream reader.
    static func streamRoundTrip(
        _ schema: Schema, _ batches: [RecordBatch], options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()
    ) throws -> (Schema, [RecordBatch]) {
        let data = try ArrowStreamWriter.encode(schema: schema, batches: batches, options: options)
        var reader = try ArrowStreamReader(data: data)
        return (reader.schema, try reader.readAll())
    }

    /// Writes `batches` with the file writer and reads them back with the file reader.
    static func fileRoundTrip(
        _ schema: Schema, _ batches: [RecordBatch], options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()
    ) throws -> (Schema, [RecordBatch]) {
        let data = try ArrowFileWriter.encode(schema: schema, batches: batches, options: options)
        let reader = try ArrowFileReader(data: data)
        return (reader.schema, try reader.readAll())
    }

    /// Writes `batch` through the message encoder and decodes it with the message decoder.
    static func messageRoundTrip(
        _ batch: RecordBatch, options: ArrowIPCWriteOptions = ArrowIPCWriteOptions()
    ) throws -> RecordBatch {
        var encoder = try ArrowIPCMessageEncoder(schema: batch.schema, options: options)
        var decoder = ArrowIPCMessageDecoder()
        let schemaMessage = encoder.encodeSchema()
        _ = try decoder.decode(header: schemaMessage.header, body: schemaMessage.body)
        var result: RecordBatch?
        for message in try encoder.encode(batch) {
            #expect(message.body.count % 8 == 0)
            if case .recordBatch(let decoded) = try decoder.decode(header: message.header, body: message.body) {
                result = decoded
            }
        }
        guard let result else { throw ArrowError(.invalidIPC, "no record batch decoded") }
        return result
    }

    /// A batch with one column.
    static func batch(_ array: ArrowArray) throws -> RecordBatch {
        try RecordBatch(schema: Schema(fields: [array.field]), columns: [array])
    }

    /// An array of `type` built from `values` with the generic builder.
    static func array(_ type: ArrowType, _ values: [ArrowValue], name: String = "c") throws -> ArrowArray {
        var builder = try ArrowArrayBuilder(field: Field(name: name, type: type))
        try builder.append(contentsOf: values)
        return try builder.finish()
    }
}
