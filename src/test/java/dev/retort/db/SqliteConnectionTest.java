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

    /** SQLite's two errors of a file it can't write (as a user whose directory is read-only) say where to look. */
    @Test
    void aDatabaseSQLiteCanNotWriteSaysTheDirectoryMustBeWritable() throws Exception {
        Path file = tmp.resolve("ro.db");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.createStatement().execute("CREATE TABLE t (x)");
        }
        org.sqlite.SQLiteConfig readOnly = new org.sqlite.SQLiteConfig();
        readOnly.setReadOnly(true);
        java.sql.SQLException write;
        try (java.sql.Connection c = readOnly.createConnection("jdbc:sqlite:" + file)) {
            write = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> c.createStatement().execute("INSERT INTO t VALUES (1)"));
        }
        Path directory = java.nio.file.Files.createDirectory(tmp.resolve("dir.db"));   // SQLITE_CANTOPEN, even as root
        java.sql.SQLException open = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection("jdbc:sqlite:" + directory)
                        .createStatement().execute("CREATE TABLE t (x)"));
        String hint = " (the database file and its directory must both be writable: SQLite writes its journal"
                + " beside the file)";
        assertEquals("attempt to write a readonly database" + hint, Database.errorText(write));
        assertEquals("unable to open database file" + hint, Database.errorText(open));
    }
}
