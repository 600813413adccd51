package dev.retort.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.api.SchemaDifference;
import dev.retort.api.SchemaDifference.Change;
import dev.retort.api.SchemaDifference.Kind;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison itself: by kind then name, a whole extra or missing table listed once. */
class SchemaDiffTest {
    private static SchemaObject o(String kind, String name, String table) {
        return new SchemaObject(Kind.valueOf(kind.toUpperCase()), name, table);
    }

    @Test
    void extraAndMissingTablesAreListedOnceAndChangesByKindThenName() {
        Map<SchemaObject, String> expected = Map.of(
                o("table", "t", "t"), "(a integer)", o("column", "t.a", "t"), "integer",
                o("table", "gone", "gone"), "(x text)", o("column", "gone.x", "gone"), "text",
                o("index", "ix_gone", "gone"), "CREATE INDEX ix_gone ON gone (x)",
                o("view", "v", null), "SELECT 1");
        Map<SchemaObject, String> found = Map.of(
                o("table", "t", "t"), "(a bigint)", o("column", "t.a", "t"), "bigint",
                o("table", "new", "new"), "(y text)", o("column", "new.y", "new"), "text",
                o("view", "v", null), "SELECT 1");
        assertEquals(List.of(
                new SchemaDifference(Change.MISSING, Kind.TABLE, "gone", "(x text)", null),
                new SchemaDifference(Change.EXTRA, Kind.TABLE, "new", null, "(y text)"),
                new SchemaDifference(Change.CHANGED, Kind.COLUMN, "t.a", "integer", "bigint")),
                SchemaDiff.compare(expected, found));
        assertEquals(List.of(), SchemaDiff.compare(found, found));
    }

    @Test
    void sqliteChecksAreFoundOutsideStrings() {
        assertEquals(List.of("(a > 0)", "(b IN ('x)', 'check (y)'))"), SchemaReader.checks(
                "CREATE TABLE t (a int CHECK (a > 0), b text, c text DEFAULT 'CHECK (z)', CHECK (b IN ('x)',"
                        + " 'check (y)')))"));
    }
}
