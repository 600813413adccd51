package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.db.FaultRig.Db;
import dev.retort.db.FaultRig.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL at random moments of a 50-revision {@code upgrade head} run as a real subprocess. After
 * every kill the database must hold exactly a completed prefix r001..rK of the chain (version row,
 * tables, indexes, rows, log — nothing of rK+1), and the progress lines the process printed must
 * agree with it (K grew by the number of "Running upgrade" lines, or one less when the kill landed
 * inside a revision). Runs are grouped in episodes on one database: a fresh database, one or more
 * killed runs in a row on it (so later kills hit a database a previous kill left behind — a hot
 * journal, a dying PostgreSQL session), then an unkilled rerun that must reach head, running
 * exactly the missing revisions.
 *
 * <p>{@code -Dretort.faults.iterations=N} (default 50) is the number of SIGKILLs per dialect;
 * {@code -Dretort.faults.seed=S} fixes the random kill moments.
 */
class KillDuringUpgradeTest {
    static final int CHAIN = 50;
    static final int ITERATIONS = Integer.getInteger("retort.faults.iterations", 50);
    static final long SEED = Long.getLong("retort.faults.seed", 20250607L);
    /** SIGKILL's exit status as Java reports it (128 + 9); a JVM ending on SIGTERM gives 143. */
    static final int SIGKILL_EXIT = 137;
    /** At most this share of the kills is aimed at JVM start-up. */
    static final double STARTUP_SHARE = 0.25;

