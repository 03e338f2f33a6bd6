import Arrow
import Foundation
import Testing

/// Each structural check of `ArrowArray`'s initializer rejects a malformed array with
/// `ArrowError.Code.invalidArray` instead of letting accessors read out of bounds.
@Suite struct ArrowArrayValidationTests {
    typealias M = TestMessages

    func buffer(_ data: Data) -> ArrowBuffer { ArrowBuffer(data) }
    static let none = ArrowBuffer.empty

    func rejects(_ body: () throws -> ArrowArray) -> Bool {
        do {
            _ = try body()
            return false
        } catch {
            return (error as? ArrowError)?.code == .invalidArray
        }
    }

    func int32s(_ values: [Int32], nulls: [Bool]? = nil) throws -> ArrowArray {
        let validity = nulls.map { buffer(M.bitmap($0.map { !$0 })) } ?? Self.none
        return try ArrowArray(
            field: Field(name: "i", type: .int32), count: values.count,
            nullCount: nulls?.filter { $0 }.count ?? 0, buffers: [validity, buffer(M.bytes(values))])
    }

    @Test("fixed-width values shorter than count are rejected")
    func shortValues() {
        #expect(rejects {
            try ArrowArray(field: Field(name: "i", type: .int64), count: 3, nullCount: 0,
                           buffers: [Self.none, buffer(M.bytes([Int64(1), 2]))])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "i", type: .int32), count: 2, nullCount: 0, offset: 1,
                           buffers: [Self.none, buffer(M.bytes([Int32(1), 2]))])
        })
    }

    @Test("nulls without a validity bitmap, or a short bitmap, are rejected")
    func validity() {
        #expect(rejects {
            try ArrowArray(field: Field(name: "i", type: .int32), count: 1, nullCount: 1,
                           buffers: [Self.none, buffer(M.bytes([Int32(1)]))])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "i", type: .int32), count: 9, nullCount: 1,
                           buffers: [buffer(Data([0xFF])), buffer(M.bytes([Int32](repeating: 0, count: 9)))])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "i", type: .int32), count: 1, nullCount: 2,
                           buffers: [buffer(Data([0])), buffer(M.bytes([Int32(1)]))])
        })
    }

    @Test("hand-built types with impossible widths are rejected")
    func widths() {
        #expect(rejects {
            try ArrowArray(field: Field(name: "d", type: .decimal(bitWidth: 100, precision: 5, scale: 0)), count: 0,
                           nullCount: 0, buffers: [Self.none, Self.none])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "b", type: .fixedSizeBinary(byteWidth: -1)), count: 1, nullCount: 0,
                           buffers: [Self.none, Self.none])
        })
    }

    @Test("the wrong number of buffers is rejected")
    func bufferCount() {
        #expect(rejects { try ArrowArray(field: Field(name: "i", type: .int32), count: 0, nullCount: 0, buffers: []) })
    }

    func utf8(offsets: [Int32], data: String) throws -> ArrowArray {
        try ArrowArray(field: Field(name: "s", type: .utf8), count: offsets.count - 1, nullCount: 0,
                       buffers: [Self.none, buffer(M.bytes(offsets)), buffer(Data(data.utf8))])
    }

    @Test("offsets: decreasing, negative or past the data are rejected")
    func offsets() throws {
        #expect(try utf8(offsets: [0, 2, 3], data: "abc").values == [.string("ab"), .string("c")])
        #expect(rejects { try utf8(offsets: [0, 2, 1], data: "abc") })
        #expect(rejects { try utf8(offsets: [-1, 2], data: "abc") })
        #expect(rejects { try utf8(offsets: [0, 4], data: "abc") })
        #expect(rejects {
            try ArrowArray(field: Field(name: "s", type: .utf8), count: 2, nullCount: 0,
                           buffers: [Self.none, buffer(M.bytes([Int32(0), 1])), buffer(Data("ab".utf8))])
        })
    }

    func view(length: Int32, bufferIndex: Int32, offset: Int32, data: [Data]) throws -> ArrowArray {
        let view = M.bytes([length]) + Data("abcd".utf8) + M.bytes([bufferIndex, offset])
        return try ArrowArray(field: Field(name: "v", type: .utf8View), count: 1, nullCount: 0,
                              buffers: [Self.none, buffer(view)] + data.map(buffer))
    }

    @Test("views: out-of-line ranges must lie in an existing data buffer")
    func views() throws {
        let data = [Data("abcdefghijklmnopqrstuvwxyz".utf8)]
        #expect(try view(length: 13, bufferIndex: 0, offset: 2, data: data).string(at: 0) == "cdefghijklmno")
        #expect(rejects { try view(length: 13, bufferIndex: 1, offset: 0, data: data) })
        #expect(rejects { try view(length: 13, bufferIndex: -1, offset: 0, data: data) })
        #expect(rejects { try view(length: 13, bufferIndex: 0, offset: 20, data: data) })
        #expect(rejects { try view(length: -5, bufferIndex: 0, offset: 0, data: data) })
        #expect(rejects { try view(length: Int32.max, bufferIndex: 0, offset: Int32.max, data: data) })
    }

    @Test("views: only valid slots are checked, in every position of a longer array")
    func viewsWithNulls() throws {
        let data = Data("abcdefghijklmnopqrstuvwxyz".utf8)
        func views(_ slots: [(Int32, Int32, Int32)], valid: [Bool]) throws -> ArrowArray {
            var bytes = Data()
            for (length, index, offset) in slots { bytes += M.bytes([length]) + Data("abcd".utf8) + M.bytes([index, offset]) }
            return try ArrowArray(
                field: Field(name: "v", type: .utf8View), count: slots.count, nullCount: valid.filter { !$0 }.count,
                buffers: [buffer(M.bitmap(valid)), buffer(bytes), buffer(data)])
        }
        let good: (Int32, Int32, Int32) = (13, 0, 1)
        let bad: (Int32, Int32, Int32) = (13, 3, 0)
        let negative: (Int32, Int32, Int32) = (-1, 0, 0)
        let inline: (Int32, Int32, Int32) = (3, -7, -7)  // inline: index and offset are string bytes
        for position in 0..<20 {
            var slots = Array(repeating: inline, count: 20)
            slots[(position + 7) % 20] = good
            var valid = Array(repeating: true, count: 20)
            slots[position] = bad
            #expect(rejects { try views(slots, valid: valid) }, "bad view at \(position)")
            slots[position] = negative
            #expect(rejects { try views(slots, valid: valid) }, "negative length at \(position)")
            valid[position] = false
            let array = try views(slots, valid: valid)
            #expect(array.string(at: position) == nil, "a null slot's view is never read")
            slots[position] = bad
            #expect(try views(slots, valid: valid).string(at: (position + 7) % 20) == "bcdefghijklmn")
        }
    }

    static let item = Field(name: "item", type: .int32)

    @Test("list offsets past the child and short fixed-size-list or struct children are rejected")
    func nested() throws {
        let child = try int32s([1, 2, 3])
        let list = try ArrowArray(field: Field(name: "l", type: .list(Self.item)), count: 1, nullCount: 0,
                                  buffers: [Self.none, buffer(M.bytes([Int32(0), 3]))], children: [child])
        #expect(list.value(at: 0) == .list([.int(1), .int(2), .int(3)]))
        #expect(rejects {
            try ArrowArray(field: Field(name: "l", type: .list(Self.item)), count: 1, nullCount: 0,
                           buffers: [Self.none, buffer(M.bytes([Int32(0), 4]))], children: [child])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "f", type: .fixedSizeList(Self.item, listSize: 2)), count: 2, nullCount: 0,
                           buffers: [Self.none], children: [child])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "s", type: .struct([Self.item])), count: 4, nullCount: 0,
                           buffers: [Self.none], children: [child])
        })
        #expect(rejects {
            try ArrowArray(field: Field(name: "s", type: .struct([Field(name: "x", type: .int64)])), count: 1,
                           nullCount: 0, buffers: [Self.none], children: [child])
        }, "a child whose type differs from the field's is rejected")
    }

    @Test("list views must stay inside the child")
    func listViews() throws {
        let child = try int32s([1, 2, 3])
        func make(_ offset: Int32, _ size: Int32) throws -> ArrowArray {
            try ArrowArray(field: Field(name: "lv", type: .listView(Self.item)), count: 1, nullCount: 0,
                           buffers: [Self.none, buffer(M.bytes([offset])), buffer(M.bytes([size]))], children: [child])
        }
        #expect(try make(1, 2).value(at: 0) == .list([.int(2), .int(3)]))
        #expect(rejects { try make(2, 2) })
        #expect(rejects { try make(-1, 1) })
        #expect(rejects { try make(0, -1) })
    }

    @Test("unions: unknown type ids and dense offsets out of range are rejected")
    func unions() throws {
        let ints = try int32s([10, 20])
        let type = ArrowType.union(.dense, children: [Self.item], typeIDs: [5])
        func make(_ ids: [Int8], _ offsets: [Int32]) throws -> ArrowArray {
            try ArrowArray(field: Field(name: "u", type: type), count: ids.count, nullCount: 0,
                           buffers: [buffer(M.bytes(ids)), buffer(M.bytes(offsets))], children: [ints])
        }
        #expect(try make([5, 5], [1, 0]).values == [.int(20), .int(10)])
        #expect(rejects { try make([4], [0]) })
        #expect(rejects { try make([-1], [0]) })
        #expect(rejects { try make([5], [2]) })
        let sparse = ArrowType.union(.sparse, children: [Self.item], typeIDs: [0])
        #expect(rejects {
            try ArrowArray(field: Field(name: "u", type: sparse), count: 3, nullCount: 0,
                           buffers: [buffer(M.bytes([Int8(0), 0, 0]))], children: [ints])
        }, "sparse children must be as long as the union")
    }

    @Test("run ends must increase strictly and cover the array")
    func runEnds() throws {
        let runEndsField = Field(name: "run_ends", type: .int32, isNullable: false)
        let type = ArrowType.runEndEncoded(runEnds: runEndsField, values: Self.item)
        func make(_ ends: [Int32], count: Int) throws -> ArrowArray {
            let endsArray = try ArrowArray(field: runEndsField, count: ends.count, nullCount: 0,
                                           buffers: [Self.none, buffer(M.bytes(ends))])
            return try ArrowArray(field: Field(name: "r", type: type), count: count, nullCount: 0, buffers: [],
                                  children: [endsArray, try int32s([7, 8, 9])])
        }
        #expect(try make([2, 3, 5], count: 5).values == [.int(7), .int(7), .int(8), .int(9), .int(9)])
        #expect(try make([2, 3, 5], count: 5).int64(at: 4) == 9)
        #expect(rejects { try make([2, 2, 5], count: 5) })
        #expect(rejects { try make([0, 3, 5], count: 5) })
        #expect(rejects { try make([2, 3, 4], count: 5) })
    }

    @Test("dictionary indices must be inside the dictionary, and the value type must match")
    func dictionaryIndices() throws {
        let dictionary = try utf8(offsets: [0, 1, 2], data: "xy")
        let field = Field(name: "d", type: .utf8, dictionary: DictionaryEncoding(id: 0, indexType: .int8, isOrdered: false))
        func make(_ indices: [Int8], values: ArrowArray) throws -> ArrowArray {
            try ArrowArray(field: field, count: indices.count, nullCount: 0,
                           buffers: [Self.none, buffer(M.bytes(indices))], dictionary: values)
        }
        let good = try make([1, 0], values: dictionary)
        #expect(good.values == [.string("y"), .string("x")])
        #expect(good.string(at: 0) == "y")
        #expect(rejects { try make([2], values: dictionary) })
        #expect(rejects { try make([-1], values: dictionary) })
        #expect(rejects { try make([0], values: try int32s([1])) })
        #expect(rejects {
            try ArrowArray(field: field, count: 1, nullCount: 0, buffers: [Self.none, buffer(M.bytes([Int8(0)]))])
        }, "a dictionary-encoded field needs its dictionary")
    }
}
