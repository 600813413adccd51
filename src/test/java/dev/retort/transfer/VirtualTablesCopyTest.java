package dev.retort.transfer;

import static dev.retort.transfer.CopyTest.postgres;
import static dev.retort.transfer.CopyTest.query;
import static dev.retort.transfer.CopyTest.sqlite;
import static dev.retort.transfer.CopyTest.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.testing.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQLite virtual tables: one holding its own rows (FTS without content=, rtree) is copied like a
 * table, or stops the copy when the target has no table for it; an FTS index over another table's
 * rows, and the shadow tables, hold no rows of their own and are skipped.
 */
class VirtualTablesCopyTest {
    @TempDir
    Path tmp;

    static CopyOptions.Builder options(Path db, String url) {
        return CopyOptions.builder().from("sqlite:///" + db.toAbsolutePath()).to(url);
    }

    static CopyResult.Table table(CopyResult r, String name) {
        return r.tables().stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow(() ->
                new AssertionError(name + " is not in the verification table: " + r.tables()));
    }

    @Test
    void anFts5TableWithItsOwnRowsIsCopiedWithItsDeclaredColumns() throws Exception {
        Path db = tmp.resolve("m.db");
        sqlite(db, "CREATE TABLE posts (id INTEGER PRIMARY KEY)", "INSERT INTO posts VALUES (1)",
                "CREATE VIRTUAL TABLE docs USING fts5(body, title)",
                "INSERT INTO docs (rowid, body, title) VALUES (3, 'hello world', 'first'),"
                        + " (7, 'zwölf Boxkämpfer', NULL), (9, 'tab\tand\nnewline', 'x')");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE posts (id integer PRIMARY KEY)",
                "CREATE TABLE docs (body text, title text)", "INSERT INTO docs VALUES ('old', 'row')");

        CopyResult r = Retort.copy(options(db, url).replace(true).build(), l -> { });