    static ScheduledExecutorService timer;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startTimer() {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "killer");
            t.setDaemon(true);
            return t;
        });
    }

    @AfterAll
    static void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void sqliteKilledAtRandomMomentsAlwaysHoldsACompletedPrefix() throws Exception {
        Path revisions = FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.SQLITE);
        run("SQLite", revisions, List.of(Kind.SQLITE, Kind.SQLITE_WAL), new Random(SEED));
    }

    @Test
    void postgresqlKilledAtRandomMomentsAlwaysHoldsACompletedPrefix() throws Exception {
        Path revisions = FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.POSTGRESQL);
        run("PostgreSQL", revisions, List.of(Kind.POSTGRESQL), new Random(SEED + 1));
    }

    /** Counters of one dialect's run. */
    static final class Stats {
        int sigkills;
        int completedBeforeKill;
        int killedInStartup;        // no "Running upgrade" line yet, nothing applied by this run
        int killedInFirstRevision;  // first revision started, none committed
        int killedInsideRevision;   // mid-run, a revision started and was rolled back
        int killedBetweenRevisions; // mid-run, right after a commit
        int killedAfterLastCommit;  // head reached, process still running (closing)
        int hotJournals;            // SQLite rollback journal left by the kill
        int walKills;
        int episodes;
        int reruns;
        int maxKillsInEpisode;
        long maxSessionWaitMillis;
        long startupSumMillis;
        int startupSamples;
        double perRevisionSumMillis;
        int perRevisionSamples;

        double startupEstimate() {
            return startupSamples == 0 ? 600 : (double) startupSumMillis / startupSamples;
        }

        double perRevisionEstimate() {
            return perRevisionSamples == 0 ? 30 : perRevisionSumMillis / perRevisionSamples;
        }
    }

    /** What one subprocess run did. */
    record Run(int exit, int lines, List<String> stderr, String plan) {
    }

    private void run(String name, Path revisions, List<Kind> kinds, Random rnd) throws Exception {
        long t0 = System.nanoTime();
        Stats stats = new Stats();
        int fileNo = 0;
        Db db = null;
        Db pg = null;
        int k = 0;
        int killsInEpisode = 0;
        while (stats.sigkills < ITERATIONS) {
            if (db == null) {
                Kind kind = kinds.get(stats.episodes % kinds.size());
                if (kind == Kind.POSTGRESQL) {
                    pg = pg == null ? Db.postgres() : pg.reset(null); // one database, emptied per episode
                    db = pg;
                } else {
                    db = Db.sqlite(kind, tmp.resolve("db" + fileNo++ + ".sqlite"));
                }
                stats.episodes++;
                k = 0;
                killsInEpisode = 0;
            }
            Run r = killedRun(db, revisions, CHAIN - k, rnd, stats);
            boolean hotJournal = db.file() != null
                    && Files.exists(db.file().resolveSibling(db.file().getFileName() + "-journal"));
            stats.maxSessionWaitMillis = Math.max(stats.maxSessionWaitMillis, db.awaitNoRetortSessions());
            int k1 = db.checkPrefix(CHAIN);
            String what = name + " run from " + k + " (" + r.plan() + "): exit " + r.exit() + ", " + r.lines()
                    + " 'Running upgrade' lines, now at " + k1 + "\n" + String.join("\n", r.stderr());
            assertTrue(r.exit() == 0 || r.exit() == SIGKILL_EXIT, "neither finished nor SIGKILLed: " + what);
            assertFalse(r.stderr().stream().anyMatch(l -> l.contains("FAILED") || l.contains("Exception")), what);
            assertTrue(k1 >= k, "went backwards: " + what);
            int progress = k1 - k;
            assertTrue(progress <= r.lines() && r.lines() <= progress + 1,
                    "committed revisions disagree with the progress lines: " + what);
            if (r.exit() == 0) {
                stats.completedBeforeKill++;
                assertEquals(CHAIN, k1, what);
                assertEquals(CHAIN - k, r.lines(), what);
            } else {
                stats.sigkills++;
                killsInEpisode++;
                stats.maxKillsInEpisode = Math.max(stats.maxKillsInEpisode, killsInEpisode);
                if (db.kind == Kind.SQLITE_WAL) {
                    stats.walKills++;
                }
                if (hotJournal) {
                    stats.hotJournals++;
                }
                if (progress == 0) {
                    if (r.lines() == 0) {
                        stats.killedInStartup++;
                    } else {
                        stats.killedInFirstRevision++;
                    }
                } else if (k1 == CHAIN) {
                    stats.killedAfterLastCommit++;
                } else if (r.lines() > progress) {
                    stats.killedInsideRevision++;
                } else {
                    stats.killedBetweenRevisions++;
                }
            }
            k = k1;
            if (k == CHAIN) {
                db = null; // a new episode on a fresh database
            } else if (rnd.nextInt(3) == 0) {
                // rerun to head, unkilled: it must run exactly the missing revisions
                Run again = plainRun(db, revisions);
                stats.reruns++;
                String rerun = name + " rerun from " + k + ": exit " + again.exit() + "\n"
                        + String.join("\n", again.stderr());
                assertEquals(0, again.exit(), rerun);
                assertEquals(CHAIN, db.checkPrefix(CHAIN), rerun);
                assertEquals(CHAIN - k, again.lines(), rerun);
                db = null;
            }
            // else: kill again on the same database
        }
        if (db != null && k < CHAIN) {
            Run again = plainRun(db, revisions);
            stats.reruns++;
            assertEquals(0, again.exit(), String.join("\n", again.stderr()));
            assertEquals(CHAIN, db.checkPrefix(CHAIN));
            assertEquals(CHAIN - k, again.lines());
        }
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        System.err.printf("[KillDuringUpgradeTest] %s: %d SIGKILLs (exit 137) in %d episodes (up to %d kills on one"
                        + " database before its rerun)%s: %d in JVM start-up, %d in the first revision (before any"
                        + " revision committed), %d mid-run inside a revision, %d mid-run between revisions, %d after the"
                        + " last commit; %d runs completed before their kill; %s%d unkilled reruns all reached head"
                        + " running exactly the missing revisions; every state a completed prefix; start-up ~%.0f ms,"
                        + " ~%.1f ms per revision; seed %d; %d s%n",
                name, stats.sigkills, stats.episodes, stats.maxKillsInEpisode,
                stats.walKills > 0 ? " (" + stats.walKills + " of them in WAL mode)" : "",
                stats.killedInStartup, stats.killedInFirstRevision, stats.killedInsideRevision,
                stats.killedBetweenRevisions, stats.killedAfterLastCommit, stats.completedBeforeKill,
                name.equals("SQLite") ? stats.hotJournals + " kills left a hot rollback journal; "
                        : "longest wait for a killed run's session to end " + stats.maxSessionWaitMillis + " ms; ",
                stats.reruns, stats.startupEstimate(), stats.perRevisionEstimate(), SEED, secs);
        assertTrue(stats.sigkills >= ITERATIONS);
    }

    /**
     * Starts {@code upgrade head} and SIGKILLs it at a random moment of its expected life: during
     * JVM start-up (uniform over the measured time to the first progress line, +10%) with
     * probability start-up / (start-up + run) but at most {@link #STARTUP_SHARE} — start-up takes
     * most of the wall time and touches the database only at its very end — else at a random time
     * within one revision's duration after the Nth progress line, N uniform over the revisions still
     * to run (after the last one the window is doubled so that some kills land after the last commit
     * or miss the process).
     */
    private Run killedRun(Db db, Path revisions, int remaining, Random rnd, Stats stats) throws Exception {
        double startup = stats.startupEstimate();
        double perRev = stats.perRevisionEstimate();
        int n;
        long delayMicros;
        if (rnd.nextDouble() < Math.min(STARTUP_SHARE, startup / (startup + remaining * perRev))) {
            n = 0;
            delayMicros = (long) (rnd.nextDouble() * startup * 1.1 * 1000);
        } else {
            n = 1 + rnd.nextInt(remaining);
            delayMicros = (long) (rnd.nextDouble() * perRev * 1000 * (n == remaining ? 2 : 1));
        }
        String plan = n == 0 ? "kill " + delayMicros / 1000 + " ms after start"
                : "kill " + delayMicros / 1000 + " ms after progress line " + n;
        Process p = FaultRig.java(db, revisions, "dev.retort.cli.Main", "upgrade", "head").start();
        long start = System.nanoTime();
        AtomicInteger lines = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicReference<ScheduledFuture<?>> kill = new AtomicReference<>();
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        if (n == 0) {
            kill.set(timer.schedule(p::destroyForcibly, delayMicros, TimeUnit.MICROSECONDS));
        }
        Thread reader = FaultRig.drain(p, line -> {
            err.add(line);
            if (FaultRig.isRunningLine(line)) {
                long now = System.nanoTime();
                int c = lines.incrementAndGet();
                if (c == 1) {
                    first.set(now);
                }
                last.set(now);
                if (c == n) {
                    kill.set(timer.schedule(p::destroyForcibly, delayMicros, TimeUnit.MICROSECONDS));
                }
            }
        });
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("upgrade did not end in 120 s: " + err);
        }
        reader.join(10_000);
        ScheduledFuture<?> f = kill.get();
        if (f != null) {
            f.cancel(false);
        }
        int c = lines.get();
        if (c >= 1) {
            stats.startupSumMillis += (first.get() - start) / 1_000_000;
            stats.startupSamples++;
        }
        if (c >= 2) {
            stats.perRevisionSumMillis += (last.get() - first.get()) / 1e6 / (c - 1);
            stats.perRevisionSamples++;
        }
        return new Run(p.exitValue(), c, new ArrayList<>(err), plan);
    }

    private Run plainRun(Db db, Path revisions) throws Exception {
        Process p = FaultRig.java(db, revisions, "dev.retort.cli.Main", "upgrade", "head").start();
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger lines = new AtomicInteger();
        Thread reader = FaultRig.drain(p, line -> {
            err.add(line);
            if (FaultRig.isRunningLine(line)) {
                lines.incrementAndGet();
            }
        });
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("rerun did not end in 120 s: " + err);
        }
        reader.join(10_000);
        return new Run(p.exitValue(), lines.get(), new ArrayList<>(err), "rerun");
    }
}
