package dev.retort.graph;

/**
 * One change to the version table: {@code INSERT to}, {@code UPDATE from -> to} or
 * {@code DELETE from}.
 */
public record RowChange(Kind kind, String from, String to) {
    public enum Kind { INSERT, UPDATE, DELETE }

    public static RowChange insert(String to) {
        return new RowChange(Kind.INSERT, null, to);
    }

    public static RowChange update(String from, String to) {
        return new RowChange(Kind.UPDATE, from, to);
    }

    public static RowChange delete(String from) {
        return new RowChange(Kind.DELETE, from, null);
    }

    /** The form used by alembic-cases.jsonl: "INSERT x", "UPDATE a->b", "DELETE x". */
    @Override
    public String toString() {
        return switch (kind) {
            case INSERT -> "INSERT " + to;
            case UPDATE -> "UPDATE " + from + "->" + to;
            case DELETE -> "DELETE " + from;
        };
    }
}
