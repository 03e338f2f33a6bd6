import CSQLite
import Foundation

/// SQLite's busy handler for every ``SQLiteDatabase``: called on the queue while a statement
/// waits for another connection's lock, `attempt` counting the calls for this wait. A
/// non-zero answer tries the lock again after a nap; zero gives up with `SQLITE_BUSY`.
///
/// It replaces `sqlite3_busy_timeout`, whose sleeps never reach the progress handler, so
/// that a stopped job gives up within one nap instead of after the whole timeout. Like
/// SQLite's own handler it counts the naps rather than reading a clock. (SQL that sets
/// `PRAGMA busy_timeout` installs SQLite's handler again, and lock waits are then no
/// longer stoppable.) `context` is the unretained database, as for the progress handler.
func sqliteBusyWait(_ context: UnsafeMutableRawPointer?, _ attempt: Int32) -> Int32 {
    guard let context else { return 0 }
    let database = Unmanaged<SQLiteDatabase>.fromOpaque(context).takeUnretainedValue()
    let waited = Int64(attempt) * Int64(busyNapMilliseconds)
    let remaining = Int64(database.busyTimeoutMilliseconds) - waited
    guard remaining > 0, !database.runningJobShouldStop else { return 0 }
    usleep(UInt32(min(remaining, Int64(busyNapMilliseconds))) * 1_000)
    return 1
}

/// How long one nap lasts: short enough that a stop is noticed at once, long enough that
/// waiting costs nothing.
private let busyNapMilliseconds: Int32 = 10
