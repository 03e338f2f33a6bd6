import Foundation
import Testing
import TestSupport

@testable import Arrow

/// Every Arrow integration gold file is read with the reader, written again with the
/// writers (stream and file, with and without compression), read back, and compared.
@Suite struct GoldenReencodeTests {
    static let root = TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden")

    static func goldFiles() -> [URL] {
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        return enumerator.compactMap { $0 as? URL }
            .filter { ["stream", "arrow_file"].contains($0.pathExtension) }
            .sorted { $0.path < $1.path }
    }

    static var haveGoldFiles: Bool { !goldFiles().isEmpty }

    @Test("every gold file re-encodes to the same schema and values", .enabled(if: haveGoldFiles))
    func reencodeAll() throws {
        var checked = 0
        var failures: [String] = []
        for url in Self.goldFiles() {
            let data = try Data(contentsOf: url)
            let original: (schema: Schema, batches: [RecordBatch])
            do {
                original = try ArrowIPC.read(data)
            } catch {
                // Files the reader itself rejects are the reader's concern, not the writer's.
                continue
            }
            let variants: [(String, ArrowIPCWriteOptions, Bool)] = [
                ("stream", .init(), false), ("file", .init(), true),
                ("stream+lz4", .init(compression: .lz4Frame), false), ("file+zstd", .init(compression: .zstd), true),
            ]
            for (name, options, asFile) in variants {
                do {
                    let (schema, batches) = asFile
                        ? try WriterTestSupport.fileRoundTrip(original.schema, original.batches, options: options)
                        : try WriterTestSupport.streamRoundTrip(original.schema, original.batches, options: options)
                    if schema.fields != original.schema.fields || schema.metadata != original.schema.metadata {
                        failures.append("\(url.lastPathComponent) [\(name)]: schema differs")
                        continue
                    }
                    if batches.count != original.batches.count {
                        failures.append("\(url.lastPathComponent) [\(name)]: \(batches.count) batches, expected \(original.batches.count)")
                        continue
                    }
                    for (expected, actual) in zip(original.batches, batches) {
                        if let difference = WriterTestSupport.difference(expected, actual) {
                            failures.append("\(url.lastPathComponent) [\(name)]: \(difference)")
                            break
                        }
                        #expect(expected.metadata == actual.metadata)
                    }
                } catch {
                    failures.append("\(url.deletingLastPathComponent().lastPathComponent)/\(url.lastPathComponent) [\(name)]: \(error)")
                }
            }
            checked += 1
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
        #expect(checked >= 80)
        print("re-encoded \(checked) gold files, \(failures.count) failures")
    }
}
