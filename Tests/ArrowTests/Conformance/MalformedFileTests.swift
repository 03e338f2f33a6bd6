import Arrow
import Foundation
import Testing
import TestSupport

/// Fuzzer-found malformed IPC inputs: each must give data or an `ArrowError`. A trap would
/// kill the test process, and a hang would time it out: either is a failure.
@Suite struct MalformedFileTests {
    static var root: URL { TestEnvironment.sharedTestData.appendingPathComponent("arrow-malformed") }

    static let files: [String] = {
        var result: [String] = []
        for kind in ["stream", "file"] {
            let folder = root.appendingPathComponent(kind)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            result += names.sorted().map { "\(kind)/\($0)" }
        }
        return result
    }()

    @Test("the malformed inputs are present")
    func present() {
        #expect(Self.files.count > 50, "found \(Self.files.count) malformed inputs")
    }

    @Test("malformed input gives data or an ArrowError", arguments: files)
    func survives(_ file: String) throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent(file))
        let outcomes = [
            Self.outcome { () throws(ArrowError) in try Self.touch(ArrowIPC.read(data).batches) },
            Self.outcome { () throws(ArrowError) in
                var reader = try ArrowStreamReader(data: data)
                try Self.touch(reader.readAll())
            },
            Self.outcome { () throws(ArrowError) in
                let reader = try ArrowFileReader(data: data)
                try Self.touch(reader.readAll())
            },
        ]
        // Reaching this point proves no trap; each outcome is data or an ArrowError by type.
        #expect(outcomes.count == 3)
        #expect(outcomes.allSatisfy { $0 == "ok" || $0.hasPrefix("error") })
    }

    static func outcome(_ body: () throws(ArrowError) -> Void) -> String {
        do {
            try body()
            return "ok"
        } catch {
            return "error: \(error.code)"
        }
    }

    /// Reads every value of every column, so accessors run on whatever validation let through.
    static func touch(_ batches: [RecordBatch]) {
        var nulls = 0
        for batch in batches {
            for column in batch.columns {
                for row in 0..<min(column.count, 10_000) {
                    if column.value(at: row).isNull { nulls += 1 }
                    _ = column.int64(at: row)
                    _ = column.string(at: row)
                    _ = column.data(at: row)
                }
            }
        }
        _ = nulls
    }
}
