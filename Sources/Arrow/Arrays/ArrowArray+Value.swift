import Foundation

/// Reading any slot as an ``ArrowValue``.
extension ArrowArray {
    /// The value at `index`, decoded without loss for every Arrow type. Dictionary,
    /// run-end encoded and union columns give the value they stand for; extension columns
    /// give their storage value. Null slots and indices out of range give `.null`.
    public func value(at index: Int) -> ArrowValue {
        withPhysicalSlot(index) { array, slot in array.physicalValue(slot) } ?? .null
    }

    /// All values, in order (convenient for tests and small results; allocates).
    public var values: [ArrowValue] { (0..<count).map { value(at: $0) } }

    // swiftlint:disable:next cyclomatic_complexity
    private func physicalValue(_ slot: Int) -> ArrowValue {
        switch kind {
        case .null, .indirect:
            // Indirect layouts are resolved to a child by `physicalSlot`; never read here.
            return .null
        case .bool: return .bool(primary.bit(slot))
        case .int:
            guard case .signed(let width) = layout else { return .null }
            return .int(Int64(signedValue(slot, width: width)))
        case .uint:
            guard case .unsigned(let width) = layout else { return .null }
            return .uint(unsignedValue(slot, width: width))
        case .float16: return .float16(halfToFloat(primary.load(at: slot &* 2, as: UInt16.self)))
        case .float32: return .float32(Float(bitPattern: primary.load(at: slot &* 4, as: UInt32.self)))
        case .float64: return .float64(Double(bitPattern: primary.load(at: slot &* 8, as: UInt64.self)))
        case .decimal:
            guard case .decimal(let width) = layout else { return .null }
            return .decimal(ArrowDecimal(
                words: decimalWords(slot, width: width), precision: decimalPrecision, scale: decimalScale))
        case .string:
            guard let bytes = bytes(atPhysical: slot) else { return .null }
            return .string(String(decoding: bytes, as: UTF8.self))
        case .binary:
            guard let bytes = bytes(atPhysical: slot) else { return .null }
            return .binary(Data(bytes))
        case .date32: return .date32(primary.load(at: slot &* 4, as: Int32.self))
        case .date64: return .date64(primary.load(at: slot &* 8, as: Int64.self))
        case .time(let unit):
            guard case .signed(let width) = layout else { return .null }
            return .time(Int64(signedValue(slot, width: width)), unit)
        case .timestamp(let unit): return .timestamp(primary.load(at: slot &* 8, as: Int64.self), unit, timeZone: timeZone)
        case .duration(let unit): return .duration(primary.load(at: slot &* 8, as: Int64.self), unit)
        case .intervalYearMonth: return .intervalYearMonth(months: primary.load(at: slot &* 4, as: Int32.self))
        case .intervalDayTime:
            return .intervalDayTime(
                days: primary.load(at: slot &* 8, as: Int32.self),
                milliseconds: primary.load(at: slot &* 8 &+ 4, as: Int32.self))
        case .intervalMonthDayNano:
            return .intervalMonthDayNano(
                months: primary.load(at: slot &* 16, as: Int32.self),
                days: primary.load(at: slot &* 16 &+ 4, as: Int32.self),
                nanoseconds: primary.load(at: slot &* 16 &+ 8, as: Int64.self))
        case .list:
            guard let range = listRange(atPhysical: slot) else { return .null }
            return .list(range.map { children[0].value(at: $0) })
        case .structure:
            return .struct(zip(childNames, children).map { .init(name: $0, value: $1.value(at: slot)) })
        case .map:
            guard let range = listRange(atPhysical: slot), children[0].children.count == 2 else { return .null }
            let keys = children[0].children[0]
            let items = children[0].children[1]
            return .map(range.map { .init(key: keys.value(at: $0), value: items.value(at: $0)) })
        }
    }
}