        assertEquals(CopyResult.Status.COPIED, r.status());
        CopyResult.Table docs = table(r, "docs");
        assertEquals(3, docs.sourceRows());
        assertEquals(3, docs.copiedRows());
        assertEquals(3, docs.targetRows());
        assertTrue(docs.verified() && docs.sourceChecksum() != null, docs.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("hello world|first", "zwölf Boxkämpfer|NULL", "tab\tand\nnewline|x"),
                    query(pg, "SELECT body || '|' || coalesce(title, 'NULL') FROM docs ORDER BY ctid"));
        }
        assertTrue(r.notes().contains("skipped docs_data (shadow table)"), r.notes().toString());
        assertTrue(r.notes().stream().noneMatch(n -> n.contains("docs is not in the source")
                || n.contains("rank") || n.startsWith("skipped docs ")), r.notes().toString());
    }

    @Test
    void aVirtualTableTheTargetLacksStopsTheCopyBeforeAnythingIsWritten() throws Exception {
        Path db = tmp.resolve("m.db");
        sqlite(db, "CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT)", "INSERT INTO posts VALUES (1, 'new')",
                "CREATE VIRTUAL TABLE docs USING fts5(body, title)",
                "INSERT INTO docs VALUES ('hello world', 'a'), ('again', 'b')");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE posts (id integer PRIMARY KEY, title text)", "INSERT INTO posts VALUES (5, 'old')");
        List<String> before;
        try (Connection pg = PgFixture.connect(url)) {
            before = tables(pg);
        }

        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(options(db, url).replace(true).build(), l -> { }));

        assertTrue(e.getMessage().contains("virtual table docs (fts5, 2 rows) has no table in the target (schema"
                + " public)"), e.getMessage());
        assertTrue(e.getMessage().contains("create a table for its rows in the target's schema (columns body, title),"
                + " e.g. with the application's migrations"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed on the target"), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(before, tables(pg));
            assertEquals(List.of("5 old"), query(pg, "SELECT id || ' ' || title FROM posts"));
        }
    }

    @Test
    void anFtsIndexOverAnotherTablesRowsIsSkippedEvenIfTheTargetHasItsTable() throws Exception {
        Path db = tmp.resolve("m.db");
        sqlite(db, "CREATE TABLE posts (id INTEGER PRIMARY KEY, body TEXT)",
                "INSERT INTO posts VALUES (1, 'hello world'), (2, 'second')",
                "CREATE VIRTUAL TABLE docs USING fts5(body, content = \"posts\", content_rowid='id')",
                "INSERT INTO docs (docs) VALUES ('rebuild')",
                "CREATE VIRTUAL TABLE old_docs USING fts4(content='posts', body)",
                "INSERT INTO old_docs (old_docs) VALUES ('rebuild')", // in step with posts, as integrity_check wants
                "CREATE VIRTUAL TABLE words USING fts5(body, content='')",
                "INSERT INTO words (rowid, body) VALUES (1, 'hello world')");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE posts (id integer PRIMARY KEY, body text)", "CREATE TABLE docs (body text)");

        CopyResult r = Retort.copy(options(db, url).build(), l -> { });

        assertEquals(CopyResult.Status.COPIED, r.status(), Preflight.render(r.preflight()));
        assertEquals(List.of("posts"), r.tables().stream().map(CopyResult.Table::table).toList());
        assertEquals(2, table(r, "posts").targetRows());
        List<String> notes = r.notes();
        assertTrue(notes.contains("skipped docs (fts5 index over posts: its rows are posts's)"), notes.toString());
        assertTrue(notes.contains("skipped old_docs (fts4 index over posts: its rows are posts's)"), notes.toString());
        assertTrue(notes.contains("skipped words (contentless fts5 index: it holds no rows)"), notes.toString());
        assertTrue(notes.contains("target table docs gets no rows from the source, whose docs is skipped (fts5 index"
                + " over posts: its rows are posts's)"), notes.toString());
        assertFalse(notes.stream().anyMatch(n -> n.contains("is not in the source")), notes.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM docs"));
        }
    }

    @Test
    void anRtreeIsCopiedWhenTheTargetHasItsTable() throws Exception {
        Path db = tmp.resolve("m.db");
        sqlite(db, "CREATE VIRTUAL TABLE places USING rtree(id, min_x, max_x, min_y, max_y)",
                "INSERT INTO places VALUES (1, 0.5, 2.5, -1, 1), (20, 10, 11, 10, 11)");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE places (id bigint PRIMARY KEY, min_x double precision, max_x double precision,"
                + " min_y double precision, max_y double precision)");

        CopyResult r = Retort.copy(options(db, url).build(), l -> { });

        CopyResult.Table places = table(r, "places");
        assertEquals(2, places.targetRows());
        assertTrue(places.verified(), places.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("1 0.5 2.5 -1 1", "20 10 11 10 11"), query(pg, "SELECT concat_ws(' ', id, min_x,"
                    + " max_x, min_y, max_y) FROM places ORDER BY id"));
        }
        assertTrue(r.notes().contains("skipped places_node (shadow table)"), r.notes().toString());
    }

    /** A module the application loads (sqlite-vec's vec0) that this SQLite lacks: its rows can't be read. */
    @Test
    void aVirtualTableOfAMissingModuleStopsTheCopy() throws Exception {
        Path db = tmp.resolve("m.db");
        sqlite(db, "CREATE TABLE posts (id INTEGER PRIMARY KEY)", "PRAGMA writable_schema = ON",
                "INSERT INTO sqlite_master VALUES ('table', 'vecs', 'vecs', 0,"
                        + " 'CREATE VIRTUAL TABLE vecs USING vec0(embedding float[4])')");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE posts (id integer PRIMARY KEY)");

        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url).build(), l -> { }));

        assertTrue(e.getMessage().startsWith("The source's virtual table vecs uses the module vec0, which this SQLite"
                + " does not have"), e.getMessage());
        assertTrue(e.getMessage().contains("CREATE TABLE \"vecs_rows\" AS SELECT * FROM \"vecs\";"), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("posts"), tables(pg));
        }
    }
}
