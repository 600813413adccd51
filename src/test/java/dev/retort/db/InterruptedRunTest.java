package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (here SIGTERM, as kill sends it) during an upgrade: a line that says so, and the revision rolled back. */
class InterruptedRunTest {
    @TempDir
    Path tmp;

    @Test
    void aStoppedUpgradeSaysSoAndLeavesTheRevisionOut() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        Cli.revision(dir, "b2", "a1", "CREATE TABLE big AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1"
                + " FROM c WHERE x < 300000000) SELECT x FROM c;", "DROP TABLE big;");
        FaultRig.Db db = FaultRig.Db.sqlite(FaultRig.Kind.SQLITE, tmp.resolve("app.db"));
        Path errFile = tmp.resolve("stderr.txt");
        Process p = FaultRig.java(db, dir, "dev.retort.cli.Main", "upgrade", "head")
                .redirectError(errFile.toFile()).start();
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch running = new CountDownLatch(1);
        Thread reader = FaultRig.follow(p, errFile, line -> {
            err.add(line);
            if (line.contains("Running upgrade a1 -> b2")) {
                running.countDown();
            }
        });
        assertTrue(running.await(60, TimeUnit.SECONDS), "b2 started: " + err);
        Thread.sleep(300);
        p.destroy();    // SIGTERM
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        reader.join(10_000);
        String all = String.join("\n", err);
        assertTrue(all.contains("INTERRUPTED: retort was stopped before the command finished"), all);
        // SQLite's running statement is interrupted: the run fails, rolls back and cleans up as for any error
        assertTrue(all.contains("FAILED: ") && all.contains("b2") && all.contains("interrupted"), all);
        assertFalse(Files.exists(tmp.resolve("app.db-journal")), "the journal is removed as after any failure");
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        assertEquals("a1\n", cli.ok("current"), "b2 rolled back");
        assertTrue(cli.ok("history", "--applied").lines().anyMatch(l -> l.contains("b2") && l.contains("FAILED")),
                cli.ok("history", "--applied"));
    }

    /**
     * On PostgreSQL the server goes on with a statement whose client is gone, holding its locks: the
     * stop cancels it, so the lock is free at once and the revision is rolled back and recorded as failed.
     */
    @Test
    void aStoppedUpgradeOnPostgresqlCancelsTheRunningStatement() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("pg"));
        Cli.revision(dir, "a1", "", "CREATE TABLE t (id INTEGER);", "DROP TABLE t;");
        Cli.revision(dir, "b2", "a1", "ALTER TABLE t ADD COLUMN c INTEGER;\nSELECT pg_sleep(120);", "");
        FaultRig.Db db = FaultRig.Db.postgres();
        Path errFile = tmp.resolve("pg-stderr.txt");
        Process p = FaultRig.java(db, dir, "dev.retort.cli.Main", "upgrade", "head")
                .redirectError(errFile.toFile()).start();
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            assertTrue(waitFor(st, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep%'", 1),
                    "b2 reached its pg_sleep");
            p.destroy();    // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(errFile);
            assertTrue(err.contains("INTERRUPTED: retort was stopped"), err);
            // the stop's cancel is said as a stop, as on SQLite, not as the server's "canceling statement"
            assertTrue(err.contains("interrupted: retort was stopped (Ctrl-C or kill)"), err);
            // no session of retort's is left on the server (the cancelled one ended with the process)
            assertTrue(waitFor(st, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'retort'", 0), err);
            st.execute("SET lock_timeout = '1s'");
            c.setAutoCommit(false);
            st.execute("LOCK TABLE t IN ACCESS EXCLUSIVE MODE");    // fails with a lock timeout if b2 still ran
            c.rollback();
            c.setAutoCommit(true);
            assertEquals(List.of(), columns(st, "c"), "b2 rolled back");
        }
        assertEquals("a1\n", new Cli(db.url, dir).ok("current"));
        // the history keeps the server's own words
        assertTrue(new Cli(db.url, dir).ok("history", "--applied").contains("canceling statement"));
    }

    /**
     * A copy stopped while its COPY runs is said as a stop, never as the server's "canceling statement"
     * with its Where line (which quotes the row's values, application data), and the target stays empty.
     */
    @Test
    void aStoppedCopySaysSoWithoutTheRowsValuesAndLeavesTheTargetEmpty() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("copy-revs"));
        Cli.revision(dir, "a1", "", "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT NOT NULL);", "DROP TABLE big;");
        Path source = tmp.resolve("source.db");
        new Cli(source, dir).ok("upgrade", "head");
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + source);
             java.sql.Statement st = c.createStatement()) {
            st.execute("INSERT INTO big (v) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n"
                    + " WHERE x < 3000000) SELECT 'private-value-' || x FROM n");
        }
        FaultRig.Db target = FaultRig.Db.postgres();
        Path errFile = tmp.resolve("copy-stderr.txt");
        Process p = FaultRig.java(FaultRig.Db.sqlite(FaultRig.Kind.SQLITE, source), dir, "dev.retort.cli.Main",
                "copy", "--from", "sqlite:///" + source, "--to", target.url).redirectError(errFile.toFile()).start();
        try (java.sql.Connection c = target.connect(); java.sql.Statement st = c.createStatement()) {
            assertTrue(waitFor(st, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'COPY %'"
                    + " AND state = 'active'", 1), "the copy reached its COPY: " + Files.readString(errFile));
            p.destroy();    // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            String err = Files.readString(errFile);
            assertTrue(err.contains("FAILED: The copy was interrupted: retort was stopped (Ctrl-C or kill). Nothing"
                    + " was changed on the target (rolled back)."), err);
            assertFalse(err.contains("canceling statement") || err.contains("private-value"), err);
            try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.tables"
                    + " WHERE table_schema = 'public'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the target has no table: " + err);
            }
        }
    }

    private static boolean waitFor(java.sql.Statement st, String countQuery, int expected) throws Exception {
        for (int i = 0; i < 300; i++) {
            try (java.sql.ResultSet rs = st.executeQuery(countQuery)) {
                rs.next();
                if (rs.getInt(1) == expected) {
                    return true;
                }
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static List<String> columns(java.sql.Statement st, String name) throws Exception {
        List<String> out = new ArrayList<>();
        try (java.sql.ResultSet rs = st.executeQuery("SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = 't' AND column_name = '" + name + "'")) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    /** check --schema stopped while it replays the revisions on its temporary database: that database goes too. */
    @Test
    void aStoppedDriftCheckDropsItsScratchDatabase() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("slow-on-scratch"));
        Cli.revision(dir, "a1", "", "CREATE TABLE t (id INTEGER);\nDO $$ BEGIN IF current_database() LIKE"
                + " 'retort_scratch_%' THEN PERFORM pg_sleep(120); END IF; END $$;", "DROP TABLE t;");
        FaultRig.Db db = FaultRig.Db.postgres();
        new Cli(db.url, dir).ok("upgrade", "head");
        Process p = FaultRig.java(db, dir, "dev.retort.cli.Main", "check", "--schema")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String scratch = null;
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement()) {
            for (int i = 0; i < 300 && scratch == null; i++) {
                try (java.sql.ResultSet rs = st.executeQuery("SELECT datname FROM pg_stat_activity WHERE datname"
                        + " LIKE 'retort_scratch_%' AND query LIKE '%pg_sleep%'")) {
                    scratch = rs.next() ? rs.getString(1) : null;
                }
                Thread.sleep(100);
            }
            assertTrue(scratch != null, "the replay reached its pg_sleep");
            p.destroy();    // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            try (java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_database WHERE datname = '"
                    + scratch + "'")) {
                rs.next();
                assertEquals(0, rs.getInt(1), scratch + " was left on the server");
            }
        }
    }
}
