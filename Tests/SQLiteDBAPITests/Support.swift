import DBAPI
import Foundation
import SQLiteDBAPI
import Testing

/// A fresh temporary folder, removed when the value is released.
final class TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("SQLiteDBAPITests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// A path for a database file inside the folder.
    func path(_ name: String = "test.sqlite") -> String {
        url.appendingPathComponent(name).path
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// How soon after its task is cancelled a statement must have stopped. Generous for a
/// loaded 2-core CI machine (a waiting task can wait seconds for a thread); the statements
/// the cancellation tests stop would otherwise run for minutes.
let cancelStopBound: Duration = .seconds(60)

/// An in-memory connection, optionally with a script already run (in autocommit mode by
/// default, so that set-up is committed).
func memoryConnection(
    _ script: String = "", options: SQLiteConnection.Options = .init(autocommit: true)
) async throws -> SQLiteConnection {
    let connection = try SQLiteConnection.open(path: ":memory:", options: options)
    if !script.isEmpty { try await connection.executeScript(script) }
    return connection
}

/// Runs `body` and returns the `DBAPIError` it throws; records an issue if it throws
/// nothing, or something else.
func expectError(
    _ kind: DBAPIError.Kind, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async -> DBAPIError? {
    do {
        try await body()
        Issue.record("expected a \(kind)", sourceLocation: sourceLocation)
        return nil
    } catch let error as DBAPIError {
        #expect(error.kind == kind, "\(error)", sourceLocation: sourceLocation)
        return error
    } catch {
        Issue.record("expected a DBAPIError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

/// The single value of a one-row, one-column query.
func scalar(_ connection: SQLiteConnection, _ sql: String, _ parameters: [Value] = []) async throws -> Value {
    let cursor = try await connection.execute(sql, parameters: parameters)
    let rows = try await cursor.fetchall()
    try #require(rows.count == 1)
    return rows[0][0]
}
