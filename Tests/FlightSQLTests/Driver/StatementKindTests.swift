import FlightSQL
import Testing

@Suite struct StatementKindTests {
    @Test("queries: SELECT, WITH, VALUES, SHOW, EXPLAIN, unknown words and empty text")
    func queries() {
        let sql = [
            "SELECT 1", "select * from t", "  \n\tSELECT 1", "WITH x AS (SELECT 1) SELECT * FROM x", "VALUES (1)",
            "SHOW TABLES", "EXPLAIN SELECT 1", "DESCRIBE t", "(SELECT 1) UNION (SELECT 2)", "((select 1))",
            "-- INSERT comment\nSELECT 1", "/* DELETE */ SELECT 1", "/* a /* nested DROP */ still comment */ SELECT 1",
            "", "   ", "-- only a comment", "/* unterminated", "42", "FROBNICATE x",
        ]
        for text in sql { #expect(FlightSQLStatementKind.detect(text) == .query, "\(text)") }
    }

    @Test("updates: DML and DDL in any case, after comments and parentheses")
    func updates() {
        let sql = [
            "INSERT INTO t VALUES (1)", "insert into t select 1", "UPDATE t SET a = 1", "DELETE FROM t", "MERGE INTO t USING s ON 1=1",
            "CREATE TABLE t (a INT)", "create view v as select 1", "DROP TABLE t", "ALTER TABLE t ADD COLUMN b INT",
            "TRUNCATE t", "-- c\n  /* c */ (INSERT INTO t VALUES (1))", "\tSet x = 1", "COPY t TO 'f'", "BEGIN", "COMMIT",
        ]
        for text in sql { #expect(FlightSQLStatementKind.detect(text) == .update, "\(text)") }
    }

    @Test("a keyword is a whole word: INSERTED or SELECTION are not keywords")
    func wholeWords() {
        #expect(FlightSQLStatementKind.detect("INSERTED") == .query)
        #expect(FlightSQLStatementKind.detect("DROP_ME") == .query)
        #expect(FlightSQLStatementKind.detect("DELETE;") == .update)
    }
}
