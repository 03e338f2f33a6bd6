import DBAPI
import SQLiteDBAPI
import Testing

@Suite struct MetadataTests {
    func shop() async throws -> SQLiteConnection {
        try await memoryConnection(
            """
            CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email VARCHAR(100) UNIQUE);
            CREATE TABLE orders (
                id INTEGER PRIMARY KEY,
                customer INTEGER NOT NULL REFERENCES customers ON DELETE CASCADE,
                total DECIMAL(10,2) DEFAULT 0,
                placed TIMESTAMP DEFAULT CURRENT_TIMESTAMP
            );
            CREATE TABLE lines (
                order_id INTEGER, line INTEGER, sku TEXT, qty INT,
                PRIMARY KEY (order_id, line),
                FOREIGN KEY (order_id) REFERENCES orders(id)
            ) WITHOUT ROWID;
            CREATE VIEW big_orders AS SELECT id, total FROM orders WHERE total > 100;
            """)
    }

    @Test("schemas lists main and attached databases")
    func schemas() async throws {
        let connection = try await shop()
        #expect(try await connection.schemas() == ["main"])
        try await connection.executeScript("ATTACH ':memory:' AS aux; CREATE TABLE aux.extra (x TEXT)")
        #expect(try await connection.schemas() == ["main", "aux"])
        #expect(try await connection.tables(schema: "aux").map(\.name) == ["extra"])
    }

    @Test("tables lists tables and views with their columns")
    func tables() async throws {
        let connection = try await shop()
        let tables = try await connection.tables()
        #expect(tables.map(\.name) == ["big_orders", "customers", "lines", "orders"])
        #expect(tables.map(\.kind) == [.view, .table, .table, .table])
        #expect(try await connection.tables(includeViews: false).count == 3)

        let orders = try #require(tables.first { $0.name == "orders" })
        #expect(orders.columns.map(\.name) == ["id", "customer", "total", "placed"])
        #expect(orders.columns.map(\.type) == [.integer, .integer, .decimal(precision: 10, scale: 2), .timestamp])
        #expect(orders.columns.map(\.isNullable) == [false, false, true, true])
        #expect(orders.columns[2].defaultValue == "0")
        #expect(orders.columns[3].defaultValue == "CURRENT_TIMESTAMP")
        #expect(orders.columns[0].primaryKeyPosition == 1)
        #expect(orders.columns[1].primaryKeyPosition == nil)

        let view = try #require(try await connection.table(named: "big_orders"))
        #expect(view.columns.map(\.declaredType) == ["INTEGER", "DECIMAL(10,2)"])
        #expect(try await connection.table(named: "nothing") == nil)
    }

    @Test("primary keys in key order, with WITHOUT ROWID key columns not nullable")
    func primaryKeys() async throws {
        let connection = try await shop()
        #expect(try await connection.primaryKey(table: "lines") == ["order_id", "line"])
        #expect(try await connection.primaryKey(table: "customers") == ["id"])
        #expect(try await connection.primaryKey(table: "big_orders") == [])
        let lines = try await connection.columns(table: "lines")
        #expect(lines.map(\.isNullable) == [false, false, true, true])
    }

    @Test("foreign keys a table declares and the keys that reference it")
    func foreignKeys() async throws {
        let connection = try await shop()
        let imported = try await connection.foreignKeys(table: "orders")
        #expect(imported.count == 1)
        #expect(imported[0].columns == ["customer"])
        #expect(imported[0].referencedTable == "customers")
        #expect(imported[0].referencedColumns == ["id"], "an implicit reference is to the primary key")
        #expect(imported[0].onDelete == "CASCADE")
        #expect(imported[0].onUpdate == "NO ACTION")

        let exported = try await connection.foreignKeys(referencing: "orders")
        #expect(exported.map(\.table) == ["lines"])
        #expect(exported[0].columns == ["order_id"] && exported[0].referencedColumns == ["id"])
        #expect(try await connection.foreignKeys(table: "customers").isEmpty)
    }

    @Test("names are bound, not interpolated")
    func hostileNames() async throws {
        let connection = try await shop()
        #expect(try await connection.columns(table: "orders'); DROP TABLE orders; --").isEmpty)
        #expect(try await connection.tables(schema: "main'--").isEmpty)
        #expect(try await connection.tables().count == 4)
    }
}

@Suite struct StatementDescriptionTests {
    @Test("describe reports parameters and result columns without running the statement")
    func describe() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (id INTEGER PRIMARY KEY, price DECIMAL(8,2), at DATE)")
        let query = try await connection.describe("SELECT id, price, at, price * 2 AS twice FROM t WHERE id > ? AND at < ?")
        #expect(query.parameterCount == 2)
        #expect(query.isReadOnly)
        #expect(query.columns.map(\.name) == ["id", "price", "at", "twice"])
        #expect(query.columns.map(\.type) == [.integer, .decimal(precision: 8, scale: 2), .date, .unknown])
        #expect(query.columns[3].declaredType == nil)

        let insert = try await connection.describe("INSERT INTO t (price) VALUES (?)")
        #expect(insert.parameterCount == 1 && insert.columns.isEmpty && !insert.isReadOnly)
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == 0, "nothing ran")
        _ = await expectError(.programmingError) { _ = try await connection.describe("SELECT * FROM nowhere") }
    }

    @Test("a cursor exposes its result's column types")
    func cursorColumnTypes() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (a BOOLEAN, b TIMESTAMP)")
        let cursor = try await connection.execute("SELECT a, b, 'x' AS c FROM t UNION ALL SELECT 1, '2024-01-01', 'y'")
        #expect(cursor.columnTypes == [.boolean, .timestamp, .text])
        try await cursor.execute("CREATE TABLE u (x)")
        #expect(cursor.columnTypes == nil)
    }
}
