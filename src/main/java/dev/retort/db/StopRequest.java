package dev.retort.db;

import dev.retort.api.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Ctrl-C or kill on the command line. Closing the socket does not stop PostgreSQL: a statement
 * keeps running on the server, holding its locks (an ACCESS EXCLUSIVE that blocks every reader),
 * until it ends. So the stop cancels what the process's PostgreSQL connections run, and no
 * statement starts after it; the command then fails and rolls back as for any error.
 */
public final class StopRequest {
    private static volatile boolean requested;
    private static final Set<Connection> POSTGRESQL = ConcurrentHashMap.newKeySet();
    private static final Set<Connection> SQLITE = ConcurrentHashMap.newKeySet();

    private StopRequest() {
    }

    static void watch(Connection c, Dialect dialect) {
        (dialect == Dialect.POSTGRESQL ? POSTGRESQL : SQLITE).add(c);
    }

    static void forget(Connection c) {
        POSTGRESQL.remove(c);
        SQLITE.remove(c);
    }

    /**
     * Stops what runs: no new statement starts, each open PostgreSQL connection's running statement
     * is cancelled (pgjdbc's cancel request: a connection of its own, no credentials), and each
     * SQLite connection's is interrupted.
     *
     * @return true if some connection is open (its command is about to fail and roll back)
     */
    public static boolean stop() {
        boolean first = !requested;
        requested = true;
        if (first) {
            // once: sqlite3_interrupt ends the running statement (SQLITE_INTERRUPT); again, it could
            // interrupt the rollback's clean-up (the journal mode put back)
            for (Connection c : SQLITE) {
                try {
                    c.unwrap(org.sqlite.SQLiteConnection.class).getDatabase().interrupt();
                } catch (SQLException | RuntimeException e) {
                    // closed meanwhile: nothing runs there any more
                }
            }
        }
        for (Connection c : POSTGRESQL) {
            try {
                c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
            } catch (SQLException | RuntimeException e) {
                // closed meanwhile, or the server is gone: nothing runs there any more
            }
        }
        return !POSTGRESQL.isEmpty() || !SQLITE.isEmpty();
    }

    /**
     * Whether {@code e} (or a cause) is what {@link #stop} made a running statement end with:
     * PostgreSQL's query_canceled (57014) or SQLite's interrupt, after a stop. So it is said as a
     * stop, not as the database's "canceling statement due to user request" or a broken constraint.
     */
    public static boolean causedStop(Throwable e) {
        if (!requested) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException s && ("57014".equals(s.getSQLState())
                    || String.valueOf(s.getMessage()).startsWith("[SQLITE_INTERRUPT]"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Before each statement of a revision: after a stop, or once the thread running it was
     * interrupted (an application stopping a migration it runs), the step fails (SQLSTATE 57014,
     * query_canceled) and rolls back. The interrupt stays set for the caller to see.
     */
    static void refuseAfterStop() throws SQLException {
        if (requested) {
            throw new SQLException("retort was stopped (Ctrl-C or kill)", "57014");
        }
        if (Thread.currentThread().isInterrupted()) {
            throw new SQLException("the thread running retort was interrupted", "57014");
        }
    }
}
