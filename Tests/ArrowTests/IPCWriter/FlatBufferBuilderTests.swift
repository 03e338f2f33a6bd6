import Foundation
import Testing

@testable import Arrow

/// The builder's output read back with the reader's bounds-checked FlatBuffer view.
@Suite struct FlatBufferBuilderTests {
    @Test("scalars, strings, vectors, sub-tables and structs read back")
    func tableContents() throws {
        var builder = FlatBufferBuilder(capacity: 16)  // small, so the storage has to grow
        let name = builder.createString("héllo")
        let numbers = builder.createVector([Int64(1), -2, 3])
        let words = builder.createVector(offsets: [builder.createString("a"), builder.createString("bc")])
        builder.startTable()
        builder.add(0, Int32(42))
        let child = builder.endTable()
        let structs = builder.createStructVector(count: 2, elementSize: 16, alignment: 8) { builder, index in
            builder.put(Int64(index * 10 + 1))
            builder.put(Int64(index * 10))
        }
        builder.startTable()
        builder.add(0, Int8(-3))
        builder.add(1, offset: name)
        builder.add(2, true)
        builder.add(3, offset: numbers)
        builder.add(5, offset: child)  // slot 4 left absent
        builder.add(6, offset: words)
        builder.add(7, offset: structs)
        builder.add(8, Int64.min)
        let data = builder.finish(root: builder.endTable())
        #expect(data.count % 8 == 0)

        let table = try FlatBuffer(data).root()
        #expect(try table.scalar(0, default: Int8(0)) == -3)
        #expect(try table.string(1) == "héllo")
        #expect(try table.bool(2) == true)
        let vector = try table.vector(3, elementSize: 8)
        #expect(vector?.count == 3)
        #expect(try vector?.scalar(1, as: Int64.self) == -2)
        #expect(try table.fieldPosition(4) == nil)
        #expect(try table.scalar(4, default: Int16(7)) == 7)
        #expect(try table.table(5)?.scalar(0, default: Int32(0)) == 42)
        let strings = try table.vector(6, elementSize: 4)
        #expect(try strings?.string(1) == "bc")
        let pairs = try #require(try table.vector(7, elementSize: 16))
        #expect(try pairs.buffer.load(pairs.structPosition(1), as: Int64.self) == 10)
        #expect(try pairs.buffer.load(pairs.structPosition(1) + 8, as: Int64.self) == 11)
        #expect(try table.scalar(8, default: Int64(0)) == .min)
        // 8-byte scalars are 8-byte aligned in the buffer.
        #expect(try table.fieldPosition(8).map { $0 % 8 } == 0)
    }

    @Test("identical vtables are shared")
    func vtableDeduplication() throws {
        var builder = FlatBufferBuilder()
        var tables: [FlatBufferBuilder.Offset] = []
        for value in 0..<3 {
            builder.startTable()
            builder.add(0, Int32(value))
            tables.append(builder.endTable())
        }
        let vector = builder.createVector(offsets: tables)
        builder.startTable()
        builder.add(0, offset: vector)
        let data = builder.finish(root: builder.endTable())
        let root = try FlatBuffer(data).root()
        let elements = try #require(try root.vector(0, elementSize: 4))
        var vtables: Set<Int> = []
        for index in 0..<3 {
            let table = try elements.table(index)
            #expect(try table.scalar(0, default: Int32(-1)) == Int32(index))
            vtables.insert(table.position - Int(try FlatBuffer(data).load(table.position, as: Int32.self)))
        }
        #expect(vtables.count == 1)
    }

    @Test("empty tables, vectors and strings")
    func empties() throws {
        var builder = FlatBufferBuilder()
        let empty = builder.createString("")
        let none = builder.createVector(offsets: [])
        builder.startTable()
        let inner = builder.endTable()
        builder.startTable()
        builder.add(0, offset: empty)
        builder.add(1, offset: none)
        builder.add(2, offset: inner)
        let data = builder.finish(root: builder.endTable())
        let table = try FlatBuffer(data).root()
        #expect(try table.string(0) == "")
        #expect(try table.vector(1, elementSize: 4)?.count == 0)
        #expect(try table.table(2) != nil)
    }
}
