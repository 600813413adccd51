package dev.retort.db;

/**
 * One SQL statement cut from a revision section.
 *
 * @param sql              the statement text: no leading comments or blank lines, no
 *                         terminating semicolon (comments inside or after it are kept)
 * @param line             1-based line number in the revision file of the statement's first token
 * @param nonTransactional the statement cannot run, or has no effect, inside a transaction on the
 *                         dialect it was split for (e.g. {@code CREATE INDEX CONCURRENTLY} on
 *                         PostgreSQL, {@code VACUUM} on both); see {@link StatementSplitter}
 */
public record Statement(String sql, int line, boolean nonTransactional) {
}
