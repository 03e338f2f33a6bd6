import Arrow
import Foundation
import Testing

@Suite struct ArrowArrayAccessorTests {
    typealias M = TestMessages

    func primitive(_ type: ArrowType, _ data: Data, count: Int, nulls: [Bool]? = nil, offset: Int = 0) throws -> ArrowArray {
        let validity = nulls.map { ArrowBuffer(M.bitmap($0.map { !$0 })) } ?? .empty
        return try ArrowArray(field: Field(name: "c", type: type), count: count,
                              nullCount: nulls?.filter { $0 }.count ?? 0, offset: offset,
                              buffers: [validity, ArrowBuffer(data)])
    }

    @Test("int64(at:) reads every signed width; uint64(at:) every unsigned width")
    func integers() throws {
        #expect(try primitive(.int8, M.bytes([Int8(-3)]), count: 1).int64(at: 0) == -3)
        #expect(try primitive(.int16, M.bytes([Int16(-300)]), count: 1).int64(at: 0) == -300)
        #expect(try primitive(.int32, M.bytes([Int32.min]), count: 1).int64(at: 0) == Int64(Int32.min))
        #expect(try primitive(.uint8, M.bytes([UInt8(250)]), count: 1).uint64(at: 0) == 250)
        let big = try primitive(.uint64, M.bytes([UInt64.max]), count: 1)
        #expect(big.uint64(at: 0) == .max)
        #expect(big.int64(at: 0) == nil, "does not fit")
        #expect(big.value(at: 0) == .uint(.max))
    }

    @Test("the array offset shifts slots and the validity bitmap")
    func offset() throws {
        let array = try primitive(.int32, M.bytes([Int32(1), 2, 3]), count: 2, nulls: [false, true, false], offset: 1)
        #expect(array.values == [.null, .int(3)])
        #expect(array.isNull(0))
        #expect(!array.isNull(1))
        #expect(array.isNull(2), "past the end reads as null")
        #expect(array.isNull(-1))
    }

    @Test("float16 widens exactly; double(at:) covers float widths")
    func floats() throws {
        let halves = try primitive(.float16, M.bytes([UInt16(0x3C00), 0xC000, 0x0001, 0x7C00]), count: 4)
        #expect(halves.values == [.float16(1), .float16(-2), .float16(Float(sign: .plus, exponent: -24, significand: 1)), .float16(.infinity)])
        #expect(halves.double(at: 1) == -2)
        let singles = try primitive(.float32, M.bytes([Float(1.5).bitPattern]), count: 1)
        #expect(singles.float(at: 0) == 1.5)
        #expect(singles.double(at: 0) == 1.5)
    }

    @Test("decimals of every width keep their exact value")
    func decimals() throws {
        let d32 = try primitive(.decimal(bitWidth: 32, precision: 9, scale: 2), M.bytes([Int32(-12345)]), count: 1)
        #expect(d32.decimal(at: 0)?.description == "-123.45")
        let d64 = try primitive(.decimal(bitWidth: 64, precision: 18, scale: 3), M.bytes([Int64(1_000_001)]), count: 1)
        #expect(d64.decimal(at: 0)?.description == "1000.001")
        let d128 = try primitive(.decimal(bitWidth: 128, precision: 38, scale: 0), M.bytes([UInt64.max, UInt64.max]), count: 1)
        #expect(d128.decimal(at: 0)?.description == "-1")
        #expect(d128.int64(at: 0) == nil, "decimals are not integers")
    }

    @Test("date(at:) reads date32, date64 and timestamps (naive as UTC)")
    func dates() throws {
        #expect(try primitive(.date32, M.bytes([Int32(1)]), count: 1).date(at: 0) == Date(timeIntervalSince1970: 86_400))
        #expect(try primitive(.date64, M.bytes([Int64(1_500)]), count: 1).date(at: 0) == Date(timeIntervalSince1970: 1.5))
        let naive = try primitive(.timestamp(.microsecond, timeZone: nil), M.bytes([Int64(-1_500_000)]), count: 1)
        #expect(naive.date(at: 0) == Date(timeIntervalSince1970: -1.5))
        #expect(naive.value(at: 0) == .timestamp(-1_500_000, .microsecond, timeZone: nil))
        let zoned = try primitive(.timestamp(.second, timeZone: "+01:00"), M.bytes([Int64(60)]), count: 1)
        #expect(zoned.date(at: 0) == Date(timeIntervalSince1970: 60))
        #expect(try primitive(.int32, M.bytes([Int32(1)]), count: 1).date(at: 0) == nil)
    }

    @Test("intervals decode each field")
    func intervals() throws {
        let dayTime = try primitive(.interval(.dayTime), M.bytes([Int32(3), -4]), count: 1)
        #expect(dayTime.value(at: 0) == .intervalDayTime(days: 3, milliseconds: -4))
        let mdn = try primitive(.interval(.monthDayNano), M.bytes([Int32(1), 2]) + M.bytes([Int64(-3)]), count: 1)
        #expect(mdn.value(at: 0) == .intervalMonthDayNano(months: 1, days: 2, nanoseconds: -3))
    }

    @Test("string(at:) and data(at:) on binary-like columns; type mismatches give nil")
    func bytes() throws {
        let (offsets, data) = M.utf8(["héllo", ""])
        let strings = try ArrowArray(field: Field(name: "s", type: .utf8), count: 2, nullCount: 0,
                                     buffers: [.empty, ArrowBuffer(offsets), ArrowBuffer(data)])
        #expect(strings.string(at: 0) == "héllo")
        #expect(strings.string(at: 1) == "")
        #expect(strings.data(at: 0) == Data("héllo".utf8))
        #expect(strings.int64(at: 0) == nil)
        let fixed = try primitive(.fixedSizeBinary(byteWidth: 2), Data([1, 2, 3, 4]), count: 2)
        #expect(fixed.data(at: 1) == Data([3, 4]))
        #expect(fixed.string(at: 1) == nil)
    }

    @Test("a record batch checks column count and lengths; columns found by name")
    func recordBatch() throws {
        let column = try primitive(.int32, M.bytes([Int32(1)]), count: 1)
        let schema = Schema(fields: [Field(name: "c", type: .int32)])
        let batch = try RecordBatch(schema: schema, rowCount: 1, columns: [column])
        #expect(batch.column(named: "c")?.int64(at: 0) == 1)
        #expect(batch.column(named: "missing") == nil)
        #expect(throws: ArrowError.self) { try RecordBatch(schema: schema, rowCount: 2, columns: [column]) }
        #expect(throws: ArrowError.self) { try RecordBatch(schema: schema, rowCount: 1, columns: []) }
    }

    @Test("buffer slices share storage and reject ranges outside the buffer")
    func bufferSlices() {
        let buffer = ArrowBuffer(Data([1, 2, 3, 4]))
        #expect(buffer.slice(offset: 1, count: 2)?.data == Data([2, 3]))
        #expect(buffer.slice(offset: 3, count: 2) == nil)
        #expect(buffer.slice(offset: -1, count: 1) == nil)
        #expect(buffer.slice(offset: 4, count: 0)?.count == 0)
    }
}
