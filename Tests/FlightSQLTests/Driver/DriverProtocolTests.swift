import Arrow
import DBAPI
import FlightSQL
import Foundation
import Testing

/// The driver's Flight SQL conversation, checked against an in-memory server: endpoints read
/// in order and lazily, transaction ids on every statement, the prepared-statement life
/// cycle and the parameter batches.
@Suite struct DriverProtocolTests {
    func connect(_ server: FakeFlightSQLServer) -> FlightSQLConnection {
        FlightSQLConnection(client: FlightSQLClient(flight: FlightClient(transport: server)))
    }

    func batch(ids: ClosedRange<Int64>) throws -> RecordBatch {
        let schema = Schema(fields: [Field(name: "id", type: .int64), Field(name: "name", type: .utf8)])
        return try RecordBatch(schema: schema, rows: ids.map { [.int($0), .string("n\($0)")] })
    }

    @Test("every endpoint is read, in order, and only when rows are needed")
    func endpoints() async throws {
        let server = FakeFlightSQLServer()
        server.queryBatches = [try batch(ids: 1...3), try batch(ids: 4...4), try batch(ids: 5...6)]
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, name FROM t")
        #expect(cursor.description?.map(\.name) == ["id", "name"])
        func tickets() -> [String] {
            server.received.compactMap { if case .doGet(let ticket) = $0 { String(decoding: ticket, as: UTF8.self) } else { nil } }
        }
        #expect(tickets() == ["q0"], "the first endpoint is opened by execute, the others wait")
        #expect(try await cursor.fetchmany(3).count == 3)
        #expect(tickets() == ["q0"])
        #expect(try await cursor.fetchone()?.decode(Int.self, at: 0) == 4)
        #expect(tickets() == ["q0", "q1"])
        let rest = try await cursor.fetchall()
        #expect(try rest.map { try $0.decode(String.self, at: 1) } == ["n5", "n6"])
        #expect(tickets() == ["q0", "q1", "q2"])
        #expect(cursor.rowcount == 6)
        try await connection.close()
    }

    @Test("URL options reach the server as headers on every call")
    func urlHeaders() async throws {
        let server = FakeFlightSQLServer()
        let parsed = try FlightSQLConnectionURL.parse("grpc://fake:1?token=abc%2B1&database=sales&header.X-Tenant=acme")
        let connection = FlightSQLConnection(client: FlightSQLClient(flight: FlightClient(transport: server, options: parsed.options)))
        let cursor = try await connection.cursor()
        try await cursor.execute("DELETE FROM t")
        _ = try await connection.serverCapabilities()
        #expect(server.headers.count >= 3)
        for metadata in server.headers {
            #expect(metadata.first("authorization") == "Bearer abc+1")
            #expect(metadata.first("database") == "sales")
            #expect(metadata.first("x-tenant") == "acme")
        }
        try await connection.close()
    }

    @Test("an endpoint whose batches have other columns is an internalError, not a trap")
    func inconsistentEndpoints() async throws {
        let server = FakeFlightSQLServer()
        let other = try RecordBatch(schema: Schema(fields: [Field(name: "x", type: .int8)]), rows: [[.int(1)]])
        server.queryBatches = [try batch(ids: 1...1), other]
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM t")
        #expect(try await cursor.fetchone() != nil)
        let error = try await #require(throws: DBAPIError.self) { _ = try await cursor.fetchone() }
        #expect(error.kind == .internalError)
        #expect(error.message.contains("endpoint 1"))
        try await connection.close()
    }

    @Test("updates go through DoPut and report the server's count")
    func updates() async throws {
        let server = FakeFlightSQLServer()
        server.updateCount = 42
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("  -- note\n DELETE FROM t")
        #expect(cursor.rowcount == 42)
        #expect(cursor.description == nil)
        guard case .update(let command)? = server.received.last else {
            Issue.record("no update received: \(server.received)")
            return
        }
        #expect(command.query == "  -- note\n DELETE FROM t")
        #expect(command.transactionID == nil)
        try await connection.close()
    }

