package dev.retort.api;

/**
 * One difference found by {@code check --schema} between the database's schema and the one its
 * applied revisions produce.
 *
 * @param name     {@code t} for a table, {@code t.c} for a column, {@code t.name} for a named
 *                 constraint, {@code t(a, b)} for an unnamed SQLite one, the name of an index or view
 * @param expected the definition the revisions produce, null when they have none
 * @param found    the database's definition, null when it has none
 */
public record SchemaDifference(Change change, Kind kind, String name, String expected, String found) {
    /** EXTRA: only in the database; MISSING: only in the revisions' schema; CHANGED: defined differently. */
    public enum Change { EXTRA, MISSING, CHANGED }

    /** What kind of object differs; differences are listed in this order, then by name. */
    public enum Kind { TABLE, COLUMN, PRIMARY_KEY, FOREIGN_KEY, UNIQUE, CHECK, INDEX, VIEW }
}
