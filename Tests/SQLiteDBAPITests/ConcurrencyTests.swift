import DBAPI
import SQLiteDBAPI
import Testing

@Suite struct ConcurrencyTests {
    @Test("cursors of one connection used from many tasks at once are serialized safely")
    func sharedConnection() async throws {
        let connection = try await memoryConnection("CREATE TABLE t (task INTEGER, n INTEGER)")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<8 {
                group.addTask {
                    let cursor = try await connection.cursor()
                    for n in 0..<50 {
                        try await cursor.execute("INSERT INTO t VALUES (?, ?)", parameters: [.int(Int64(task)), .int(Int64(n))])
                    }
                    try await cursor.execute("SELECT count(*) FROM t WHERE task = ?", parameters: [.int(Int64(task))])
                    #expect(try await cursor.fetchone(as: Int.self) == 50)
                }
            }
            try await group.waitForAll()
        }
        #expect(try await scalar(connection, "SELECT count(*) FROM t") == 400)
    }

    @Test("a small batch size streams many batches; two results interleave on one connection")
    func interleavedResults() async throws {
        let connection = try SQLiteConnection.open(path: ":memory:", options: .init(autocommit: true, batchSize: 7))
        try await connection.executeScript(
            "CREATE TABLE t (n INTEGER); WITH RECURSIVE c(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM c WHERE n < 99) INSERT INTO t SELECT n FROM c")
        let up = try await connection.execute("SELECT n FROM t ORDER BY n")
        let down = try await connection.execute("SELECT n FROM t ORDER BY n DESC")
        var pairs: [(Int, Int)] = []
        while let a = try await up.fetchone(), let b = try await down.fetchone() {
            pairs.append((try a.decode(Int.self, at: 0), try b.decode(Int.self, at: 0)))
        }
        #expect(pairs.count == 100)
        #expect(pairs.allSatisfy { $0.0 + $0.1 == 99 })
    }

    @Test("connections and cursors dropped without close release their resources")
    func droppedWithoutClose() async throws {
        let directory = try TemporaryDirectory()
        do {
            let connection = try SQLiteConnection.open(path: directory.path(), options: .init(autocommit: true))
            try await connection.executeScript(
                "CREATE TABLE t (x); WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 2000) INSERT INTO t SELECT n FROM c")
            let cursor = try await connection.execute("SELECT x FROM t")
            _ = try await cursor.fetchone()
        }
        // The dropped connection's statement and handle are gone: a writer is not blocked.
        let writer = try SQLiteConnection.open(path: directory.path(), options: .init(busyTimeout: 1))
        try await writer.cursor().execute("INSERT INTO t VALUES (3)")
        try await writer.commit()
        #expect(try await scalar(writer, "SELECT count(*) FROM t") == 2_001)
    }

    @Test("executeScript runs statements in order and stops at the first failure")
    func scripts() async throws {
        let connection = try await memoryConnection()
        _ = await expectError(.programmingError) {
            try await connection.executeScript("CREATE TABLE a (x); INSERT INTO a VALUES (1); INSERT INTO nowhere VALUES (2); CREATE TABLE b (x)")
        }
        #expect(try await scalar(connection, "SELECT count(*) FROM a") == 1)
        #expect(try await connection.table(named: "b") == nil)
        _ = await expectError(.programmingError) { try await connection.executeScript("SELECT ?") }
        try await connection.executeScript(" ;; -- nothing\n")
    }
}

@Suite struct InterruptTests {
    @Test("interrupt stops a long statement with an operationalError")
    func interrupt() async throws {
        let connection = try await memoryConnection()
        let result = Task { () -> DBAPIError? in
            do throws(DBAPIError) {
                // Hundreds of millions of steps: seconds of work unless interrupted.
                try await connection.cursor().execute(
                    "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 500000000) SELECT count(*) FROM c")
                return nil
            } catch {
                return error
            }
        }
        // Interrupt until the statement has started and stopped (an interrupt before it starts
        // has no effect).
        let interrupter = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(20))
                connection.interrupt()
            }
        }
        let error = await result.value
        interrupter.cancel()
        #expect(error?.kind == .operationalError)
        #expect(error?.driverCode?.name == "SQLITE_INTERRUPT")
        // The connection is usable afterwards.
        #expect(try await scalar(connection, "SELECT 1") == 1)
        try await connection.close()
        connection.interrupt()  // harmless once closed
    }
}
