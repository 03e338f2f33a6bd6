/// Bookkeeping shared by connection implementations: the closed and autocommit flags, and
/// the cursors to close with the connection.
///
/// Cursors are held weakly, so a cursor nobody uses any more is not kept alive by its
/// connection. A ``CoreBackedCursor``'s ``CursorCore`` is remembered too (also weakly):
/// it holds the open result and outlives its cursor while a `rows` sequence of it is
/// iterated (`for try await row in try await makeCursor().rows`), and closing the
/// connection must end that iteration too.
public final class ConnectionCore: Sendable {
    private struct Registered {
        weak var cursor: (any Cursor)?
        weak var core: CursorCore?
        var isGone: Bool { cursor == nil && core == nil }
    }

    private struct State {
        var isClosed = false
        var autocommit: Bool
        var cursors: [Registered] = []
    }

    private let state: Locked<State>

    /// Creates the bookkeeping of an open connection. PEP 249 starts with autocommit off;
    /// drivers for databases that commit each statement pass `true`.
    public init(autocommit: Bool = false) {
        state = Locked(State(autocommit: autocommit))
    }

    /// Whether ``close()`` was called.
    public var isClosed: Bool { state.withLock { $0.isClosed } }

    /// The autocommit flag.
    public var autocommit: Bool {
        get { state.withLock { $0.autocommit } }
        set { state.withLock { $0.autocommit = newValue } }
    }

    /// Throws an `interfaceError` if the connection is closed.
    public func checkOpen() throws(DBAPIError) {
        if isClosed { throw DBAPIError(.interfaceError, "connection is closed") }
    }

    /// Remembers a new cursor (and its ``CursorCore``, for a ``CoreBackedCursor``) so that
    /// ``close()`` closes it; throws an `interfaceError` if the connection is already closed.
    public func register(_ cursor: any Cursor) throws(DBAPIError) {
        let core = (cursor as? any CoreBackedCursor)?.core
        try state.withLock { (state) throws(DBAPIError) in
            if state.isClosed { throw DBAPIError(.interfaceError, "connection is closed") }
            state.cursors.removeAll(where: \.isGone)
            state.cursors.append(Registered(cursor: cursor, core: core))
        }
    }

    /// Marks the connection closed and closes its live cursors, and the cores of released
    /// cursors whose rows are still being iterated. Returns whether this call did the
    /// closing (false if it was closed already), so the driver releases its resources once.
    @discardableResult
    public func close() async -> Bool {
        let live: [(cursor: (any Cursor)?, core: CursorCore?)]? = state.withLock { state in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            defer { state.cursors = [] }
            // Strong references from here on, so that nothing is released half-closed.
            return state.cursors.map { ($0.cursor, $0.core) }
        }
        guard let live else { return false }
        for (cursor, core) in live {
            try? await cursor?.close()
            // Closing twice is harmless, and a driver's `close()` might not reach the core.
            await core?.close()
        }
        return true
    }
}
