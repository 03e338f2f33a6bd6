import Arrow
import Foundation
import Testing

@Suite struct ArrowIPCMessageDecoderTests {
    typealias M = TestMessages

    static let int32Field = M.field("n", typeTag: 2, type: M.intType(32))
    static let dictField = M.field(
        "s", typeTag: 5, dictionary: [0: .int64(7), 1: .table(M.intType(8))])

    @Test("an empty header is a keep-alive and yields nil")
    func keepAlive() throws {
        var decoder = ArrowIPCMessageDecoder()
        #expect(try decoder.decode(header: Data(), body: Data()) == nil)
        #expect(decoder.schema == nil)
    }

    @Test("schema then record batch: values, nulls and message metadata")
    func schemaAndBatch() throws {
        var decoder = ArrowIPCMessageDecoder()
        guard case .schema(let schema) = try decoder.decode(header: M.schema([Self.int32Field]), body: Data()) else {
            Issue.record("expected a schema")
            return
        }
        #expect(schema.fields == [Field(name: "n", type: .int32)])
        let body = M.Body([M.bitmap([true, false, true]), M.bytes([Int32(5), 0, -7])])
        let header = M.recordBatch(length: 3, nodes: [(3, 1)], body: body, metadata: [KeyValue(key: "k", value: "v")])
        guard case .recordBatch(let batch) = try decoder.decode(header: header, body: body.data) else {
            Issue.record("expected a batch")
            return
        }
        let column = try #require(batch.column(named: "n"))
        #expect(column.values == [.int(5), .null, .int(-7)])
        #expect(column.int64(at: 2) == -7)
        #expect(column.int64(at: 1) == nil)
        #expect(column.int64(at: 3) == nil, "out of range reads as nil")
        #expect(batch.metadata == [KeyValue(key: "k", value: "v")])
        #expect(decoder.lastMessageMetadata == [KeyValue(key: "k", value: "v")])
    }

