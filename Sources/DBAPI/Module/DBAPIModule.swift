/// The module-level globals PEP 249 asks every driver module to export.
///
/// A Swift module cannot be used as a namespace for values, so they live on this enum.
public enum DBAPIModule {
    /// The DB-API level this module follows: PEP 249, version 2.0.
    public static let apilevel = "2.0"

    /// PEP 249's thread safety level.
    ///
    /// `2`: tasks may share the module and connections, but not cursors. Connections and
    /// cursors are `Sendable` and memory-safe under concurrent use, yet a cursor has one
    /// current result, so two tasks interleaving `execute`/`fetch` on one cursor would read
    /// each other's rows; a cursor rejects a second concurrent operation with a
    /// `programmingError` instead of interleaving.
    public static let threadsafety = 2

    /// Parameter markers are question marks: `WHERE id = ?`.
    public static let paramstyle = "qmark"
}
