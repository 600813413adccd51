package dev.retort.db;

import dev.retort.ops.Rendered;

/**
 * One SQL statement cut from a revision section.
 *
 * @param sql              the statement text: no leading comments or blank lines, no
 *                         terminating semicolon (comments inside or after it are kept)
 * @param line             1-based line number in the revision file of the statement's first token
 * @param nonTransactional the statement cannot run, or has no effect, inside a transaction on the
 *                         dialect it was split for (e.g. {@code CREATE INDEX CONCURRENTLY} on
 *                         PostgreSQL, {@code VACUUM} on both); see {@link StatementSplitter}
 * @param live             a portable revision's step that needs the live database (the SQLite
 *                         rebuild), run instead of {@code sql} (then its description); else null
 */
public record Statement(String sql, int line, boolean nonTransactional, Rendered.LiveStep live) {
    public Statement(String sql, int line, boolean nonTransactional) {
        this(sql, line, nonTransactional, null);
    }

    /**
     * Why this statement may not stand in a revision that runs in a transaction, or null: it begins
     * or ends one (BEGIN, COMMIT, ...), so a failure after it would leave the revision half-applied.
     */
    public String transactionControlProblem(dev.retort.api.Dialect dialect) {
        if (live != null || !FlywaySplitter.controlsTransaction(dialect, sql)) {
            return null;
        }
        return sql.split("\\s+", 2)[0].toUpperCase(java.util.Locale.ROOT) + " begins or ends a transaction, but"
                + " retort runs each revision in a transaction of its own, so a failure after it would leave the"
                + " revision half-applied. Remove it, or mark the revision \"Transactional: false\" to run its"
                + " statements one by one. Nothing was changed.";
    }

    /** Runs the statement on {@code st}'s connection. */
    void run(java.sql.Statement st) throws java.sql.SQLException {
        if (live != null) {
            live.run(st.getConnection());
        } else {
            st.execute(sql);
        }
    }
}
