import Foundation
import Testing
import TestSupport

/// `flightsql cat --format jsonl` on every Arrow gold file (streams and files, written by
/// released Arrow implementations) must print byte-identical canonical JSON lines to
/// pyarrow's reading of the same file: the types roapi cannot serve (dictionaries, unions,
/// run-end encoded, list views, decimal32/64, big-endian and compressed bodies) are judged
/// by a third-party reader too.
@Suite struct CatReferenceTests {
    static let enabled = TestEnvironment.isAvailable("FLIGHTSQL_TEST_PYTHON")

    /// One file's reference output, or why pyarrow could not give one.
    private struct Reference: Decodable {
        var path: String
        var jsonl: String?
        var error: String?
    }

    @Test("every gold file prints what pyarrow reads from it", .enabled(if: enabled))
    func goldFiles() async throws {
        let root = TestEnvironment.sharedTestData.appendingPathComponent("arrow-golden")
        let paths = try FileManager.default.subpathsOfDirectory(atPath: root.path)
            .filter { $0.hasSuffix(".stream") || $0.hasSuffix(".arrow_file") }
            .sorted()
            .map { root.appendingPathComponent($0).path }
        #expect(paths.count >= 180)

        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        let script = TestEnvironment.packageRoot.appendingPathComponent("Scripts/reference/arrow_files_jsonl.py").path
        let output = try await ProcessRunner.run(python, [script] + paths)
        #expect(output.status == 0, "\(output.stderr)")
        let references = try output.stdout.split(separator: "\n").map {
            try JSONDecoder().decode(Reference.self, from: Data($0.utf8))
        }
        #expect(references.map(\.path) == paths)

        var compared = 0
        for reference in references {
            let name = reference.path.replacingOccurrences(of: root.path + "/", with: "")
            guard let expected = reference.jsonl else {
                // pyarrow has no Python array class for day-time intervals, so it cannot be
                // the reference for those files (their values are checked against the gold
                // JSON in ArrowTests). Any other refusal is a failure of this test.
                let isDayTimeIntervalFile = name.hasSuffix("/generated_interval.stream") || name.hasSuffix("/generated_interval.arrow_file")
                #expect(isDayTimeIntervalFile && reference.error == "KeyError: 21", "\(name): \(reference.error ?? "")")
                continue
            }
            let ours = try await InProcessCLI.run(["cat", "--format", "jsonl", reference.path])
            let oursLines = ours.split(separator: "\n", omittingEmptySubsequences: false)
            let theirLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            #expect(oursLines.count == theirLines.count, "\(name): \(oursLines.count) lines, pyarrow \(theirLines.count)")
            if let (index, (mine, theirs)) = zip(oursLines, theirLines).enumerated().first(where: { $0.1.0 != $0.1.1 }) {
                Issue.record("\(name) row \(index) differs:\n ours:    \(mine)\n pyarrow: \(theirs)")
            }
            compared += 1
        }
        // All but the day-time interval files (one stream and one file per Arrow version).
        #expect(compared >= paths.count - 10)
    }
}
