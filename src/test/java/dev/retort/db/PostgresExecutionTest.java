package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Running revisions on a real PostgreSQL: transactions, failures, locks, version table options. */
class PostgresExecutionTest {
    @TempDir
    Path tmp;
    String url;

    @BeforeEach
    void database() {
        url = PgFixture.newDatabase();
    }

    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = PgFixture.connect(url); ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> tables() throws SQLException {
        return query("SELECT table_schema || '.' || table_name FROM information_schema.tables"
                + " WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1");
    }

    private Path revisions(String... files) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("rev"));
        for (int i = 0; i < files.length; i += 2) {
            Files.writeString(dir.resolve(files[i]), files[i + 1]);
        }
        return dir;
    }

    private static String rev(String id, String down, String up, String extraHeader) {
        return "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + down + "\n" + extraHeader
                + "\n-- retort:upgrade\n" + up + "\n\n-- retort:downgrade\n";
    }

    @Test
    void demoRevisionsUpgradeAndDowngradeCompletely() throws SQLException {
        Cli cli = new Cli(url, Path.of("revisions"));
        cli.ok("upgrade", "heads");
        assertEquals(List.of("427f4a922bb6"), query("SELECT version_num FROM alembic_version"));
        assertTrue(tables().contains("public.users"));
        assertEquals("427f4a922bb6 (head)\n", cli.ok("current"));
        cli.ok("downgrade", "base");
        assertEquals(List.of("public.alembic_version", "public.retort_history"), tables());
    }

    @Test
    void failingThirdStatementLeavesThePreviousRevision() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", ""),
                "b.sql", rev("b", "a", "CREATE TABLE b1 (x int);\nCREATE TABLE b2 (x int);\nSELECT 1/0;", "")));
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("Revision b (") && r.err().contains("b.sql, line 9") && r.err().contains("division"),
                r.err());
        assertEquals(List.of("a"), query("SELECT version_num FROM alembic_version"));
        assertEquals(List.of("public.alembic_version", "public.retort_history", "public.ta"), tables());
    }

    @Test
    void singleTransactionRollsBackTheWholeRun() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", ""),
                "b.sql", rev("b", "a", "SELECT 1/0;", "")));
        assertEquals(1, cli.run("--single-transaction", "upgrade", "head").exit());
        assertEquals(List.of(), tables(), "nothing is left, not even the version table (as Alembic on PostgreSQL)");
    }

    @Test
    void concurrentIndexRunsOutsideATransaction() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", ""),
                "b.sql", rev("b", "a", "CREATE INDEX CONCURRENTLY ix_ta ON ta (x);", "")));
        cli.ok("upgrade", "head");
        assertEquals(List.of("b"), query("SELECT version_num FROM alembic_version"));
        assertEquals(List.of("ix_ta"), query("SELECT indexname FROM pg_indexes WHERE tablename = 'ta'"));
    }

    /** Only the statement that must runs outside the transaction: what follows it rolls back with a failure. */
    @Test
    void onlyTheConcurrentIndexRunsOutsideTheRevisionsTransaction() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", ""),
                "b.sql", rev("b", "a", "CREATE TABLE tb (y int);\nCREATE INDEX CONCURRENTLY ix_ta ON ta (x);\n"
                        + "CREATE TABLE tc (z int);\nINSERT INTO ta VALUES ('not a number');", "")));
        Cli.Result r = cli.run("upgrade", "head");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().contains("(line(s) 7, 8)"), r.err());
        assertEquals(List.of("a"), query("SELECT version_num FROM alembic_version"));
        assertEquals(List.of("public.alembic_version", "public.retort_history", "public.ta", "public.tb"), tables(),
                "tc rolled back with the failing INSERT");
        assertEquals(List.of("ix_ta"), query("SELECT indexname FROM pg_indexes WHERE tablename = 'ta'"));
    }

    /** PostgreSQL keeps the INVALID index of a failed concurrent build: said, with how to drop it. */
    @Test
    void aFailedConcurrentIndexBuildSaysTheInvalidIndexItLeft() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);\nINSERT INTO ta VALUES (1), (1);", ""),
                "b.sql", rev("b", "a", "CREATE UNIQUE INDEX CONCURRENTLY \"Ix_Ta\" ON ta (x);", ""),
                "c.sql", rev("c", "b", "CREATE UNIQUE INDEX CONCURRENTLY ON public.ta (x);", "")));
        Cli.Result named = cli.run("upgrade", "head");
        assertEquals(1, named.exit(), named.err());
        assertTrue(named.err().contains("could not create unique index") && named.err().contains("The failed CREATE INDEX"
                + " CONCURRENTLY left the index \"Ix_Ta\" behind, INVALID (PostgreSQL keeps it; run again, the statement"
                + " fails on its name or, unnamed, leaves another): DROP INDEX CONCURRENTLY \"Ix_Ta\" before the revision"
                + " runs again."), named.err());
        try (Connection c = PgFixture.connect(url)) {
            c.createStatement().execute("DROP INDEX \"Ix_Ta\"");
            c.createStatement().execute("DELETE FROM ta");
            c.createStatement().execute("INSERT INTO ta VALUES (2), (2)");
        }
        cli.ok("stamp", "b");
        Cli.Result unnamed = cli.run("upgrade", "head");
        assertTrue(unnamed.err().contains("left the index ta_x_idx behind, INVALID"), unnamed.err());
        cli.ok("stamp", "c");
        Cli.Result plain = new Cli(url, revisions("d.sql", rev("d", "c", "SELECT 1/0;", ""))).run("upgrade", "head");
        assertTrue(plain.err().contains("division by zero"), plain.err());
        assertFalse(plain.err().contains("INVALID"), plain.err());
    }

    @Test
    void versionTableNameAndSchemaAreHonoured() throws Exception {
        try (Connection c = PgFixture.connect(url)) {
            c.createStatement().execute("CREATE SCHEMA ops");
        }
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", "")));
        cli.ok("--version-table", "myver", "--version-table-schema", "ops", "upgrade", "head");
        assertEquals(List.of("a"), query("SELECT version_num FROM ops.myver"));
        assertEquals(List.of("myver_pkc"), query("SELECT constraint_name FROM information_schema.table_constraints"
                + " WHERE table_schema = 'ops' AND table_name = 'myver' AND constraint_type = 'PRIMARY KEY'"));
        assertEquals("a (head)\n", cli.ok("--version-table", "myver", "--version-table-schema", "ops", "current"));
        Cli.Result missing = cli.run("--version-table-schema", "vers", "upgrade", "head");
        assertEquals(1, missing.exit());
        assertTrue(missing.err().contains("The version table's schema 'vers' does not exist: create it first")
                && missing.err().contains("Nothing was changed."), missing.err());
    }

    @Test
    void lockTimeoutNamesTheHolder() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", "")));
        try (Connection blocker = PgFixture.connect(url)) {
            blocker.createStatement().execute("SET application_name = 'blocker'");
            try (PreparedStatement ps = blocker.prepareStatement("SELECT pg_advisory_lock(?)")) {
                ps.setLong(1, AdvisoryLock.key(new VersionTable("alembic_version", null, Dialect.POSTGRESQL)));
                ps.execute();
            }
            long t0 = System.nanoTime();
            Cli.Result r = cli.run("--lock-timeout", "1", "upgrade", "head");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("Timed out after 1 s waiting for the migration lock on alembic_version")
                    && r.err().contains("application_name 'blocker'") && r.err().contains("pid "), r.err());
            assertTrue((System.nanoTime() - t0) / 1e9 < 30, "gave up near the timeout");
        }
        assertFalse(tables().contains("public.ta"), "nothing ran without the lock");
        cli.ok("upgrade", "head");
        assertTrue(tables().contains("public.ta"));
    }

    @Test
    void offlineSqlHasAlembicsPostgresLayout() throws Exception {
        Cli cli = new Cli(url, revisions("a.sql", rev("a", "", "CREATE TABLE ta (x int);", ""),
                "b.sql", rev("b", "a", "CREATE INDEX CONCURRENTLY ix_ta ON ta (x);", "")));
        assertEquals("BEGIN;\n\nCREATE TABLE alembic_version (\n    version_num VARCHAR(32) NOT NULL, \n"
                + "    CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)\n);\n\n"
                + "-- Running upgrade  -> a\n\nCREATE TABLE ta (x int);\n\n"
                + "INSERT INTO alembic_version (version_num) VALUES ('a') RETURNING alembic_version.version_num;\n\n"
                + "-- Running upgrade a -> b\n\nCOMMIT;\n\nCREATE INDEX CONCURRENTLY ix_ta ON ta (x);\n\nBEGIN;\n\n"
                + "UPDATE alembic_version SET version_num='b' WHERE alembic_version.version_num = 'a';\n\n"
                + "COMMIT;\n\n", cli.ok("upgrade", "head", "--sql"));
        assertEquals(List.of(), tables(), "--sql does not touch the database");
    }
}
