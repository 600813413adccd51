package dev.retort.drift;

import dev.retort.api.SchemaDifference.Kind;

/**
 * One object of a schema snapshot.
 *
 * @param name  {@code t} for a table, {@code t.c} for a column, {@code t.name} for a named
 *              constraint, {@code t(a, b)} for an unnamed SQLite one, the name of an index or view
 * @param table the table it belongs to (itself for a table; null for a view)
 */
public record SchemaObject(Kind kind, String name, String table) implements Comparable<SchemaObject> {
    /** By kind (in the order {@link Kind} lists them), then name: the order differences are listed in. */
    @Override
    public int compareTo(SchemaObject o) {
        int k = kind.compareTo(o.kind);
        return k != 0 ? k : name.compareTo(o.name);
    }
}
