package dev.retort.db;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;

/**
 * Another PostgreSQL session that holds a lock retort waits for, as pg_stat_activity shows it to
 * retort's role: of another role's session only pid, role and kind are visible (without
 * pg_read_all_stats), and autovacuum is no client at all, so neither is shown as a row of nulls.
 */
record SessionInfo(int pid, String backendType, String role, String applicationName, String clientAddr,
                   String state, Timestamp since, String query) {
    /** The columns {@link #read} takes, in order, with {@code since} the session's time to show. */
    static String columns(String since) {
        return "a.pid, a.backend_type, a.usename, a.application_name, host(a.client_addr), a.state, " + since
                + ", a.query";
    }

    static SessionInfo read(ResultSet rs) throws SQLException {
        return new SessionInfo(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getTimestamp(7), rs.getString(8));
    }

    /** {@code pid 12 (application_name 'app', state 'idle in transaction', since ..., query '...')}; {@code sinceLabel} e.g. "since". */
    String describe(String sinceLabel, boolean withQuery) {
        if (backendType != null && backendType.startsWith("autovacuum")) {
            return "pid " + pid + " (autovacuum of the table; PostgreSQL cancels it for a lock that waits, unless it"
                    + " vacuums to prevent wraparound)";
        }
        if (role == null) {     // a server process, no client's session
            return "pid " + pid + " (" + backendType + ")";
        }
        if (state == null) {    // the columns pg_stat_activity hides from another role
            return "pid " + pid + " (a session of role '" + role + "', whose application, state and query only"
                    + " that role, a superuser or a member of pg_read_all_stats can see)";
        }
        return "pid " + pid + " (application_name '" + applicationName + "'"
                + (clientAddr == null ? "" : ", from " + clientAddr)
                + ", state '" + state + "'"
                + (since == null ? "" : ", " + sinceLabel + " " + since.toInstant())
                + (withQuery && query != null ? ", query '" + DdlLocks.shownQuery(query) + "'" : "") + ")";
    }
}