    @Test("with transaction support, statements carry the transaction id; commit and rollback begin the next")
    func transactions() async throws {
        let server = FakeFlightSQLServer()
        server.transactionSupport = 1
        server.queryBatches = [try batch(ids: 1...1)]
        let connection = connect(server)
        #expect(try await connection.autocommit())
        try await connection.setAutocommit(false)
        #expect(try await connection.autocommit() == false)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT 1")
        _ = try await cursor.fetchall()
        try await cursor.execute("INSERT INTO t VALUES (1)")
        try await connection.commit()
        try await cursor.execute("UPDATE t SET a = 2")
        try await connection.rollback()
        try await connection.setAutocommit(true)
        try await cursor.execute("DELETE FROM t")
        try await connection.setAutocommit(false)
        try await connection.close()

        #expect(transactionTranscript(server) == [
            "sqlinfo", "begin", "query tx1", "update tx1", "end tx1 commit", "begin", "update tx2", "end tx2 rollback", "begin",
            "end tx3 commit", "update -", "begin", "end tx4 rollback",
        ])
    }

    /// The server's transaction-related requests, one line each: `begin`, `end tx1 commit`,
    /// `update tx1` (a statement and the transaction it ran in, `-` for none).
    func transactionTranscript(_ server: FakeFlightSQLServer) -> [String] {
        var transcript: [String] = []
        for entry in server.received {
            switch entry {
            case .sqlInfo: transcript.append("sqlinfo")
            case .begin: transcript.append("begin")
            case .end(let request): transcript.append("end \(String(decoding: request.transactionID, as: UTF8.self)) \(request.action.rawValue == 1 ? "commit" : "rollback")")
            case .query(let query): transcript.append("query \(query.transactionID.map { String(decoding: $0, as: UTF8.self) } ?? "-")")
            case .update(let update): transcript.append("update \(update.transactionID.map { String(decoding: $0, as: UTF8.self) } ?? "-")")
            default: break
            }
        }
        return transcript
    }

    @Test("when the commit of setAutocommit(true) fails, autocommit stays off and the transaction stays current")
    func failedAutocommitCommit() async throws {
        let server = FakeFlightSQLServer()
        server.transactionSupport = 1
        let connection = connect(server)
        try await connection.setAutocommit(false)
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (1)")
        server.endFailures = [.unavailable]
        let error = try await #require(throws: DBAPIError.self) { try await connection.setAutocommit(true) }
        #expect(error.kind == .operationalError)
        #expect(try await connection.autocommit() == false, "the transaction was not committed")
        try await cursor.execute("INSERT INTO t VALUES (2)")
        try await connection.setAutocommit(true)
        #expect(try await connection.autocommit())
        try await cursor.execute("DELETE FROM t")
        try await connection.close()
        #expect(transactionTranscript(server) == [
            "sqlinfo", "begin", "update tx1", "end tx1 commit", "update tx1", "end tx1 commit", "update -",
        ])
    }

    @Test("a failed commit keeps the transaction for a retry or a rollback; one the server no longer knows is forgotten")
    func failedCommit() async throws {
        let server = FakeFlightSQLServer()
        server.transactionSupport = 1
        let connection = connect(server)
        try await connection.setAutocommit(false)
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (1)")
        server.endFailures = [.unavailable]
        await #expect(throws: DBAPIError.self) { try await connection.commit() }
        #expect(try await connection.autocommit() == false)
        try await connection.rollback()

        server.endFailures = [.notFound]
        let gone = try await #require(throws: DBAPIError.self) { try await connection.commit() }
        #expect(gone.driverCode == .grpc(5))
        try await cursor.execute("INSERT INTO t VALUES (2)")
        server.endFailures = [.notFound]
        await #expect(throws: DBAPIError.self) { try await connection.setAutocommit(true) }
        #expect(try await connection.autocommit() == false)
        try await connection.setAutocommit(true)
        #expect(try await connection.autocommit())
        try await connection.close()
        #expect(transactionTranscript(server) == [
            "sqlinfo", "begin", "update tx1", "end tx1 commit", "end tx1 rollback", "begin", "end tx2 commit",
            "begin", "update tx3", "end tx3 commit",
        ])
    }

    @Test("when the next transaction cannot begin after a commit, the next statement begins it")
    func beginRetry() async throws {
        let server = FakeFlightSQLServer()
        server.transactionSupport = 2
        let connection = connect(server)
        try await connection.setAutocommit(false)
        let cursor = try await connection.cursor()
        server.failingBegins = 2
        try await connection.commit()
        let error = try await #require(throws: DBAPIError.self) { try await cursor.execute("DELETE FROM t") }
        #expect(error.kind == .operationalError, "the retry's failure is reported by the statement")
        try await cursor.execute("DELETE FROM t")
        guard case .update(let update)? = server.received.last else {
            Issue.record("no update: \(server.received)")
            return
        }
        #expect(update.transactionID == Data("tx2".utf8))
        #expect(try await connection.autocommit() == false)
        try await connection.close()
    }

    @Test("without transaction support autocommit stays on")
    func noTransactions() async throws {
        let server = FakeFlightSQLServer()
        let connection = connect(server)
        let capabilities = try await connection.serverCapabilities()
        #expect(capabilities.serverName == "Fake Flight SQL")
        #expect(!capabilities.supportsTransactions)
        try await connection.commit()
        await #expect(throws: DBAPIError.self) { try await connection.rollback() }
        let error = try await #require(throws: DBAPIError.self) { try await connection.setAutocommit(false) }
        #expect(error.kind == .notSupportedError)
        #expect(try await connection.autocommit())
        try await connection.close()
        let sqlInfoCalls = server.received.filter { if case .sqlInfo = $0 { true } else { false } }
        #expect(sqlInfoCalls.count == 1, "capabilities are asked once")
    }

    @Test("a query with parameters: prepare, bind one batch, follow the new handle, run, close")
    func preparedQuery() async throws {
        let server = FakeFlightSQLServer()
        server.queryBatches = [try batch(ids: 7...8)]
        server.preparedDatasetSchema = server.queryBatches[0].schema
        server.replacementHandle = Data("h2".utf8)
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT id, name FROM t WHERE id > ? AND name <> ?", parameters: [6, "x"])
        #expect(try await cursor.fetchall().count == 2)
        let received = server.received
        guard received.count == 5,
            case .prepare(let prepare) = received[0],
            case .bind(let bindHandle, let batches) = received[1],
            case .preparedQuery(let queryHandle) = received[2],
            case .doGet = received[3],
            case .closePrepared(let closed) = received[4]
        else {
            Issue.record("unexpected conversation: \(received)")
            return
        }
        #expect(prepare.query == "SELECT id, name FROM t WHERE id > ? AND name <> ?")
        #expect(bindHandle == Data("h1".utf8))
        #expect(queryHandle == Data("h2".utf8), "the handle from DoPutPreparedStatementResult is used")
        #expect(closed == Data("h2".utf8))
        let parameters = try #require(batches.first)
        #expect(batches.count == 1)
        #expect(parameters.rowCount == 1)
        #expect(parameters.columns.map(\.type) == [.int64, .utf8])
        #expect(parameters.columns[0].value(at: 0) == .int(6))
        #expect(parameters.columns[1].value(at: 0) == .string("x"))
        try await connection.close()
    }

    @Test("an update with parameters runs through DoPut with the batch; executemany sends every set at once")
    func preparedUpdates() async throws {
        let server = FakeFlightSQLServer()
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("INSERT INTO t VALUES (?, ?)", parameters: [1, nil])
        #expect(cursor.rowcount == 1)
        try await cursor.executemany("INSERT INTO t VALUES (?, ?)", parameterSets: [[1, "a"], [2, nil], [3, "c"]])
        #expect(cursor.rowcount == 3)
        #expect(cursor.description == nil)
        let updates = server.received.compactMap { entry -> [RecordBatch]? in
            if case .preparedUpdate(_, let batches) = entry { batches } else { nil }
        }
        #expect(updates.count == 2)
        #expect(updates[0].first?.columns.map(\.type) == [.int64, .null], "an all-null column is of type null")
        let many = try #require(updates.last?.first)
        #expect(many.rowCount == 3)
        #expect(many.columns[1].values == [.string("a"), .null, .string("c")])
        let prepares = server.received.filter { if case .prepare = $0 { true } else { false } }
        let closes = server.received.filter { if case .closePrepared = $0 { true } else { false } }
        #expect(prepares.count == 2, "one prepare per execute and one for all of executemany")
        #expect(closes.count == 2)
        try await connection.close()
    }

    @Test("the server's parameter schema decides the parameter types")
    func serverParameterSchema() async throws {
        let server = FakeFlightSQLServer()
        server.preparedParameterSchema = Schema(fields: [
            Field(name: "amount", type: .decimal(bitWidth: 128, precision: 10, scale: 2)),
            Field(name: "at", type: .timestamp(.millisecond, timeZone: "UTC")),
            Field(name: "n", type: .int16),
        ])
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("UPDATE t SET amount = ? WHERE at = ? AND n = ?", parameters: [5, .timestamp(2, .second, timeZone: "UTC"), 7])
        guard case .preparedUpdate(_, let batches)? = server.received.dropLast().last, let parameters = batches.first else {
            Issue.record("no prepared update: \(server.received)")
            return
        }
        #expect(parameters.columns[0].value(at: 0) == .decimal(ArrowDecimal(unscaled: 500, precision: 10, scale: 2)))
        #expect(parameters.columns[1].value(at: 0) == .timestamp(2_000, .millisecond, timeZone: "UTC"))
        #expect(parameters.columns[2].value(at: 0) == .int(7))

        let wrongCount = try await #require(throws: DBAPIError.self) { try await cursor.execute("UPDATE t SET amount = ?", parameters: [1]) }
        #expect(wrongCount.kind == .programmingError)
        let tooBig = try await #require(throws: DBAPIError.self) {
            try await cursor.execute("UPDATE t SET a = ?", parameters: [1, .timestamp(0, .second, timeZone: "UTC"), 40_000])
        }
        #expect(tooBig.kind == .programmingError)
        #expect(!tooBig.description.contains("40000"), "parameter values never appear in errors")
        let closes = server.received.filter { if case .closePrepared = $0 { true } else { false } }
        let prepares = server.received.filter { if case .prepare = $0 { true } else { false } }
        #expect(closes.count == prepares.count, "failed executions close their statements too")
        try await connection.close()
    }

    @Test("closing a cursor mid-result closes its prepared statement")
    func closeMidPreparedResult() async throws {
        let server = FakeFlightSQLServer()
        server.queryBatches = [try batch(ids: 1...2), try batch(ids: 3...4)]
        server.preparedDatasetSchema = server.queryBatches[0].schema
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("SELECT * FROM t WHERE id > ?", parameters: [0])
        _ = try await cursor.fetchone()
        #expect(!server.received.contains { if case .closePrepared = $0 { true } else { false } })
        try await cursor.close()
        #expect(server.received.contains { if case .closePrepared = $0 { true } else { false } })
        try await connection.close()
    }

    @Test("a forced kind overrides the prepared statement's schema")
    func forcedPreparedKind() async throws {
        let server = FakeFlightSQLServer()
        server.queryBatches = [try batch(ids: 1...1)]
        let connection = connect(server)
        let cursor = try await connection.cursor()
        try await cursor.execute("CALL proc(?)", parameters: [1], kind: .query)
        #expect(try await cursor.fetchall().count == 1)
        cursor.statementKind = .update
        try await cursor.execute("SELECT f(?)", parameters: [1])
        #expect(cursor.rowcount == 1)
        try await connection.close()
    }
}
