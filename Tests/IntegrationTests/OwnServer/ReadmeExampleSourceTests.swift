import Foundation
import Testing
import TestSupport

/// The README's "Use it from Swift" example must be the code `ReadmeExampleTests` runs
/// (copied between its `// README example start` and `// README example end` markers), or
/// the README could show code that no longer compiles or works while that test still passes.
@Suite struct ReadmeExampleSourceTests {
    static let readme = TestEnvironment.packageRoot.appendingPathComponent("README.md")
    static let testFile = TestEnvironment.packageRoot.appendingPathComponent("Tests/IntegrationTests/OwnServer/ReadmeExampleTests.swift")

    @Test("the README's Swift example is the code ReadmeExampleTests runs (ignoring indentation)")
    func readmeMatchesTest() throws {
        let example = try ReadmeExample.swiftBlock(inSection: "## Use it from Swift", of: String(contentsOf: Self.readme, encoding: .utf8))
        let tested = try ReadmeExample.markedCode(in: String(contentsOf: Self.testFile, encoding: .utf8))
        #expect(tested.count > 10, "the markers should surround the example's code")
        if let mismatch = ReadmeExample.mismatch(example: example, tested: tested) {
            Issue.record(Comment(rawValue: mismatch))
        }
    }

    @Test("a changed line is reported with where it is and both versions; indentation alone is no change")
    func mismatchIsClear() throws {
        let tested = ["struct Trip {", "    var id: Int", "}", "", "func report() -> Int {", "    42", "}"]
        let example = ["import DBAPI", ""] + tested.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) } + ["", "print(report())"]
        #expect(ReadmeExample.mismatch(example: example, tested: tested.map { "        " + $0 }) == nil)

        var changed = tested
        changed[5] = "    43"
        let message = try #require(ReadmeExample.mismatch(example: example, tested: changed))
        #expect(message.contains("line 6 of the marked code"), "\(message)")
        #expect(message.contains("README.md: 42") && message.contains("ReadmeExampleTests.swift: 43"), "\(message)")
        // Code before the example's imports or a usage that does not call the tested code.
        #expect(ReadmeExample.mismatch(example: ["let x = 1"] + example, tested: tested) != nil)
        #expect(ReadmeExample.mismatch(example: Array(example.dropLast()), tested: tested) != nil)
    }
}

/// Finds and compares the README's example and the test's copy of it.
enum ReadmeExample {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The lines of the first ```` ```swift ```` block in the section under `heading`.
    static func swiftBlock(inSection heading: String, of markdown: String) throws -> [String] {
        let lines = markdown.components(separatedBy: "\n")
        guard let start = lines.firstIndex(of: heading) else {
            throw Failure(description: "README.md has no \"\(heading)\" section")
        }
        let section = lines[(start + 1)...].prefix { !$0.hasPrefix("## ") }
        guard let open = section.firstIndex(of: "```swift"), let close = section[(open + 1)...].firstIndex(of: "```") else {
            throw Failure(description: "README.md's \"\(heading)\" section has no complete ```swift block")
        }
        return Array(section[(open + 1)..<close])
    }

    /// The lines between the test file's start and end markers.
    static func markedCode(in source: String) throws -> [String] {
        let lines = source.components(separatedBy: "\n")
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        let starts = trimmed.indices.filter { trimmed[$0] == "// README example start" }
        let ends = trimmed.indices.filter { trimmed[$0] == "// README example end" }
        guard starts.count == 1, ends.count == 1, starts[0] < ends[0] else {
            throw Failure(description: "ReadmeExampleTests.swift needs one \"// README example start\" line before one \"// README example end\" line")
        }
        return Array(lines[(starts[0] + 1)..<ends[0]])
    }

    /// Nil when `example` is `import` lines, then `tested` (indentation and trailing spaces
    /// ignored), then top-level code calling it; otherwise what differs, for the test's failure.
    static func mismatch(example: [String], tested: [String]) -> String? {
        let readme = normalized(example)
        let code = normalized(tested)
        // The example's own lines: its imports before the tested code, its use after it.
        let codeStart = readme.firstIndex { !$0.isEmpty && !$0.hasPrefix("import ") } ?? readme.endIndex
        let shared = Array(readme[codeStart...].prefix(code.count))
        if let line = code.indices.first(where: { $0 >= shared.count || shared[$0] != code[$0] }) {
            let readmeLine = line < shared.count ? shared[line] : "(the example ends)"
            return """
                README.md's Swift example differs from the code ReadmeExampleTests.swift runs, at line \(line + 1) of the marked code:
                  README.md: \(readmeLine)
                  ReadmeExampleTests.swift: \(code[line])
                Make the two the same (the test runs the code between its "README example" markers).
                """
        }
        let usage = readme[(codeStart + code.count)...].filter { !$0.isEmpty }
        guard usage.contains(where: { $0.contains("report(") }) else {
            return "README.md's Swift example should end by calling the tested code (report(…)); after it comes: \(usage)"
        }
        return nil
    }

    /// Lines without leading indentation or trailing spaces, and without blank lines at either end.
    private static func normalized(_ lines: [String]) -> [String] {
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let first = trimmed.firstIndex(where: { !$0.isEmpty }), let last = trimmed.lastIndex(where: { !$0.isEmpty }) else { return [] }
        return Array(trimmed[first...last])
    }
}
