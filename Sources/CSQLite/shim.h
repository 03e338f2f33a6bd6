#ifndef SWIFT_FLIGHTSQL_CSQLITE_SHIM_H
#define SWIFT_FLIGHTSQL_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a macro casting -1 to a destructor pointer, which Swift cannot import.
static inline sqlite3_destructor_type cflightsql_sqlite_transient(void) { return SQLITE_TRANSIENT; }

// sqlite3_db_config is variadic, which Swift cannot call. Turning off double-quoted string
// literals makes a misspelt "identifier" an error instead of a silent string constant, as
// SQLite's documentation recommends. Returns SQLITE_OK or an error code.
static inline int cflightsql_sqlite_disable_double_quoted_strings(sqlite3 *db) {
    int rc = sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DML, 0, (int *)0);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)0);
}
#endif
