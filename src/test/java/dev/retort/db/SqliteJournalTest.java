package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.retort.cli.Cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upgrade on SQLite keeps its rollback journal from one revision's transaction to the next
 * (PERSIST) and leaves the database as it found it: DELETE mode, no journal file, WAL untouched.
 */
class SqliteJournalTest {
    @TempDir
    Path tmp;

    @Test
    void theRunKeepsItsJournalBetweenRevisionsAndRemovesItAtTheEnd() throws Exception {
        Path dir = revisionsWithA1();
        Cli.revision(dir, "b2", "a1", "CREATE TABLE seen AS SELECT * FROM pragma_journal_mode;", "DROP TABLE seen;");
        Path db = tmp.resolve("app.db");
        new Cli(db, dir).ok("upgrade", "head");
        assertEquals("persist", query(db, "SELECT journal_mode FROM seen"));
        assertFalse(Files.exists(journal(db)), "the journal file is removed at the end of the run");
        assertEquals("delete", query(db, "PRAGMA journal_mode"));
        new Cli(db, dir).ok("downgrade", "base");
        assertFalse(Files.exists(journal(db)));
    }

    @Test
    void aFailedRunLeavesNoJournalFile() throws Exception {
        Path dir = revisionsWithA1();
        Cli.revision(dir, "b2", "a1", "INSERT INTO nope VALUES (1);", "");
        Path db = tmp.resolve("app.db");
        assertEquals(1, new Cli(db, dir).run("upgrade", "head").exit());
        assertFalse(Files.exists(journal(db)), "the journal file is removed after a failure too");
        assertEquals("a1", query(db, "SELECT version_num FROM alembic_version"));
    }

    @Test
    void aDatabaseInWalModeStaysInIt() throws Exception {
        Path dir = revisionsWithA1();
        Path db = tmp.resolve("app.db");
        assertEquals("wal", query(db, "PRAGMA journal_mode = WAL"));
        new Cli(db, dir).ok("upgrade", "head");
        assertEquals("wal", query(db, "PRAGMA journal_mode"));
    }

    @Test
    void aRevisionThatSwitchesToWalIsNotUndone() throws Exception {
        Path dir = revisionsWithA1();
        Cli.revision(dir, "b2", "a1", "PRAGMA journal_mode = WAL;", "PRAGMA journal_mode = DELETE;");
        Path db = tmp.resolve("app.db");
        new Cli(db, dir).ok("upgrade", "head");
        assertEquals("wal", query(db, "PRAGMA journal_mode"));
        assertEquals("b2", query(db, "SELECT version_num FROM alembic_version"));
    }

    /** A revisions directory with a1, which creates a table. */
    private Path revisionsWithA1() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        return dir;
    }

    private static Path journal(Path db) {
        return db.resolveSibling(db.getFileName() + "-journal");
    }

    private static String query(Path db, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
