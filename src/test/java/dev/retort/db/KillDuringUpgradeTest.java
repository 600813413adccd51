package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.db.FaultRig.Db;
import dev.retort.db.FaultRig.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * journal, a dying PostgreSQL session), then an unkilled rerun (the CLI entry point, in-process)
 * that must reach head, running exactly the missing revisions.
 *
 * <p>Each dialect runs two lanes at once on separate databases (SQLite: one with the rollback
 * journal, one with WAL), to fit the time budget; the kill moments are measured per process.
 * {@code -Dretort.faults.iterations=N} (default 50) is the number of SIGKILLs per dialect;
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
        run("SQLite", revisions, List.of(Kind.SQLITE, Kind.SQLITE_WAL), SEED);
    }

    @Test
    void postgresqlKilledAtRandomMomentsAlwaysHoldsACompletedPrefix() throws Exception {
        Path revisions = FaultRig.writeChain(tmp.resolve("rev"), CHAIN, Dialect.POSTGRESQL);
        run("PostgreSQL", revisions, List.of(Kind.POSTGRESQL, Kind.POSTGRESQL), SEED + 100);
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
        int hotJournals;            // SQLite: a hot rollback journal, rolled back by the next reader
        int coldJournals;           // SQLite: a journal with an unsynced header (database file untouched)
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

        void add(Stats o) {
            sigkills += o.sigkills;
            completedBeforeKill += o.completedBeforeKill;
            killedInStartup += o.killedInStartup;
            killedInFirstRevision += o.killedInFirstRevision;
            killedInsideRevision += o.killedInsideRevision;
            killedBetweenRevisions += o.killedBetweenRevisions;
            killedAfterLastCommit += o.killedAfterLastCommit;
            hotJournals += o.hotJournals;
            coldJournals += o.coldJournals;
            walKills += o.walKills;
            episodes += o.episodes;
            reruns += o.reruns;
            maxKillsInEpisode = Math.max(maxKillsInEpisode, o.maxKillsInEpisode);
            maxSessionWaitMillis = Math.max(maxSessionWaitMillis, o.maxSessionWaitMillis);
            startupSumMillis += o.startupSumMillis;
            startupSamples += o.startupSamples;
            perRevisionSumMillis += o.perRevisionSumMillis;
            perRevisionSamples += o.perRevisionSamples;
        }
    }

    /** What one subprocess run did. */
    record Run(int exit, int lines, List<String> stderr, String plan) {
    }

    /**
     * Runs one lane per kind at the same time (each on its own databases, with its own random
     * sequence), together at least {@link #ITERATIONS} SIGKILLs, and prints the merged numbers.
     */
    private void run(String name, Path revisions, List<Kind> lanes, long seed) throws Exception {
        long t0 = System.nanoTime();
        int perLane = (ITERATIONS + lanes.size() - 1) / lanes.size();
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
        List<Future<Stats>> futures = new ArrayList<>();
        for (int i = 0; i < lanes.size(); i++) {
            int lane = i;
            futures.add(pool.submit(() -> lane(name, revisions, lanes.get(lane), lane, perLane,
                    new Random(seed + lane))));
        }
        pool.shutdown();
        Stats stats = new Stats();
        try {
            for (Future<Stats> f : futures) {
                stats.add(f.get());
            }
        } catch (ExecutionException e) {
            pool.shutdownNow();
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (Exception) e.getCause();
        }
        long secs = (System.nanoTime() - t0) / 1_000_000_000L;
        System.err.printf("[KillDuringUpgradeTest] %s: %d SIGKILLs (exit 137) in %d episodes on %d lanes at once (up to"
                        + " %d kills on one database before its rerun)%s: %d in JVM start-up, %d in the first revision"
                        + " (before any revision committed), %d mid-run inside a revision, %d mid-run between revisions,"
                        + " %d after the last commit; %d runs completed before their kill; %s%d unkilled reruns (CLI"
                        + " entry point, in-process) all reached head running exactly the missing revisions; after every"
                        + " kill the state was a completed prefix; start-up ~%.0f ms, ~%.1f ms per revision; seed %d;"
                        + " %d s%n",
                name, stats.sigkills, stats.episodes, lanes.size(), stats.maxKillsInEpisode,
                stats.walKills > 0 ? " (" + stats.walKills + " of them in WAL mode)" : "",
                stats.killedInStartup, stats.killedInFirstRevision, stats.killedInsideRevision,
                stats.killedBetweenRevisions, stats.killedAfterLastCommit, stats.completedBeforeKill,
                name.equals("SQLite") ? stats.hotJournals + " kills left a hot rollback journal (rolled back by the next"
                        + " reader), " + stats.coldJournals + " a journal with the database file untouched; "
                        : "longest wait for a killed run's session to end " + stats.maxSessionWaitMillis + " ms; ",
                stats.reruns, stats.startupEstimate(), stats.perRevisionEstimate(), seed, secs);
        assertTrue(stats.sigkills >= ITERATIONS);
    }

    private Stats lane(String name, Path revisions, Kind kind, int lane, int kills, Random rnd) throws Exception {
        Stats stats = new Stats();
        int fileNo = 0;
        Db db = null;
        Db pg = null;
        int k = 0;
        int killsInEpisode = 0;
        name = name + " lane " + lane;
        while (stats.sigkills < kills) {
            if (db == null) {
                if (kind == Kind.POSTGRESQL) {
                    pg = pg == null ? Db.postgres() : pg.reset(null); // one database, emptied per episode
                    db = pg;
                } else {
                    db = Db.sqlite(kind, tmp.resolve("lane" + lane + "-db" + fileNo++ + ".sqlite"));
                }
                stats.episodes++;
                k = 0;
                killsInEpisode = 0;
            }
            Run r = killedRun(db, revisions, CHAIN - k, rnd, stats);
            Path journal = db.file() == null ? null : db.file().resolveSibling(db.file().getFileName() + "-journal");
            long journalBefore = journal != null && Files.exists(journal) ? Files.size(journal) : -1;
            stats.maxSessionWaitMillis = Math.max(stats.maxSessionWaitMillis, db.awaitNoRetortSessions());
            int k1 = db.checkPrefix(CHAIN);
            long journalAfter = journal != null && Files.exists(journal) ? Files.size(journal) : -1;
            // a journal the next reader rolled back (and so deleted) was hot: the kill landed while the
            // commit was writing the database file; one left in place had an unsynced header (the
            // database file was untouched) and is simply overwritten by the next writer
            boolean hotJournal = journalBefore > 0 && journalAfter < 0;
            boolean coldJournal = journalBefore >= 0 && journalAfter >= 0;
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
                if (coldJournal) {
                    stats.coldJournals++;
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
        return stats;
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
        Path errFile = Files.createTempFile(tmp, "stderr", ".txt");
        // stderr goes to a file, followed by a thread: what the killed process wrote is all there
        Process p = FaultRig.java(db, revisions, "dev.retort.cli.Main", "upgrade", "head")
                .redirectError(errFile.toFile()).start();
        long start = System.nanoTime();
        AtomicInteger lines = new AtomicInteger();
        AtomicLong first = new AtomicLong();
        AtomicLong last = new AtomicLong();
        AtomicReference<ScheduledFuture<?>> kill = new AtomicReference<>();
        List<String> err = Collections.synchronizedList(new ArrayList<>());
        if (n == 0) {
            kill.set(timer.schedule(p::destroyForcibly, delayMicros, TimeUnit.MICROSECONDS));
        }
        Thread reader = FaultRig.follow(p, errFile, line -> {
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
        assertFalse(reader.isAlive(), "stderr not read to the end");
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

    /**
     * The rerun: the same command through the CLI's entry point ({@link dev.retort.cli.Main#run}),
     * in this JVM — it is not killed, so a fresh JVM would only add start-up time.
     */
    private Run plainRun(Db db, Path revisions) {
        Cli.Result r = new Cli(db.url, revisions).run("upgrade", "head");
        List<String> err = r.err().lines().toList();
        return new Run(r.exit(), (int) err.stream().filter(FaultRig::isRunningLine).count(), err, "rerun");
    }
}
