package dev.retort.drift;

/**
 * One difference between the schema the applied revisions produce and the database's.
 *
 * @param change   extra (only in the database), missing (only in the revisions' schema) or changed
 * @param expected the definition the revisions produce, null when missing from them
 * @param found    the database's definition, null when it has none
 */
public record Drift(String change, String kind, String name, String expected, String found) {
    /** {@code changed column t.c: expected integer, found bigint} */
    public String text() {
        return change + " " + kind + " " + name + ": expected " + (expected == null ? "nothing" : expected)
                + ", found " + (found == null ? "nothing" : found);
    }
}
