package dev.retort.lint;

import dev.retort.api.Dialect;

/**
 * What a rule may know besides the change itself, computed by {@link Linter} for each change.
 *
 * @param dialect          the database the revisions run on
 * @param postgresMajor    PostgreSQL's major version (the server's when connected, else 11)
 * @param newTable         the change's table is created by the range being checked (or, with
 *                         {@code --all}, by the same revision): no running code uses it yet
 * @param newIndex         a {@code DROP INDEX}'s index was created by the range (or revision)
 * @param oldType          for a type change, the column's type before it; null when unknown
 * @param sameTransactionAdd for {@code VALIDATE CONSTRAINT}: the {@code ADD CONSTRAINT ... NOT VALID}
 *                         of the same constraint earlier in the same transaction, else null
 * @param sameTransactionAddLine the line of that ADD
 */
public record Scope(Dialect dialect, int postgresMajor, boolean newTable, boolean newIndex, String oldType,
                    Change.AddValidatedConstraint sameTransactionAdd, int sameTransactionAddLine) {
    /** A scope for an existing table and nothing else known. */
    public static Scope existing(Dialect dialect) {
        return new Scope(dialect, 11, false, false, null, null, 0);
    }

    boolean postgres() {
        return dialect == Dialect.POSTGRESQL;
    }
}
