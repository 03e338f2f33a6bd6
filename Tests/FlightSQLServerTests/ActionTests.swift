import Arrow
import FlightSQL
import FlightSQLServer
import Foundation
import Testing

/// Prepared statements, parameter binding, transactions, savepoints, ingestion, cancel.
@Suite struct ActionTests {
    @Test("a prepared query reports its schemas, binds parameters with DoPut and runs")
    func preparedQuery() async throws {
        try await TestServer.with { server, client in
            let prepared = try await client.prepare("SELECT name FROM cities WHERE id = ? OR id = ? ORDER BY id")
            let parameters = try ArrowIPC.schema(fromMessage: prepared.parameterSchema)
            #expect(parameters.fields.count == 2)
            #expect(try ArrowIPC.schema(fromMessage: prepared.datasetSchema).fields.map(\.name) == ["name"])
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let schema = Schema(fields: [Field(name: "a", type: .int64), Field(name: "b", type: .int64)])
            let batch = try RecordBatch(schema: schema, rows: [[.int(3), .int(1)]])
            let handle = prepared.preparedStatementHandle
            let put = try await raw.doPut(CommandPreparedStatementQuery(preparedStatementHandle: handle), schema: schema, batches: [batch])
            #expect(try DoPutPreparedStatementResult(protobuf: put[0]).preparedStatementHandle == handle)
            let table = try await client.fetchAll(try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: handle)))
            #expect(table.rows == [[.string("Paris")], [.string("Nice")]])
            _ = try await client.flight.doAction(ActionClosePreparedStatementRequest(preparedStatementHandle: handle).flightAction)
            let closed = try await #require(throws: FlightError.self) {
                _ = try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: handle))
            }
            #expect(closed.code == .notFound)
        }
    }

    @Test("parameters built in the server's own union parameter schema bind by kind")
    func unionParameters() async throws {
        try await TestServer.with { server, client in
            let prepared = try await client.prepare("SELECT ? AS a, ? AS b, ? AS c, ? AS d")
            let schema = try ArrowIPC.schema(fromMessage: prepared.parameterSchema)
            // What a client converting its values to the parameter schema sends.
            let batch = try RecordBatch(schema: schema, rows: [[.int(7), .string("seven"), .float64(7.5), .null]])
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let handle = prepared.preparedStatementHandle
            _ = try await raw.doPut(CommandPreparedStatementQuery(preparedStatementHandle: handle), schema: schema, batches: [batch])
            let table = try await client.fetchAll(try await client.getFlightInfo(CommandPreparedStatementQuery(preparedStatementHandle: handle)))
            #expect(table.rows == [[.int(7), .string("seven"), .float64(7.5), .null]])
            #expect(table.schema.fields.prefix(3).map(\.type) == [.int64, .utf8, .float64])
        }
    }

    @Test("a prepared update runs once per parameter row and sums the counts")
    func preparedUpdate() async throws {
        try await TestServer.with { server, client in
            let prepared = try await client.prepare("INSERT INTO trips (city_id, km) VALUES (?, ?)")
            #expect(prepared.datasetSchema.isEmpty)
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let schema = Schema(fields: [Field(name: "c", type: .int64), Field(name: "k", type: .int64)])
            let batch = try RecordBatch(schema: schema, rows: [[.int(3), .int(1)], [.int(3), .int(2)], [.int(2), .null]])
            let put = try await raw.doPut(
                CommandPreparedStatementUpdate(preparedStatementHandle: prepared.preparedStatementHandle), schema: schema, batches: [batch])
            #expect(try DoPutUpdateResult(protobuf: put[0]).recordCount == 3)
            #expect(try await client.table("SELECT count(*) FROM trips WHERE city_id = 3").rows == [[.int(2)]])
        }
    }

    @Test("bulk ingestion creates, appends, replaces and refuses as asked")
    func ingest() async throws {
        try await TestServer.with { server, client in
            let raw = try await RawFlight.connect(server.server.url)
            defer { raw.close() }
            let schema = Schema(fields: [Field(name: "id", type: .int32, isNullable: false), Field(name: "word", type: .utf8)])
            let batch = try RecordBatch(schema: schema, rows: [[.int(1), .string("a")], [.int(2), .null]])
            func ingest(_ exists: CommandStatementIngest.TableDefinitionOptions.TableExistsOption,
                        _ missing: CommandStatementIngest.TableDefinitionOptions.TableNotExistOption = .create) async throws -> Int64 {
                var command = CommandStatementIngest()
                command.table = "words"
                command.tableDefinitionOptions = .init(ifNotExist: missing, ifExists: exists)
                let put = try await raw.doPut(command, schema: schema, batches: [batch, batch])
                return try DoPutUpdateResult(protobuf: put[0]).recordCount
            }
            #expect(try await ingest(.fail) == 4)
            #expect(try await ingest(.append) == 4)
            #expect(try await client.table("SELECT count(*), count(word) FROM words").rows == [[.int(8), .int(4)]])
            #expect(try await ingest(.replace) == 4)
            #expect(try await client.table("SELECT count(*) FROM words").rows == [[.int(4)]])
            let exists = try await #require(throws: (any Error).self) { _ = try await ingest(.fail) }
            #expect("\(exists)".contains("already exists"))
            var missing = CommandStatementIngest()
            missing.table = "nowhere"
            missing.tableDefinitionOptions = .init(ifNotExist: .fail, ifExists: .fail)
            await #expect(throws: (any Error).self) { _ = try await raw.doPut(missing, schema: schema, batches: [batch]) }
            let columns = try await client.fetchAll(try await client.getTables(tableNameFilterPattern: "words", includeSchema: true))
            guard case .binary(let bytes) = columns.rows.first?[4] else {
                Issue.record("no schema")
                return
            }
            #expect(try ArrowIPC.schema(fromMessage: bytes).fields.map(\.isNullable) == [false, true])
        }
    }

    @Test("transactions isolate work until commit; rollback discards it; savepoints nest")
    func transactions() async throws {
        try await TestServer.with { _, client in
            let id = try await client.beginTransaction()
            #expect(try await client.executeUpdate("INSERT INTO trips (city_id, km) VALUES (3, 99)", transactionID: id) == 1)
            #expect(try await client.table("SELECT count(*) FROM trips", transactionID: id).rows == [[.int(4)]])
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(3)]])
            try await client.endTransaction(id, .commit)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(4)]])

            let second = try await client.beginTransaction()
            _ = try await client.executeUpdate("DELETE FROM trips", transactionID: second)
            try await client.endTransaction(second, .rollback)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(4)]])
            let ended = try await #require(throws: FlightError.self) {
                _ = try await client.executeUpdate("DELETE FROM trips", transactionID: second)
            }
            #expect(ended.code == .notFound)

            let third = try await client.beginTransaction()
            _ = try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)", transactionID: third)
            let savepoint = try ActionBeginSavepointResult(serializedAny: try await client.flight.doAction(
                ActionBeginSavepointRequest(transactionID: third, name: "sp1").flightAction)[0].body).savepointID
            _ = try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)", transactionID: third)
            _ = try await client.flight.doAction(ActionEndSavepointRequest(savepointID: savepoint, action: .rollback).flightAction)
            try await client.endTransaction(third, .commit)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(5)]])
        }
    }

    @Test("an idle transaction is rolled back and its id forgotten; unfetched results expire")
    func idleTransaction() async throws {
        // Timeouts long enough that a loaded 2-core CI machine still begins and uses the
        // transaction within them (2 s once was not: beginning and the first statement were
        // more than 2 s apart while 700 tests ran), and the sleep outlasts them three times.
        let options = FlightSQLServerOptions(statementTimeout: .seconds(5), transactionIdleTimeout: .seconds(5))
        try await TestServer.with(options: options) { _, client in
            let id = try await client.beginTransaction()
            _ = try await client.executeUpdate("INSERT INTO trips (city_id) VALUES (1)", transactionID: id)
            let info = try await client.execute("SELECT * FROM cities")
            try await Task.sleep(for: .seconds(15))
            let gone = try await #require(throws: FlightError.self) { _ = try await client.table("SELECT 1", transactionID: id) }
            #expect(gone.code == .notFound)
            #expect(try await client.table("SELECT count(*) FROM trips").rows == [[.int(3)]])
            let expired = try await #require(throws: FlightError.self) { _ = try await client.fetchAll(info) }
            #expect(expired.code == .notFound)
        }
    }

    @Test("CancelFlightInfo stops a query's result; ListActions names the actions")
    func cancel() async throws {
        try await TestServer.with { server, client in
            let info = try await client.execute("SELECT * FROM cities")
            let results = try await client.flight.doAction(FlightAction(
                type: FlightService.ActionName.cancelFlightInfo, message: CancelFlightInfoRequest(info: info)))
            #expect(try CancelFlightInfoResult(protobuf: results[0].body).status == .cancelled)
            let error = try await #require(throws: FlightError.self) { _ = try await client.fetchAll(info) }
            #expect(error.code == .cancelled)
            #expect(server.server.statistics.snapshot.statementsCancelled == 1)
            let actions = try await client.flight.listActions().map(\.type)
            #expect(actions.contains(FlightSQLActionName.createPreparedStatement))
            #expect(actions.contains(FlightService.ActionName.cancelFlightInfo))
        }
    }
}
