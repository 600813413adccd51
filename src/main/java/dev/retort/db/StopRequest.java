package dev.retort.db;

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

    private StopRequest() {
    }

    static void watch(Connection c) {
        POSTGRESQL.add(c);
    }

    static void forget(Connection c) {
        POSTGRESQL.remove(c);
    }

    /**
     * Stops what runs: no new statement starts, and each open PostgreSQL connection's running
     * statement is cancelled (pgjdbc's cancel request: a connection of its own, no credentials).
     *
     * @return true if some PostgreSQL connection is open (its command is about to fail and roll back)
     */
    public static boolean stop() {
        requested = true;
        for (Connection c : POSTGRESQL) {
            try {
                c.unwrap(org.postgresql.PGConnection.class).cancelQuery();
            } catch (SQLException | RuntimeException e) {
                // closed meanwhile, or the server is gone: nothing runs there any more
            }
        }
        return !POSTGRESQL.isEmpty();
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
