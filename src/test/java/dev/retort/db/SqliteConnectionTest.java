package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

/** How retort sets up its own SQLite connection. */
class SqliteConnectionTest {
    @TempDir
    Path tmp;

    @Test
    void insertsAreNotFollowedByALastInsertRowidQuery() throws Exception {
        try (Database db = Database.open(DatabaseUrl.parse("sqlite:///" + tmp.resolve("a.db")), 1000, false)) {
            SQLiteConnection c = (SQLiteConnection) db.connection();
            assertFalse(c.getConnectionConfig().isGetGeneratedKeys(),
                    "sqlite-jdbc would run SELECT last_insert_rowid() after every INSERT of a revision");
        }
    }

    /** sqlite-jdbc says "SQL error or missing database" of every bad statement: a failed revision says what failed. */
    @Test
    void aFailedRevisionSaysTheErrorWithoutTheDriversGenericWords() throws Exception {
        Path dir = java.nio.file.Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a1", "", "INSERT INTO nope VALUES (1);", "");
        Cli.Result r = new Cli(tmp.resolve("app.db"), dir).run("upgrade", "head");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("failed during upgrade  -> a1: no such table: nope. The revision was rolled back"),
                r.err());
        assertFalse(r.err().contains("missing database"), r.err());
    }
}
