import Testing

@testable import FlightSQLCLI

@Suite struct StatementSplitterTests {
    /// Feeds `lines` one by one and collects every statement, plus the unfinished rest.
    func split(_ lines: [String]) -> (statements: [String], rest: String?) {
        var splitter = StatementSplitter()
        var statements: [String] = []
        for line in lines { statements += splitter.feed(line: line) }
        return (statements, splitter.finish())
    }

    @Test("statements end at ';', several per line or one over several lines")
    func basics() {
        #expect(split(["SELECT 1; SELECT 2;"]).statements == ["SELECT 1", "SELECT 2"])
        let multi = split(["SELECT a,", "  b", "FROM t", ";"])
        #expect(multi.statements == ["SELECT a,\n  b\nFROM t"])
        #expect(multi.rest == nil)
    }

    @Test("';' inside quotes and identifiers does not end a statement; doubled quotes escape")
    func quotes() {
        #expect(split(["SELECT 'a;b', \"c;d\", `e;f`;"]).statements == ["SELECT 'a;b', \"c;d\", `e;f`"])
        #expect(split(["SELECT 'it''s; fine';"]).statements == ["SELECT 'it''s; fine'"])
        #expect(split(["SELECT 'line one;", "line two';"]).statements == ["SELECT 'line one;\nline two'"])
    }

    @Test("';' inside -- and /* */ comments (nested, over lines) does not end a statement")
    func comments() {
        #expect(split(["SELECT 1 -- not here;", ", 2;"]).statements == ["SELECT 1 -- not here;\n, 2"])
        #expect(split(["SELECT /* a; /* nested; */ still; */ 3;"]).statements == ["SELECT /* a; /* nested; */ still; */ 3"])
        #expect(split(["/* one;", "two; */ SELECT 4;"]).statements == ["/* one;\ntwo; */ SELECT 4"])
    }

    @Test("empty statements and comment-only input are dropped")
    func empty() {
        #expect(split([";;", "  ;", "-- just a comment", "/* and; another */"]).statements.isEmpty)
        // Comment lines between statements are not sent (the line holds no SQL).
        #expect(split(["-- c", "SELECT 5; -- trailing"]).statements == ["SELECT 5"])
        #expect(split(["/* c */ SELECT 6;"]).statements == ["/* c */ SELECT 6"])
        #expect(split(["SELECT 5; -- trailing"]).rest == nil)
    }

    @Test("the unfinished last statement is returned by finish()")
    func finish() {
        let result = split(["SELECT 1;", "SELECT 2"])
        #expect(result.statements == ["SELECT 1"])
        #expect(result.rest == "SELECT 2")
    }

    @Test("isInsideStatement: after text, inside an open quote or comment, not after ';'")
    func inside() {
        var splitter = StatementSplitter()
        #expect(!splitter.isInsideStatement)
        _ = splitter.feed(line: "SELECT")
        #expect(splitter.isInsideStatement)
        _ = splitter.feed(line: "1;")
        #expect(!splitter.isInsideStatement)
        _ = splitter.feed(line: "/* open")
        #expect(splitter.isInsideStatement)
        _ = splitter.feed(line: "closed */")
        #expect(!splitter.isInsideStatement)
        _ = splitter.feed(line: "SELECT 'open")
        #expect(splitter.isInsideStatement)
        splitter.reset()
        #expect(!splitter.isInsideStatement)
        #expect(splitter.finish() == nil)
    }

    @Test("non-ASCII text is kept intact")
    func unicode() {
        #expect(split(["SELECT 'héllo ✓ 日本語'; SELECT 2;"]).statements == ["SELECT 'héllo ✓ 日本語'", "SELECT 2"])
    }
}
