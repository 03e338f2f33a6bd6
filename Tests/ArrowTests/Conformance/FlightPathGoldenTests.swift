import Foundation
import Testing
import TestSupport

@testable import Arrow

/// The gold streams fed message by message through `ArrowIPCMessageDecoder`, the way
/// Flight delivers them (header and body apart, with keep-alives in between), must give
/// the same batches as the stream reader.
@Suite struct FlightPathGoldenTests {
    static let streams = GoldenFileTests.files.filter { $0.hasSuffix(".stream") }

    @Test("gold stream through the message decoder equals the stream reader", arguments: streams)
    func messageByMessage(_ file: String) throws {
        let data = try Data(contentsOf: GoldenFileTests.goldenRoot.appendingPathComponent(file))
        let buffer = ArrowBuffer(data)
        var decoder = ArrowIPCMessageDecoder()
        var batches: [RecordBatch] = []
        var schemas = 0
        var position = 0
        while let (_, headerEnd) = try MessageFraming.readHeader(buffer, at: position, limit: buffer.count, limits: .default) {
            // The header bytes are what lies between the length prefix and `headerEnd`.
            let prefix = buffer.load(at: position, as: UInt32.self) == 0xFFFF_FFFF ? 8 : 4
            let length = Int(buffer.load(at: position + prefix - 4, as: Int32.self))
            let header = data.subdata(in: (position + prefix)..<(position + prefix + length))
            let framed = try #require(try MessageFraming.read(buffer, at: position, limit: buffer.count, limits: .default))
            #expect(headerEnd == position + prefix + length)
            let body = data.subdata(in: headerEnd..<framed.end)
            #expect(try decoder.decode(header: Data(), body: Data()) == nil, "keep-alive")
            switch try decoder.decode(header: header, body: body) {
            case .schema: schemas += 1
            case .recordBatch(let batch): batches.append(batch)
            case nil: break
            }
            position = framed.end
        }
        #expect(schemas == 1)
        var reader = try ArrowStreamReader(data: data)
        let expected = try reader.readAll()
        #expect(batches.count == expected.count)
        for (batch, wanted) in zip(batches, expected) {
            #expect(batch.rowCount == wanted.rowCount)
            for (column, wantedColumn) in zip(batch.columns, wanted.columns) {
                #expect(column.values == wantedColumn.values || column.values.contains { $0 != $0 }, "\(file) '\(column.field.name)'")
            }
        }
    }
}
