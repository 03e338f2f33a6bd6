import Arrow
import Foundation
import Testing
import TestSupport

@testable import FlightSQLCLI

/// `flightsql cat` on the Arrow gold files: both IPC formats are detected, printed, and
/// re-written as one IPC stream.
@Suite struct CatCommandTests {
    static let files = ["cpp-21.0.0/generated_primitive", "cpp-21.0.0/generated_nested", "1.0.0-bigendian/generated_decimal", "4.0.0-shareddict/generated_shared_dict"]

    func path(_ name: String, _ suffix: String) -> String {
        TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden/\(name).\(suffix)").path
    }

    func cat(_ arguments: [String]) throws -> OutputSink {
        let sink = OutputSink()
        try CatCommand.run(arguments, stdout: sink)
        try sink.flush()
        return sink
    }

    @Test("a file and a stream of the same data print the same JSON lines", arguments: files)
    func sameText(name: String) throws {
        let fromFile = try cat(["--format", "jsonl", path(name, "arrow_file")]).capturedText
        let fromStream = try cat(["--format", "jsonl", path(name, "stream")]).capturedText
        #expect(fromFile == fromStream)
        let rows = try ArrowIPC.read(Data(contentsOf: URL(fileURLWithPath: path(name, "stream")))).batches.reduce(0) { $0 + $1.rowCount }
        #expect(fromFile.split(separator: "\n", omittingEmptySubsequences: false).count == rows + 1)
    }

    @Test("--format arrow turns a file into a stream with the same values", arguments: files)
    func fileToStream(name: String) throws {
        let output = Data(try cat(["--format", "arrow", path(name, "arrow_file")]).captured)
        #expect(output.starts(with: [0xFF, 0xFF, 0xFF, 0xFF]))
        var reader = try ArrowStreamReader(data: output)
        let original = try ArrowIPC.read(Data(contentsOf: URL(fileURLWithPath: path(name, "arrow_file"))))
        let copy = try reader.readAll()
        #expect(copy.count == original.batches.count)
        for (mine, theirs) in zip(copy, original.batches) {
            #expect(mine.rowCount == theirs.rowCount)
            for (column, expected) in zip(mine.columns, theirs.columns) {
                for row in 0..<mine.rowCount { #expect(column.value(at: row) == expected.value(at: row)) }
            }
        }
    }

    @Test("garbage input is an error, not a crash")
    func garbage() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString)")
        try Data("not arrow at all".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: (any Error).self) { _ = try cat(["--format", "jsonl", file.path]) }
    }
}
