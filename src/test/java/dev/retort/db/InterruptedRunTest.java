package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
        assertTrue(String.join("\n", err).contains("INTERRUPTED: retort was stopped before the command finished"),
                String.join("\n", err));
        assertEquals("a1\n", new Cli(tmp.resolve("app.db"), dir).ok("current"), "b2 rolled back");
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
