package dev.retort.drift;

import java.util.List;

/**
 * One object of a schema snapshot.
 *
 * @param kind  table, column, primary_key, foreign_key, unique, check, index or view
 * @param name  {@code t} for a table, {@code t.c} for a column, {@code t.name} for a named
 *              constraint, {@code t(a, b)} for an unnamed SQLite one, the name of an index or view
 * @param table the table it belongs to (itself for a table; null for a view)
 */
public record SchemaObject(String kind, String name, String table) implements Comparable<SchemaObject> {
    /** The kinds, in the order differences are listed. */
    public static final List<String> KINDS = List.of("table", "column", "primary_key", "foreign_key", "unique",
            "check", "index", "view");

    @Override
    public int compareTo(SchemaObject o) {
        int k = Integer.compare(KINDS.indexOf(kind), KINDS.indexOf(o.kind));
        return k != 0 ? k : name.compareTo(o.name);
    }
}
