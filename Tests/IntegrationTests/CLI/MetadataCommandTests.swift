import Foundation
import Testing
import TestSupport

/// The metadata commands through the real binary, against the project's own server (in
/// process, over a SQLite file with two tables) and, where configured, roapi and ADBC.
@Suite struct MetadataCommandTests {
    static let script = """
        CREATE TABLE cities (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT);
        CREATE TABLE trips (id INTEGER PRIMARY KEY, city_id INTEGER REFERENCES cities(id), fare REAL);
        INSERT INTO cities VALUES (1, 'Oslo', 'NO'), (2, 'Bergen', 'NO');
        INSERT INTO trips VALUES (1, 1, 12.5), (2, 2, NULL);
        """

    @Test("catalogs, schemas, tables, table-types and primary-keys print the server's results")
    func listings() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: Self.script) { server in
            let url = ["--url", server.url, "--format", "jsonl"]
            let schemas = try await CLIProcess.run(["schemas"] + url)
            #expect(schemas.status == 0, "\(schemas.stderr)")
            #expect(schemas.stdout == "{\"catalog_name\":null,\"db_schema_name\":\"main\"}\n")
            let tables = try await CLIProcess.run(["tables"] + url + ["--table-pattern", "c%"])
            #expect(tables.stdout == "{\"catalog_name\":null,\"db_schema_name\":\"main\",\"table_name\":\"cities\",\"table_type\":\"table\"}\n")
            let types = try await CLIProcess.run(["table-types"] + url)
            #expect(types.stdout == "{\"table_type\":\"table\"}\n{\"table_type\":\"view\"}\n")
            let keys = try await CLIProcess.run(["primary-keys"] + url + ["cities"])
            #expect(keys.stdout == "{\"catalog_name\":null,\"db_schema_name\":\"main\",\"table_name\":\"cities\",\"column_name\":\"id\",\"key_name\":null,\"key_sequence\":1}\n")
            let catalogs = try await CLIProcess.run(["catalogs"] + url)
            #expect(catalogs.status == 0)
            #expect(catalogs.stdout == "")
        }
    }

    @Test("tables --include-schema and columns show the schema as text")
    func schemasAsText() async throws {
        try await OwnServer.with(storage: .temporaryFile, script: Self.script) { server in
            let tables = try await CLIProcess.run(["tables", "--url", server.url, "--format", "csv", "--include-schema", "--type", "table"])
            #expect(tables.status == 0, "\(tables.stderr)")
            #expect(tables.stdout == """
                catalog_name,db_schema_name,table_name,table_type,table_schema\r
                ,main,cities,table,"id int64 not null, name utf8 not null, country utf8"\r
                ,main,trips,table,"id int64 not null, city_id int64, fare float64"\r

                """)
            let columns = try await CLIProcess.run(["columns", "--url", server.url, "--format", "table", "trips"])
            #expect(columns.status == 0, "\(columns.stderr)")
            #expect(columns.stdout == """
                +---------+-------------+-----------+----------+----------+
                | ordinal | column_name | data_type | nullable | sql_type |
                +---------+-------------+-----------+----------+----------+
                |       1 | id          | int64     | false    | INTEGER  |
                |       2 | city_id     | int64     | true     | INTEGER  |
                |       3 | fare        | float64   | true     | REAL     |
                +---------+-------------+-----------+----------+----------+
                (3 rows)

                """)
            let missing = try await CLIProcess.run(["columns", "--url", server.url, "nope"])
            #expect(missing.status == 1)
            #expect(missing.stderr == "flightsql: error: no table named 'nope'\n")
        }
    }

    @Test("info names the SqlInfo ids; --id takes numbers and names; type-info lists types")
    func info() async throws {
        try await OwnServer.with(script: Self.script) { server in
            let info = try await CLIProcess.run(["info", "--url", server.url, "--format", "jsonl", "--id", "flight_sql_server_name", "--id", "3"])
            #expect(info.status == 0, "\(info.stderr)")
            #expect(info.stdout == """
                {"id":0,"name":"FLIGHT_SQL_SERVER_NAME","value":"swift-flightsql"}
                {"id":3,"name":"FLIGHT_SQL_SERVER_READ_ONLY","value":false}

                """)
            let all = try await CLIProcess.run(["info", "--url", server.url, "--format", "jsonl"])
            #expect(all.stdout.contains("{\"id\":504,\"name\":\"SQL_IDENTIFIER_QUOTE_CHAR\",\"value\":\"\\\"\"}\n"))
            let types = try await CLIProcess.run(["type-info", "--url", server.url, "--format", "jsonl"])
            #expect(types.status == 0)
            #expect(types.stdout.contains("{\"type_name\":\"INTEGER\",\"data_type\":-5,"))
        }
    }

    @Test("unknown options, missing or extra arguments and bad ids are usage errors (exit 2, one line)")
    func usage() async throws {
        let cases: [[String]] = [
            ["tables", "--url", "grpc://127.0.0.1:1", "--bogus"],
            ["columns", "--url", "grpc://127.0.0.1:1"],
            ["catalogs", "--url", "grpc://127.0.0.1:1", "extra"],
            ["info", "--url", "grpc://127.0.0.1:1", "--id", "NOT_AN_INFO"],
            ["columns", "--url", "grpc://127.0.0.1:1", "--format", "xml", "t"],
            ["shell", "--url", "grpc://127.0.0.1:1", "--format", "arrow"],
            ["shell", "--url", "grpc://127.0.0.1:1", "SELECT 1"],
            ["schemas"],
        ]
        for arguments in cases {
            let output = try await CLIProcess.run(arguments)
            #expect(output.status == 2, "\(arguments): \(output.stderr)")
            #expect(output.stderr.hasPrefix("flightsql: error: "), "\(arguments)")
            #expect(output.stderr.split(separator: "\n").count == 1, "\(arguments): \(output.stderr)")
        }
    }

    @Test("tables on roapi lists its tables", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_ROAPI_URL")))
    func roapiTables() async throws {
        let url = try TestEnvironment.require("FLIGHTSQL_TEST_ROAPI_URL")
        let tables = try await CLIProcess.run(["tables", "--url", url, "--format", "csv"])
        #expect(tables.status == 0, "\(tables.stderr)")
        #expect(Set(Self.tableNames(csv: tables.stdout)).isSuperset(of: ["types", "types_extra", "trips", "big"]))
    }

    // Not on roapi: ADBC's GetObjects refuses roapi's GetTables schema ("Invalid schema returned").
    @Test("tables and table-types on the own server agree with ADBC", .enabled(if: TestEnvironment.isAvailable("FLIGHTSQL_TEST_PYTHON")))
    func ownServerAgreesWithADBC() async throws {
        let python = try TestEnvironment.require("FLIGHTSQL_TEST_PYTHON")
        try await OwnServer.with(storage: .temporaryFile, script: Self.script + "CREATE VIEW oslo AS SELECT * FROM cities WHERE name = 'Oslo';") { server in
            let tables = try await CLIProcess.run(["tables", "--url", server.url, "--format", "csv"])
            #expect(tables.status == 0, "\(tables.stderr)")
            let ours = Self.tableNames(csv: tables.stdout).sorted()
            #expect(ours == ["cities", "oslo", "trips"])
            // ADBC's GetObjects is built on the same GetTables call: the same tables come back.
            let adbc = try await ProcessRunner.run(python, ["-c", """
                import sys, adbc_driver_flightsql.dbapi as f
                c = f.connect(sys.argv[1])
                names = set()
                for cat in c.adbc_get_objects(depth="tables").read_all().to_pylist():
                    for s in cat["catalog_db_schemas"] or []:
                        for t in s["db_schema_tables"] or []:
                            names.add(t["table_name"])
                print("\\n".join(sorted(names)))
                print("--")
                print("\\n".join(sorted(c.adbc_get_table_types())))
                """, server.url])
            #expect(adbc.status == 0, "\(adbc.stderr)")
            let parts = adbc.stdout.components(separatedBy: "--\n")
            #expect(parts.count == 2)
            #expect(parts[0].split(separator: "\n").map(String.init) == ours)
            let types = try await CLIProcess.run(["table-types", "--url", server.url, "--format", "csv"])
            let ourTypes = types.stdout.split(separator: "\r\n").dropFirst().map(String.init).sorted()
            #expect(ourTypes == parts.last?.split(separator: "\n").map(String.init))
        }
    }

    /// The `table_name` column of `tables --format csv` output.
    static func tableNames(csv: String) -> [String] {
        csv.split(separator: "\r\n").dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[2]) }
    }
}
