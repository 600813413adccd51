package dev.retort.db;

import java.util.List;

/** Cuts a revision section into statements, the way the dialect's own client would. */
public interface StatementSplitter {
    /**
     * @param sql       the section text
     * @param firstLine the file line number of the first line of {@code sql}
     * @return the statements in order, blank and comment-only ones left out
     * @throws dev.retort.RetortException for SQL that cannot be run statement by statement
     *         (e.g. COPY ... FROM STDIN), naming the line
     */
    List<Statement> split(String sql, int firstLine);

    /** The splitter for a dialect. */
    static StatementSplitter forDialect(Dialect dialect) {
        return SimpleSplitter.INSTANCE; // replaced by the Flyway-backed splitter
    }
}
