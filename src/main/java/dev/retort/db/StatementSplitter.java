package dev.retort.db;

import dev.retort.api.Dialect;
import java.util.List;

/**
 * Cuts a revision section into statements, the way the dialect's own client would: semicolons
 * inside strings, quoted identifiers, comments, PostgreSQL dollar-quoted bodies and
 * {@code BEGIN ATOMIC ... END} bodies, and SQLite trigger bodies do not end a statement, and the
 * last statement needs no semicolon.
 *
 * <p>Each statement also says whether it must run outside a transaction
 * ({@link Statement#nonTransactional()}). On PostgreSQL that is: {@code CREATE [UNIQUE] INDEX
 * CONCURRENTLY}, {@code DROP INDEX CONCURRENTLY}, {@code REINDEX ... CONCURRENTLY},
 * {@code REINDEX SCHEMA|DATABASE|SYSTEM}, {@code VACUUM}, {@code CREATE|DROP DATABASE},
 * {@code ALTER DATABASE ... SET TABLESPACE}, {@code CREATE|DROP TABLESPACE}, {@code ALTER SYSTEM},
 * {@code CREATE|DROP SUBSCRIPTION}, {@code DISCARD ALL} and {@code ALTER TABLE ... DETACH
 * PARTITION ... CONCURRENTLY}. {@code ALTER TYPE ... ADD VALUE} is not listed: it runs in a
 * transaction since PostgreSQL 12. On SQLite: {@code VACUUM}, and {@code PRAGMA foreign_keys} and
 * {@code PRAGMA journal_mode}, which have no effect or fail inside a transaction.
 *
 * <p>The implementation is backed by Flyway's SQL parser; no Flyway type is visible here, and
 * Flyway's classes are loaded only when a section needs it: one with no quotes, dollar quotes,
 * block comments or BEGIN/END blocks is cut without it ({@link PlainSql}), the same way.
 */
public interface StatementSplitter {
    /**
     * @param sql       the section text
     * @param firstLine the file line number of the first line of {@code sql}
     * @return the statements in order, blank and comment-only ones left out
     * @throws dev.retort.api.RetortException for SQL that cannot be run statement by statement over
     *         JDBC ({@code COPY ... FROM STDIN}, psql meta-commands such as {@code \copy} or
     *         {@code \i}, sqlite3 dot-commands) or that cannot be split, its message starting
     *         {@code line N: } with the file line
     */
    List<Statement> split(String sql, int firstLine);

    /** The splitter for a dialect. Cheap: the parser behind it is created on first use. */
    static StatementSplitter forDialect(Dialect dialect) {
        return FlywaySplitter.forDialect(dialect);
    }
}