    @Test("a record batch before the schema is an invalidIPC error")
    func batchBeforeSchema() {
        var decoder = ArrowIPCMessageDecoder()
        let body = M.Body([Data(), M.bytes([Int32(1)])])
        #expect(throws: ArrowError.self) {
            try decoder.decode(header: M.recordBatch(length: 1, nodes: [(1, 0)], body: body), body: body.data)
        }
    }

    @Test("a body shorter than the message declares is truncated")
    func shortBody() throws {
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: M.schema([Self.int32Field]), body: Data())
        let body = M.Body([Data(), M.bytes([Int32(1), 2])])
        do {
            _ = try decoder.decode(header: M.recordBatch(length: 2, nodes: [(2, 0)], body: body), body: body.data.prefix(4))
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .truncated)
        }
    }

    func dictionaryBatch(_ strings: [String], isDelta: Bool) -> (Data, Data) {
        let (offsets, data) = M.utf8(strings)
        let body = M.Body([Data(), offsets, data])
        return (M.dictionaryBatch(id: 7, isDelta: isDelta, length: strings.count, nodes: [(strings.count, 0)], body: body), body.data)
    }

    func indices(_ decoder: inout ArrowIPCMessageDecoder, _ values: [Int8]) throws(ArrowError) -> ArrowArray? {
        let body = M.Body([Data(), M.bytes(values)])
        let header = M.recordBatch(length: values.count, nodes: [(values.count, 0)], body: body)
        guard case .recordBatch(let batch) = try decoder.decode(header: header, body: body.data) else { return nil }
        return batch.columns[0]
    }

    @Test("dictionary batches, delta dictionaries and replacement")
    func dictionaries() throws {
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: M.schema([Self.dictField]), body: Data())
        let first = dictionaryBatch(["a", "b"], isDelta: false)
        #expect(try decoder.decode(header: first.0, body: first.1) == nil)
        let column = try #require(try indices(&decoder, [1, 0]))
        #expect(column.values == [.string("b"), .string("a")])
        #expect(column.string(at: 0) == "b")
        let delta = dictionaryBatch(["c"], isDelta: true)
        #expect(try decoder.decode(header: delta.0, body: delta.1) == nil)
        let extended = try #require(try indices(&decoder, [2, 0, 1]))
        #expect(extended.values == [.string("c"), .string("a"), .string("b")])
        #expect(column.values == [.string("b"), .string("a")], "earlier batches keep their dictionary")
        let replacement = dictionaryBatch(["x"], isDelta: false)
        _ = try decoder.decode(header: replacement.0, body: replacement.1)
        #expect(try #require(try indices(&decoder, [0])).values == [.string("x")])
        do {
            _ = try indices(&decoder, [1])
            Issue.record("index 1 is outside a 1-entry dictionary")
        } catch {
            #expect(error.code == .invalidArray)
        }
    }

    @Test("delta dictionaries beyond the configured limit are limitExceeded")
    func deltaLimit() throws {
        var decoder = ArrowIPCMessageDecoder(limits: ArrowIPCLimits(maxDictionaryDeltas: 2))
        _ = try decoder.decode(header: M.schema([Self.dictField]), body: Data())
        let base = dictionaryBatch(["a"], isDelta: false)
        _ = try decoder.decode(header: base.0, body: base.1)
        let delta = dictionaryBatch(["b"], isDelta: true)
        _ = try decoder.decode(header: delta.0, body: delta.1)
        _ = try decoder.decode(header: delta.0, body: delta.1)
        #expect(try #require(try indices(&decoder, [0, 1, 2])).values == [.string("a"), .string("b"), .string("b")])
        do {
            _ = try decoder.decode(header: delta.0, body: delta.1)
            Issue.record("expected limitExceeded")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test("null arrays longer than the configured limit are limitExceeded")
    func lengthLimit() throws {
        var decoder = ArrowIPCMessageDecoder(limits: ArrowIPCLimits(maxArrayLength: 100))
        _ = try decoder.decode(header: M.schema([M.field("z", typeTag: 1)]), body: Data())
        let body = M.Body([])
        guard case .recordBatch(let batch) = try decoder.decode(
            header: M.recordBatch(length: 100, nodes: [(100, 100)], body: body), body: body.data)
        else { Issue.record("expected a batch"); return }
        #expect(batch.columns[0].isNull(99))
        for (length, nodeLength) in [(101, 100), (100, 101)] {
            do {
                _ = try decoder.decode(
                    header: M.recordBatch(length: length, nodes: [(nodeLength, nodeLength)], body: body), body: body.data)
                Issue.record("expected limitExceeded")
            } catch {
                #expect(error.code == .limitExceeded)
            }
        }
    }

    @Test("a batch using a dictionary that was never sent is an error")
    func missingDictionary() throws {
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: M.schema([Self.dictField]), body: Data())
        #expect(throws: ArrowError.self) { try indices(&decoder, [0]) }
    }

    @Test("big-endian producers: values are byte-swapped on load")
    func bigEndian() throws {
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: M.schema([Self.int32Field], bigEndian: true), body: Data())
        #expect(decoder.schema?.endianness == .big)
        let values = Data([0x00, 0x00, 0x01, 0x02, 0xFF, 0xFF, 0xFF, 0xFE])
        let body = M.Body([Data(), values])
        guard case .recordBatch(let batch) = try decoder.decode(
            header: M.recordBatch(length: 2, nodes: [(2, 0)], body: body), body: body.data)
        else { Issue.record("expected a batch"); return }
        #expect(batch.columns[0].values == [.int(258), .int(-2)])
    }

    @Test("schemas nested deeper than the limit are rejected")
    func nestingLimit() {
        var field = Self.int32Field
        for _ in 0..<70 { field = M.field("l", typeTag: 12, children: [field]) }
        var decoder = ArrowIPCMessageDecoder()
        do {
            _ = try decoder.decode(header: M.schema([field]), body: Data())
            Issue.record("expected limitExceeded")
        } catch {
            #expect(error.code == .limitExceeded)
        }
    }

    @Test("nested lists within the limit decode")
    func nestedLists() throws {
        let list = M.field("l", typeTag: 12, children: [Self.int32Field])
        var decoder = ArrowIPCMessageDecoder()
        _ = try decoder.decode(header: M.schema([list]), body: Data())
        let body = M.Body([Data(), M.bytes([Int32(0), 2, 3]), Data(), M.bytes([Int32(1), 2, 3])])
        guard case .recordBatch(let batch) = try decoder.decode(
            header: M.recordBatch(length: 2, nodes: [(2, 0), (3, 0)], body: body), body: body.data)
        else { Issue.record("expected a batch"); return }
        #expect(batch.columns[0].values == [.list([.int(1), .int(2)]), .list([.int(3)])])
    }
}
