package dev.retort.transfer;

import static dev.retort.transfer.CopyTest.migratedTarget;
import static dev.retort.transfer.CopyTest.postgres;
import static dev.retort.transfer.CopyTest.query;
import static dev.retort.transfer.CopyTest.sha256;
import static dev.retort.transfer.CopyTest.sqlite;
import static dev.retort.transfer.CopyTest.tables;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.RetortException;
import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the copy says when the situation is not clean: each message names what is wrong, with the
 * path, and the next step that works; nothing is written to the target.
 */
class CopyMessagesTest {
    private static final AtomicInteger ROLES = new AtomicInteger();

    @TempDir
    Path tmp;

    static CopyOptions.Builder options(Path db, String url) {
        return CopyOptions.builder().from("sqlite:///" + db.toAbsolutePath()).to(url);
    }

    /** A login role of its own (roles are per cluster) and the target's URL as that role. */
    static String[] role(String url) {
        String name = "copy_rw_" + ProcessHandle.current().pid() + "_" + ROLES.incrementAndGet();
        return new String[] {name, url.replaceFirst("//[^@/]*@", "//" + name + "@")};
    }

    static long count(String s, String part) {
        return (s.length() - s.replace(part, "").length()) / part.length();
    }

    @Test
    void aTargetRoleThatDoesNotOwnTheTablesIsToldInOneMessageBeforeAnythingIsWritten() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        String owner;
        try (Connection pg = PgFixture.connect(url)) {
            owner = query(pg, "SELECT current_user").get(0);
            postgres(url, "DELETE FROM alembic_version"); // so the copy would write it first
        }
        String[] role = role(url);
        postgres(url, "CREATE ROLE " + role[0] + " LOGIN", "GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role[0],
                "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO " + role[0],
                "GRANT USAGE, CREATE ON SCHEMA public TO " + role[0]);

        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, role[1]).build(), l -> { }));

        String m = e.getMessage();
        assertTrue(m.startsWith("The role " + role[0] + " does not own 11 of the target's tables: auth (owner " + owner
                + "), chat (owner " + owner + ")"), m);
        assertTrue(m.contains("Copy as the owner") && m.contains("GRANT owner_role TO " + role[0]), m);
        assertEquals(1, count(m, "Nothing was changed"), m);
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM alembic_version"));
        }
        // a member of the owning role may: the same copy then goes through
        postgres(url, "GRANT " + owner + " TO " + role[0]);
        assertEquals(CopyResult.Status.COPIED, Retort.copy(options(db, role[1]).build(), l -> { }).status());
    }

    @Test
    void aRoleThatCantCreateTablesInAnEmptyTargetIsToldTheGrant() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = PgFixture.newDatabase();
        String[] role = role(url);
        postgres(url, "CREATE ROLE " + role[0] + " LOGIN", "REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(options(db, role[1]).revisions(revs).build(), l -> { }));
        assertTrue(e.getMessage().startsWith("The role " + role[0] + " can't create tables in schema public of the"
                + " target") && e.getMessage().contains("GRANT CREATE ON SCHEMA \"public\" TO \"" + role[0] + "\""),
                e.getMessage());
        assertFalse(e.getMessage().contains("Position"), e.getMessage());
    }

    /** A view or trigger made by hand in the SQLite file (no revision makes it) is named, not lost without a word. */
    @Test
    void viewsAndTriggersNoRevisionCreatesAreNoted() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement()) {
            st.execute("CREATE VIEW v_by_hand AS SELECT 1 AS one");
            st.execute("CREATE TABLE audit_by_hand (msg TEXT)");
            st.execute("CREATE TRIGGER trg_by_hand AFTER INSERT ON audit_by_hand BEGIN SELECT 1; END");
        }
        String url = migratedTarget(revs, "head");
        try (Connection pg = PgFixture.connect(url); Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE audit_by_hand (msg TEXT)");    // the table is there, its trigger is not
        }
        CopyResult r = Retort.copy(options(db, url).build(), l -> { });
        List<String> notes = r.notes().stream().filter(n -> n.contains("by_hand")).toList();
        assertEquals(List.of("trigger trg_by_hand is in the source but not in the target; not copied (the target has the views"
                + " and triggers its revisions make): create it on PostgreSQL if the application needs it",
                "view v_by_hand is in the source but not in the target; not copied (the target has the views and"
                + " triggers its revisions make): create it on PostgreSQL if the application needs it"), notes);
    }

    @Test
    void anEmptyTargetWithoutItsRevisionsSaysWhereTheyWereLookedFor() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        Path missing = tmp.resolve("no-such-dir");
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(options(db, PgFixture.newDatabase()).revisions(missing).build(), l -> { }));
        String m = e.getMessage();
        assertTrue(m.contains("there is no revisions directory " + missing) && m.contains("--revisions DIR")
                && m.contains("start the application once against the target"), m);
        assertFalse(m.contains("'init' command") || m.contains(".."), m);
        assertEquals(1, count(m, "Nothing was changed"), m);
    }

    @Test
    void pythonRevisionsOnAnEmptyTargetAreRefusedBeforeAnythingIsSaidAboutCreatingIt() throws Exception {
        Path revs = Files.createDirectories(tmp.resolve("alembic"));
        Files.writeString(revs.resolve("1f2e3d4c5b6a_init.py"), """
                \"""init

                Revision ID: 1f2e3d4c5b6a
                Revises:
                Create Date: 2025-01-01 00:00:00.000000

                \"""
                from alembic import op
                import sqlalchemy as sa

                revision = '1f2e3d4c5b6a'
                down_revision = None
                branch_labels = None
                depends_on = None


                def upgrade():
                    op.create_table('t', sa.Column('id', sa.Integer, primary_key=True))


                def downgrade():
                    op.drop_table('t')
                """);
        Path db = tmp.resolve("app.db");
        sqlite(db, "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL PRIMARY KEY)",
                "INSERT INTO alembic_version VALUES ('1f2e3d4c5b6a')", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        String url = PgFixture.newDatabase();
        List<String> log = new ArrayList<>();
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(options(db, url).revisions(revs).build(), log::add));
        String m = e.getMessage();
        assertTrue(m.contains("Alembic Python files (1f2e3d4c5b6a_init.py)")
                && m.contains("alembic upgrade 1f2e3d4c5b6a against the target"), m);
        assertEquals(1, count(m, "Nothing was changed"), m);
        assertTrue(log.stream().noneMatch(l -> l.contains("Creating the target's schema")), log.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of(), tables(pg));
        }
    }

    @Test
    void aSourceThatIsNoDatabaseIsAUsageErrorNamingThePath() throws Exception {
        String url = "postgresql://nobody@localhost:1/none"; // never reached
        Path empty = Files.createFile(tmp.resolve("empty.db"));
        RetortException e = assertThrows(RetortException.class, () -> Retort.copy(options(empty, url).build(), l -> { }));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(empty + " is empty (0 bytes)") && e.getMessage().contains("Is this the"
                + " right file?"), e.getMessage());

        Path text = Files.writeString(tmp.resolve("notes.db"), "just some text, long enough to be read as a header");
        e = assertThrows(RetortException.class, () -> Retort.copy(options(text, url).build(), l -> { }));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(text + " is not a SQLite database"), e.getMessage());

        Path dir = Files.createDirectories(tmp.resolve("data"));
        e = assertThrows(RetortException.class, () -> Retort.copy(options(dir, url).build(), l -> { }));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(dir + " is a directory, not a SQLite database"), e.getMessage());

        Path tablesNone = tmp.resolve("fresh.db");
        sqlite(tablesNone, "PRAGMA user_version = 1"); // a valid database without tables
        e = assertThrows(RetortException.class, () -> Retort.copy(options(tablesNone, PgFixture.newDatabase()).build(),
                l -> { }));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(tablesNone + " holds no tables. Is this the right file?"),
                e.getMessage());
    }

    @Test
    void aHotJournalSaysHowToRecoverAndTheSourceIsNotWritten() throws Exception {
        Path live = tmp.resolve("live.db");
        sqlite(live, "PRAGMA journal_mode = DELETE", "CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)"
                        + " INSERT INTO t SELECT i, hex(randomblob(100)) FROM n");
        Path crashed = Files.createDirectories(tmp.resolve("crashed")).resolve("app.db");
        // a write transaction in progress, its files copied as a crash leaves them: a hot journal
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + live)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // spill: the database file changes, the journal holds the old pages
                st.execute("PRAGMA cache_size = 1");
                st.execute("UPDATE t SET v = 'changed'");
            }
            Files.copy(live, crashed);
            Files.copy(SourceWatch.sibling(live, "-journal"), SourceWatch.sibling(crashed, "-journal"));
            c.rollback();
        }
        String hash = sha256(crashed);
        RetortException e = assertThrows(RetortException.class,
                () -> Retort.copy(options(crashed, PgFixture.newDatabase()).build(), l -> { }));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().startsWith(crashed + " has a hot journal (app.db-journal) left by a crash")
                && e.getMessage().contains("the copy never writes to the source")
                && e.getMessage().contains("sqlite3 " + crashed + " 'PRAGMA quick_check;'"), e.getMessage());
        assertEquals(hash, sha256(crashed));
        // the remedy works: sqlite3 rolls the journal back, and the copy can read the file
        Process p = new ProcessBuilder("sqlite3", crashed.toString(), "PRAGMA quick_check;").start();
        assertEquals(0, p.waitFor());
        try (SqliteSource s = SqliteSource.open(crashed, 1000, l -> { })) {
            assertEquals(2000, s.count("t"));
        }
    }
}
