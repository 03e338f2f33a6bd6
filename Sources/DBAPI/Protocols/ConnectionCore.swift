/// Bookkeeping shared by connection implementations: the closed and autocommit flags, and
/// the cursors to close with the connection.
///
/// Cursors are held weakly, so a cursor nobody uses any more is not kept alive by its
/// connection.
public final class ConnectionCore: Sendable {
    private struct WeakCursor {
        weak var cursor: (any Cursor)?
    }

    private struct State {
        var isClosed = false
        var autocommit: Bool
        var cursors: [WeakCursor] = []
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

    /// Remembers a new cursor so that ``close()`` closes it; throws an `interfaceError` if
    /// the connection is already closed.
    public func register(_ cursor: any Cursor) throws(DBAPIError) {
        try state.withLock { (state) throws(DBAPIError) in
            if state.isClosed { throw DBAPIError(.interfaceError, "connection is closed") }
            state.cursors.removeAll { $0.cursor == nil }
            state.cursors.append(WeakCursor(cursor: cursor))
        }
    }

    /// Marks the connection closed and closes its live cursors. Returns whether this call
    /// did the closing (false if it was closed already), so the driver releases its
    /// resources once.
    @discardableResult
    public func close() async -> Bool {
        let cursors: [any Cursor]? = state.withLock { state in
            guard !state.isClosed else { return nil }
            state.isClosed = true
            defer { state.cursors = [] }
            return state.cursors.compactMap(\.cursor)
        }
        guard let cursors else { return false }
        for cursor in cursors { try? await cursor.close() }
        return true
    }
}
