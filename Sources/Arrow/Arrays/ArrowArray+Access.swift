import Foundation

/// Null checks and the resolution of indirect layouts (dictionary, run-end encoded, union,
/// chunked) to the array and physical slot that hold a value.
extension ArrowArray {
    /// Whether slot `index` is null (also true for an index outside `0..<count`).
    /// For dictionary-encoded arrays a null dictionary value counts as null too.
    public func isNull(_ index: Int) -> Bool {
        withPhysicalSlot(index) { _, _ in true } == nil
    }

    /// The array whose own buffers hold logical slot `index`, and the physical slot there
    /// (offset applied); nil when the slot is null or out of range.
    @inline(__always)
    func physicalSlot(_ index: Int) -> (array: ArrowArray, slot: Int)? {
        guard index >= 0, index < count else { return nil }
        if isDirect {
            let slot = offset &+ index
            return bitmapValid(slot) ? (self, slot) : nil
        }
        return resolveIndirect(index)
    }

    /// Calls `body` with the array and physical slot holding logical slot `index`, or
    /// returns nil when the slot is null or out of range. On the direct path `self` is
    /// passed borrowed, which avoids the retain/release a returned tuple would cost.
    @inline(__always)
    func withPhysicalSlot<T>(_ index: Int, _ body: (ArrowArray, Int) -> T?) -> T? {
        guard index >= 0, index < count else { return nil }
        if isDirect {
            let slot = offset &+ index
            return bitmapValid(slot) ? body(self, slot) : nil
        }
        guard let (array, slot) = resolveIndirect(index) else { return nil }
        return body(array, slot)
    }

    private func resolveIndirect(_ index: Int) -> (array: ArrowArray, slot: Int)? {
        let slot = offset &+ index
        if let dictionary {
            guard bitmapValid(slot) else { return nil }
            let key: Int
            switch layout {
            case .signed(let width): key = signedValue(slot, width: width)
            case .unsigned(let width): key = Int(truncatingIfNeeded: unsignedValue(slot, width: width))
            default: return nil
            }
            return dictionary.physicalSlot(key)
        }
        switch layout {
        case .null:
            return nil
        case .sparseUnion:
            let child = children[Int(unionChildIndex[Int(primary.load(at: slot, as: Int8.self))])]
            return child.physicalSlot(slot)
        case .denseUnion:
            let child = children[Int(unionChildIndex[Int(primary.load(at: slot, as: Int8.self))])]
            return child.physicalSlot(Int(secondary.load(at: slot &* 4, as: Int32.self)))
        case .runEndEncoded:
            return children[1].physicalSlot(run(containing: slot))
        case .chunked:
            let chunk = chunk(containing: index)
            return children[chunk].physicalSlot(index - chunkStarts[chunk])
        default:
            return nil
        }
    }

    /// For a sparse or dense union array: the type code of slot `index` (one of the union
    /// type's `typeIDs`), the member array that holds the slot's value and the index there.
    /// Nil for other arrays and for indices outside `0..<count`.
    ///
    /// A union has no validity bitmap: a null union slot is a null in its member, so
    /// `array.isNull(index)` of the member tells whether the slot is null. ``value(at:)``
    /// gives the member's value only; this tells which member was set, which matters when
    /// two members have the same type.
    public func unionMember(at index: Int) -> (typeCode: Int8, array: ArrowArray, index: Int)? {
        guard index >= 0, index < count else { return nil }
        let slot = offset &+ index
        switch layout {
        case .sparseUnion, .denseUnion:
            let typeCode = primary.load(at: slot, as: Int8.self)
            guard typeCode >= 0, Int(typeCode) < unionChildIndex.count else { return nil }
            let childIndex = Int(unionChildIndex[Int(typeCode)])
            guard children.indices.contains(childIndex) else { return nil }
            if case .sparseUnion = layout { return (typeCode, children[childIndex], slot) }
            return (typeCode, children[childIndex], Int(secondary.load(at: slot &* 4, as: Int32.self)))
        case .chunked:
            let chunk = chunk(containing: index)
            return children[chunk].unionMember(at: index - chunkStarts[chunk])
        default:
            return nil
        }
    }

    /// The union type code of slot `index` (one of the union type's `typeIDs`), or nil when
    /// the array is not a sparse or dense union or `index` is outside `0..<count`. See
    /// ``unionMember(at:)``.
    public func unionTypeCode(at index: Int) -> Int8? {
        unionMember(at: index)?.typeCode
    }

    /// For a chunked array: the index of the last chunk starting at or before `index`.
    private func chunk(containing index: Int) -> Int {
        var low = 0
        var high = chunkStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if chunkStarts[middle] <= index { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The index of the run holding logical `slot`: the first run whose end exceeds it.
    private func run(containing slot: Int) -> Int {
        let runEnds = children[0]
        var low = 0
        var high = runEnds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if Int(runEnds.int64(at: middle) ?? 0) > slot { high = middle } else { low = middle + 1 }
        }
        return low
    }

    /// The bytes of a binary, UTF-8, view or fixed-size slot (valid while `self` lives).
    @inline(__always)
    func bytes(atPhysical slot: Int) -> UnsafeRawBufferPointer? {
        switch layout {
        case .binary(let width):
            let start = offsetValue(primary, slot, width: width)
            let end = offsetValue(primary, slot &+ 1, width: width)
            return UnsafeRawBufferPointer(start: secondary.base + start, count: end &- start)
        case .view:
            let length = Int(primary.load(at: slot &* 16, as: Int32.self))
            if length <= 12 {
                return UnsafeRawBufferPointer(start: primary.base + (slot &* 16 &+ 4), count: length)
            }
            let buffer = buffers[Int(primary.load(at: slot &* 16 &+ 8, as: Int32.self)) &+ 2]
            let start = Int(primary.load(at: slot &* 16 &+ 12, as: Int32.self))
            return UnsafeRawBufferPointer(start: buffer.base + start, count: length)
        case .fixedBytes(let width):
            return UnsafeRawBufferPointer(start: primary.base + slot &* width, count: width)
        default:
            return nil
        }
    }

    /// The child range of a list-like slot.
    @inline(__always)
    func listRange(atPhysical slot: Int) -> Range<Int>? {
        switch layout {
        case .list(let width):
            return offsetValue(primary, slot, width: width)..<offsetValue(primary, slot &+ 1, width: width)
        case .listView(let width):
            let start = offsetValue(primary, slot, width: width)
            return start..<(start &+ offsetValue(secondary, slot, width: width))
        case .fixedList(let size):
            return (slot &* size)..<(slot &* size &+ size)
        default:
            return nil
        }
    }
}
