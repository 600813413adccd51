package dev.retort.db;

/**
 * One SQL statement cut from a revision section.
 *
 * @param sql  the statement text without its terminating semicolon
 * @param line 1-based line number in the revision file where the statement starts
 */
public record Statement(String sql, int line) {
}
