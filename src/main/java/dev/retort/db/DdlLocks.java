package dev.retort.db;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Lock-safe DDL on PostgreSQL: each revision's transaction sets {@code lock_timeout}, so an
 * {@code ALTER TABLE} that queues behind a long query gives up after the timeout instead of making
 * every later query on the table queue behind it; the revision is rolled back and retried after a
 * growing, jittered pause.
 *
 * @param timeoutMillis the lock_timeout of a revision's statements; 0 turns it off (Alembic's behaviour)
 * @param retries       how many times a revision that hit the timeout is tried again
 */
public record DdlLocks(long timeoutMillis, int retries) {
    /** PostgreSQL's SQLSTATE for "canceling statement due to lock timeout". */
    static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final long FIRST_PAUSE_MILLIS = 250;
    private static final long MAX_PAUSE_MILLIS = 10_000;

    /** The statement that sets the timeout for one transaction ({@code SET LOCAL}) or the session. */
    public String set(boolean local) {
        return "SET " + (local ? "LOCAL " : "") + "lock_timeout = '" + timeoutMillis + "ms'";
    }

    /** The session's lock_timeout (a pool's connection may have its own, e.g. from its init SQL). */
    public static String sessionLockTimeout(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
            return rs.next() ? rs.getString(1) : "0";
        }
    }

    static void restoreLockTimeout(Connection c, String timeout) {
        try (java.sql.PreparedStatement st = c.prepareStatement("SELECT set_config('lock_timeout', ?, false)")) {
            c.setAutoCommit(true);
            st.setString(1, timeout);
            st.execute();
        } catch (SQLException ignored) {
            // the session ends with the run, or goes back to a pool that resets it
        }
    }

    public static boolean isLockTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /** The pause before retry {@code attempt} (1-based): 250 ms doubling up to 10 s, each between half and all of it. */
    static long pauseMillis(int attempt) {
        long full = Math.min(MAX_PAUSE_MILLIS, FIRST_PAUSE_MILLIS << Math.min(attempt - 1, 20));
        return full / 2 + ThreadLocalRandom.current().nextLong(full / 2 + 1);
    }

    /** The tables a statement names (JSqlParser), or none when it does not parse. */
    static Set<String> tables(String sql) {
        try {
            return new LinkedHashSet<>(net.sf.jsqlparser.util.TablesNamesFinder.findTables(sql));
        } catch (net.sf.jsqlparser.JSQLParserException | RuntimeException e) {
            return Set.of();
        }
    }

    /** {@code PASSWORD E'...'} (backslash escapes) and {@code PASSWORD $tag$...$tag$}, masked first. */
    private static final java.util.regex.Pattern ESCAPED_OR_DOLLAR_PASSWORD = java.util.regex.Pattern.compile(
            "(?i)(password\\s*(?:=\\s*)?)(?:E'(?:[^'\\\\]|\\\\.|'')*'?|(\\$[A-Za-z_0-9]*\\$)[\\s\\S]*?(?:\\2|$))");
    private static final java.util.regex.Pattern QUOTED_PASSWORD =
            java.util.regex.Pattern.compile("(?i)(password\\s*(?:=\\s*)?E?)'+(?:[^']|'')*'*");
    private static final java.util.regex.Pattern PASSWORD_PARAMETER =
            java.util.regex.Pattern.compile("(?i)(password\\s*=\\s*)[^\\s'&;,)]+");
    /** {@code user:pass@} up to the last {@code @} of the URL (a password may hold one; better mask too much). */
    private static final java.util.regex.Pattern URL_PASSWORD = java.util.regex.Pattern.compile("(://[^:/@\\s']*:)[^\\s']*@");

    /**
     * Another session's query text as shown: its passwords masked, then cut to 80 characters (cut
     * first, a URL's password could lose the {@code @} that marks it).
     */
    static String shownQuery(String query) {
        String one = maskPasswords(String.valueOf(query).replaceAll("\\s+", " "));
        return one.length() <= 80 ? one : one.substring(0, 80);
    }

    /**
     * Another session's query text with its passwords masked ({@code PASSWORD '...'} of CREATE/ALTER
     * ROLE, {@code password=...} and {@code user:pass@} of connection strings): none of them is a
     * password retort parsed, so the output's redaction would not catch them. An unclosed literal is
     * masked to its end; one inside another literal ({@code EXECUTE '... PASSWORD ''x'' ...'}) too.
     */
    static String maskPasswords(String query) {
        String s = ESCAPED_OR_DOLLAR_PASSWORD.matcher(query).replaceAll("$1'XXXXX'");
        s = QUOTED_PASSWORD.matcher(s).replaceAll("$1'XXXXX'");
        s = PASSWORD_PARAMETER.matcher(s).replaceAll("$1XXXXX");
        return URL_PASSWORD.matcher(s).replaceAll("$1XXXXX@");
    }

    /** The lock a statement that timed out waited for, as far as who is in its way goes. */
    public enum LockNeed {
        /** DDL's ACCESS EXCLUSIVE (and anything not known to be less): every lock on the table is in the way. */
        ACCESS_EXCLUSIVE,
        /**
         * INSERT, UPDATE, DELETE, MERGE: ROW EXCLUSIVE on the table and the rows' locks. Readers (ACCESS
         * SHARE) and VACUUM's SHARE UPDATE EXCLUSIVE are not in the way; writers and SELECT FOR UPDATE
         * may hold the rows, the stronger modes the table.
         */
        ROW_WRITE;

        /** Which of the two {@code sql} needs (JSqlParser); ACCESS_EXCLUSIVE when it does not parse. */
        static LockNeed of(String sql) {
            try {
                net.sf.jsqlparser.statement.Statement st = net.sf.jsqlparser.parser.CCJSqlParserUtil.parse(sql);
                return st instanceof net.sf.jsqlparser.statement.update.Update
                        || st instanceof net.sf.jsqlparser.statement.delete.Delete
                        || st instanceof net.sf.jsqlparser.statement.insert.Insert
                        || st instanceof net.sf.jsqlparser.statement.merge.Merge ? ROW_WRITE : ACCESS_EXCLUSIVE;
            } catch (net.sf.jsqlparser.JSQLParserException | RuntimeException e) {
                return ACCESS_EXCLUSIVE;
            }
        }
    }

    /**
     * The other sessions holding a lock on any of {@code tables} that is in the way of {@code need},
     * as {@code pid 12 (application_name 'app', state 'idle in transaction', since ..., query
     * 'SELECT ...')}; every other session holding such a lock on a table when the statement names none
     * lint can read. Best effort: empty on any error.
     */
    public static List<String> blockers(Connection c, Set<String> tables, LockNeed need) {
        List<String> out = new ArrayList<>();
        String sql = "SELECT DISTINCT " + SessionInfo.columns("coalesce(a.xact_start, a.query_start)")
                + " FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                + " JOIN pg_class r ON r.oid = l.relation"
                + " WHERE l.granted AND l.pid <> pg_backend_pid() AND r.relkind IN ('r', 'p')"
                + (need == LockNeed.ROW_WRITE ? " AND l.mode NOT IN ('AccessShareLock', 'ShareUpdateExclusiveLock')" : "")
                + (tables.isEmpty() ? "" : " AND l.relation IN (SELECT to_regclass(x) FROM unnest(?::text[]) x)")
                + " ORDER BY 1";
        try (java.sql.PreparedStatement st = c.prepareStatement(sql)) {
            if (!tables.isEmpty()) {
                st.setArray(1, c.createArrayOf("text", tables.toArray()));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    out.add(SessionInfo.read(rs).describe("since", true));
                }
            }
        } catch (SQLException | RuntimeException e) {
            // only a detail of the message
        }
        return out;
    }

    /**
     * The index a failed {@code CREATE INDEX CONCURRENTLY} left behind: PostgreSQL keeps it, INVALID,
     * and the statement run again fails on its name. Null when {@code sql} is no such statement or
     * nothing was left. An unnamed one is looked for among the table's invalid indexes.
     */
    static String invalidIndexLeftBy(Connection c, String sql) {
        if (!sql.matches("(?is)\\s*CREATE\\s+(UNIQUE\\s+)?INDEX\\s+CONCURRENTLY\\b.*")) {
            return null;
        }
        try {
            if (!(net.sf.jsqlparser.parser.CCJSqlParserUtil.parse(sql)
                    instanceof net.sf.jsqlparser.statement.create.index.CreateIndex ci) || ci.getTable() == null) {
                return null;
            }
            // the index lives in its table's schema; PostgreSQL's to_regclass folds and unquotes the name
            String schema = ci.getTable().getSchemaName();
            String index = ci.getIndex() == null || ci.getIndex().getName() == null ? null
                    : (schema == null ? "" : schema + ".") + ci.getIndex().getName();
            try (java.sql.PreparedStatement st = c.prepareStatement("SELECT i.indexrelid::regclass::text FROM pg_index i"
                    + " WHERE NOT i.indisvalid AND i.indrelid = to_regclass(?)"
                    + " AND (?::text IS NULL OR i.indexrelid = to_regclass(?)) ORDER BY i.indexrelid DESC LIMIT 1")) {
                st.setString(1, ci.getTable().getFullyQualifiedName());
                st.setString(2, index);
                st.setString(3, index);
                try (ResultSet rs = st.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        } catch (net.sf.jsqlparser.JSQLParserException | SQLException | RuntimeException e) {
            return null;    // only a detail of the message
        }
    }
}
