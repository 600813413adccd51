package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.db.FaultRig.Db;
import dev.retort.db.FaultRig.Kind;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight processes run {@code upgrade head} on one database at the same moment (each started, past
 * JVM start-up, then released together through its stdin): every one must exit 0 without "database
 * is locked" or FAILED, and every revision must have run exactly once — the log table holds each
 * id once, in order, and the "Running upgrade" lines of all processes add up to the chain. On
 * SQLite with the default rollback journal and with WAL, and on PostgreSQL. Plus SQLite's lock
 * timeout: a writer that holds the lock makes {@code --lock-timeout 1} fail cleanly, changing
 * nothing, and one that lets go in time is waited for.
 *
 * <p>{@code -Dretort.faults.rounds=N} (default 3) and {@code -Dretort.faults.processes=N} (default 8).
 */
class ConcurrentUpgradeTest {
    static final int CHAIN = 40;
    static final int ROUNDS = Integer.getInteger("retort.faults.rounds", 3);
    static final int PROCESSES = Integer.getInteger("retort.faults.processes", 8);

    @TempDir
    Path tmp;

    @Test
    void sqliteRollbackJournal() throws Exception {
        rounds(Kind.SQLITE, FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.SQLITE));
    }

    @Test
    void sqliteWal() throws Exception {
        rounds(Kind.SQLITE_WAL, FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.SQLITE));
    }

    @Test
    void postgresql() throws Exception {
        rounds(Kind.POSTGRESQL, FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.POSTGRESQL));
    }

    private void rounds(Kind kind, Path revisions) throws Exception {
        long t0 = System.nanoTime();
        int exits0 = 0;
        int duplicates = 0;
        int replans = 0;
        int waits = 0;
        List<String> perRound = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            Db db = kind == Kind.POSTGRESQL ? Db.postgres() : Db.sqlite(kind, tmp.resolve("round" + round + ".sqlite"));
            List<FaultRig.Proc> ps = new ArrayList<>();
            List<List<String>> errs = new ArrayList<>();
            CountDownLatch ready = new CountDownLatch(PROCESSES);
            for (int i = 0; i < PROCESSES; i++) {
                ProcessBuilder pb = FaultRig.java(db, revisions, StartTogether.class.getName(), "upgrade", "head");
                List<String> err = Collections.synchronizedList(new ArrayList<>());
                ps.add(FaultRig.start(pb, tmp.resolve("round" + round + "-" + kind + "-" + i + ".err"), line -> {
                    if (line.equals("READY")) {
                        ready.countDown();
                    } else {
                        err.add(line);
                    }
                }));
                errs.add(err);
            }
            assertTrue(ready.await(120, TimeUnit.SECONDS), "the processes did not start");
            long released = System.nanoTime();
            for (FaultRig.Proc p : ps) {
                OutputStream in = p.process().getOutputStream();
                in.write('\n');
                in.flush();
            }
            for (FaultRig.Proc p : ps) {
                p.process().getOutputStream().close();
            }
            List<Integer> exits = new ArrayList<>();
            List<Integer> ran = new ArrayList<>();
            int total = 0;
            for (int i = 0; i < PROCESSES; i++) {
                exits.add(ps.get(i).await(180));
                int n = (int) errs.get(i).stream().filter(FaultRig::isRunningLine).count();
                ran.add(n);
                total += n;
                replans += (int) errs.get(i).stream().filter(l -> l.contains("planning again")).count();
                waits += (int) errs.get(i).stream().filter(l -> l.contains("Waiting for the migration lock")).count();
            }
            long millis = (System.nanoTime() - released) / 1_000_000;
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < PROCESSES; i++) {
                all.append("--- process ").append(i).append(" exit ").append(exits.get(i)).append('\n')
                        .append(String.join("\n", errs.get(i))).append('\n');
            }
            String context = kind.label + " round " + round + ":\n" + all;
            for (int i = 0; i < PROCESSES; i++) {
                for (String line : errs.get(i)) {
                    assertFalse(line.contains("database is locked") || line.contains("FAILED")
                            || line.contains("Exception"), context);
                }
                assertEquals(0, exits.get(i), context);
                exits0++;
            }
            int dup = duplicates(db);
            duplicates += dup;
            assertEquals(0, dup, "revisions ran more than once: " + context);
            assertEquals(CHAIN, db.checkPrefix(CHAIN), context);
            assertEquals(CHAIN, total, "the processes' 'Running upgrade' lines do not add up to the chain: " + context);
            long runners = ran.stream().filter(n -> n > 0).count();
            perRound.add(millis + " ms, revisions per process " + ran + " (" + runners + " ran some)");
        }
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        System.err.printf("[ConcurrentUpgradeTest] %s: %d rounds x %d processes released together on a %d-revision"
                        + " chain: %d/%d exited 0, no 'database is locked' or FAILED, %d revisions run twice, version"
                        + " row at head, log complete and in order every round; %d re-plans, %d waits for the advisory"
                        + " lock announced; rounds: %s; %d s%n",
                kind.label, ROUNDS, PROCESSES, CHAIN, exits0, ROUNDS * PROCESSES, duplicates, replans, waits,
                String.join("; ", perRound), secs);
    }

    private static int duplicates(Db db) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM (SELECT rev FROM log GROUP BY rev"
                     + " HAVING count(*) > 1) AS d")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // ------------------------------------------------------------------ SQLite lock timeout

    @Test
    void sqliteLockTimeout() throws Exception {
        Path revisions = FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.SQLITE);
        List<String> summary = new ArrayList<>();
        for (Kind kind : List.of(Kind.SQLITE, Kind.SQLITE_WAL)) {
            Db db = Db.sqlite(kind, tmp.resolve("lock-" + kind + ".sqlite"));
            if (kind == Kind.SQLITE_WAL) {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    st.execute("PRAGMA journal_mode=WAL");
                }
            }
            Cli cli = new Cli(db.url, revisions);
            cli.ok("upgrade", "r005");
            assertEquals(5, db.checkPrefix(CHAIN));
            double inProcess;
            double subprocess;
            try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("CREATE TABLE held_by_blocker (x INTEGER)");

                // in-process: the wait itself, without JVM start-up
                long t0 = System.nanoTime();
                Cli.Result r = cli.run("--lock-timeout", "1", "upgrade", "head");
                inProcess = (System.nanoTime() - t0) / 1e9;
                checkTimedOut(kind, db, r.exit(), r.err());
                // once, not twice: after the failed BEGIN, sqlite-jdbc's rollback() began (and waited) again
                assertTrue(inProcess >= 0.9 && inProcess < 1.8, kind.label + ": gave up after " + inProcess + " s");

                // a real process: exit status 1
                t0 = System.nanoTime();
                List<String> err = Collections.synchronizedList(new ArrayList<>());
                int exit = FaultRig.start(FaultRig.java(db, revisions, "dev.retort.cli.Main", "--lock-timeout", "1",
                        "upgrade", "head"), tmp.resolve("lock-" + kind + ".err"), err::add).await(60);
                subprocess = (System.nanoTime() - t0) / 1e9;
                checkTimedOut(kind, db, exit, String.join("\n", err) + "\n");
                assertTrue(subprocess < 15, kind.label + ": the process took " + subprocess + " s");
                st.execute("ROLLBACK");
            }
            assertEquals(5, db.checkPrefix(CHAIN), "nothing changed while the lock was held");

            // a writer that lets go within the timeout is waited for
            double waited;
            try (Connection blocker = db.connect(); Statement st = blocker.createStatement()) {
                st.execute("BEGIN IMMEDIATE");
                st.execute("CREATE TABLE held_by_blocker (x INTEGER)");
                Thread release = new Thread(() -> {
                    try {
                        Thread.sleep(1500);
                        st.execute("ROLLBACK");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long t0 = System.nanoTime();
                release.start();
                Cli.Result r = cli.run("--lock-timeout", "10", "upgrade", "r010");
                waited = (System.nanoTime() - t0) / 1e9;
                release.join();
                assertEquals(0, r.exit(), r.err());
                assertTrue(waited >= 1.4 && waited < 10, kind.label + ": waited " + waited + " s");
            }
            assertEquals(10, db.checkPrefix(CHAIN));

            // released: a rerun, as a process, reaches head
            List<String> err = Collections.synchronizedList(new ArrayList<>());
            int exit = FaultRig.start(FaultRig.java(db, revisions, "dev.retort.cli.Main", "--lock-timeout", "1",
                    "upgrade", "head"), tmp.resolve("rerun-" + kind + ".err"), err::add).await(60);
            assertEquals(0, exit, String.join("\n", err));
            assertEquals(CHAIN, db.checkPrefix(CHAIN));
            summary.add(String.format("%s: --lock-timeout 1 against a held write lock failed with exit 1 after %.2f s"
                    + " in-process (%.2f s as a process, JVM start-up included), nothing changed; a writer that let"
                    + " go after 1.5 s was waited for (%.2f s) and the upgrade succeeded; the rerun reached head",
                    kind.label, inProcess, subprocess, waited));
        }
        System.err.println("[ConcurrentUpgradeTest] lock timeout: " + String.join("; ", summary));
    }

    private static void checkTimedOut(Kind kind, Db db, int exit, String err) throws Exception {
        String context = kind.label + ":\n" + err;
        assertEquals(1, exit, context);
        assertTrue(err.startsWith("FAILED: Timed out after 1 s waiting for another writer on " + db.url
                + " (SQLite: database is locked). Another migration is probably running; wait for it, or raise"
                + " the lock timeout (--lock-timeout; lockTimeoutMillis(...) in Java; retort.lock-timeout in Spring"
                + " Boot). The database is at revision r005.\n"), context);
        assertEquals(1, err.lines().count(), "one line, no stack trace: " + context);
    }
}
