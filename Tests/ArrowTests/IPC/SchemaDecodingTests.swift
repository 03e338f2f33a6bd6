import Arrow
import Foundation
import Testing

/// Schema fields whose parameters come from the peer and must be checked or normalised.
@Suite struct SchemaDecodingTests {
    typealias M = TestMessages

    /// A schema message with one decimal field (`Decimal` table: precision, scale, bitWidth).
    static func decimalSchema(precision: Int32, scale: Int32, bitWidth: Int32 = 128) -> Data {
        M.schema([M.field("d", typeTag: 7, type: [0: .int32(precision), 1: .int32(scale), 2: .int32(bitWidth)])])
    }

    @Test("a decimal scale of Int32.max (or Int32.min) is refused")
    func hugeDecimalScale() {
        #expect(throws: ArrowError.self) { try ArrowIPC.schema(fromMessage: Self.decimalSchema(precision: 10, scale: .max)) }
        #expect(throws: ArrowError.self) { try ArrowIPC.schema(fromMessage: Self.decimalSchema(precision: 10, scale: .min)) }
    }

    @Test("decimal precision must be 1 to the width's digits, |scale| at most those digits",
          arguments: [(Int32(32), Int32(9)), (64, 18), (128, 38), (256, 76)])
    func decimalBounds(bitWidth: Int32, digits: Int32) throws {
        func decode(_ precision: Int32, _ scale: Int32) throws -> Schema {
            try ArrowIPC.schema(fromMessage: Self.decimalSchema(precision: precision, scale: scale, bitWidth: bitWidth))
        }
        let widest = try decode(digits, digits)
        #expect(widest.fields[0].type == .decimal(bitWidth: Int(bitWidth), precision: Int(digits), scale: Int(digits)))
        #expect(try decode(1, -digits).fields[0].type == .decimal(bitWidth: Int(bitWidth), precision: 1, scale: -Int(digits)))
        #expect(throws: ArrowError.self) { try decode(0, 0) }
        #expect(throws: ArrowError.self) { try decode(digits + 1, 0) }
        #expect(throws: ArrowError.self) { try decode(-1, 0) }
        #expect(throws: ArrowError.self) { try decode(digits, digits + 1) }
        #expect(throws: ArrowError.self) { try decode(digits, -digits - 1) }
    }

    @Test("an empty timestamp zone decodes as no zone; a named zone is kept")
    func emptyTimeZone() throws {
        func decode(_ zone: String) throws -> ArrowType {
            let schema = try ArrowIPC.schema(fromMessage: M.schema([M.field("t", typeTag: 10, type: [0: .int16(2), 1: .string(zone)])]))
            return schema.fields[0].type
        }
        #expect(try decode("") == .timestamp(.microsecond, timeZone: nil))
        #expect(try decode("UTC") == .timestamp(.microsecond, timeZone: "UTC"))
    }

    @Test("a decimal's text stays short and exact for any scale it is given")
    func decimalDescriptionBounded() {
        #expect(ArrowDecimal(unscaled: 12, precision: 2, scale: 1).description == "1.2")
        #expect(ArrowDecimal(unscaled: -5, precision: 1, scale: 3).description == "-0.005")
        #expect(ArrowDecimal(unscaled: 12, precision: 2, scale: -3).description == "12000")
        #expect(ArrowDecimal(unscaled: -12, precision: 2, scale: Int.min).description == "-12E+9223372036854775808")
        #expect(ArrowDecimal(unscaled: 12, precision: 2, scale: Int(Int32.max)).description == "12E-2147483647")
        #expect(ArrowDecimal(unscaled: 12, precision: 2, scale: Int.max).description.count < 40)
        #expect(ArrowDecimal(unscaled: 0, precision: 1, scale: Int.max).description == "0E-\(Int.max)")
        // 76 zeros, the most a valid decimal256 needs, are still written out in full.
        let widest = ArrowDecimal(unscaled: 1, precision: 76, scale: 76).description
        #expect(widest == "0." + String(repeating: "0", count: 75) + "1")
    }
}
