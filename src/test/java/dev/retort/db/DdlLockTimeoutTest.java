package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lock-safe DDL on a real PostgreSQL: a session holds ACCESS SHARE on {@code t} for 8 s while other
 * sessions keep querying {@code t}, and {@code upgrade head} runs {@code ALTER TABLE t ADD COLUMN c
 * int}. With a 1 s DDL lock timeout the ALTER gives up after 1 s, so no query waits much longer,
 * and the revision is retried until it gets the lock; with 0 (off, Alembic's behaviour) every
 * query queues behind the waiting ALTER for the rest of the 8 s. The bounds are loose (the
 * machine is shared); the measured worst waits are printed.
 */
class DdlLockTimeoutTest {
    private static final long HOLD_MILLIS = 8_000;

    @TempDir
    Path tmp;

    private record Outcome(Cli.Result upgrade, long worstWaitMillis, String url) {
    }

    private Outcome run(String ddlLockTimeout) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions-" + ddlLockTimeout));
        write(dir, "a", "", "CREATE TABLE t (id int);\nINSERT INTO t SELECT generate_series(1, 100);");
        write(dir, "b", "a", "ALTER TABLE t ADD COLUMN c int;");
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, dir);
        cli.ok("upgrade", "a");

        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong worst = new AtomicLong();
        List<Thread> queriers = new ArrayList<>();
        try (Connection holder = holdAccessShare(url)) {
            long holdUntil = System.nanoTime() + HOLD_MILLIS * 1_000_000;
            for (int i = 0; i < 3; i++) {
                Thread q = new Thread(() -> query(url, stop, worst));
                q.start();
                queriers.add(q);
            }
            Thread.sleep(300);
            Cli.Result[] upgrade = new Cli.Result[1];
            Thread migrate = new Thread(() -> upgrade[0] = cli.run("--ddl-lock-timeout", ddlLockTimeout, "upgrade",
                    "head"));
            migrate.start();
            Thread.sleep(Math.max(0, (holdUntil - System.nanoTime()) / 1_000_000));
            holder.commit();
            migrate.join(60_000);
            stop.set(true);
            for (Thread q : queriers) {
                q.join(10_000);
            }
            System.out.println("DdlLockTimeoutTest: --ddl-lock-timeout " + ddlLockTimeout + ": worst query wait "
                    + worst.get() + " ms while a session held ACCESS SHARE for " + HOLD_MILLIS + " ms");
            return new Outcome(upgrade[0], worst.get(), url);
        }
    }

    /** A session named lock-holder, in a transaction that read t: it holds ACCESS SHARE on t until it ends. */
    private static Connection holdAccessShare(String url) throws SQLException {
        Connection holder = PgFixture.connect(url);
        try (Statement st = holder.createStatement()) {
            st.execute("SET application_name = 'lock-holder'");
            holder.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM t").close();
        }
        return holder;
    }

    /** Queries t in a loop until stopped, keeping the longest single query's duration. */
    private static void query(String url, AtomicBoolean stop, AtomicLong worst) {
        try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
            while (!stop.get()) {
                long t0 = System.nanoTime();
                st.executeQuery("SELECT count(*) FROM t").close();
                worst.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                Thread.sleep(20);
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Path dir, String id, String down, String up) throws IOException {
        Files.writeString(dir.resolve(id + "_rev.sql"), "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: "
                + down + "\n\n-- retort:upgrade\n" + up + "\n");
    }

    @Test
    void aShortDdlLockTimeoutKeepsQueriesFlowingAndRetriesUntilApplied() throws Exception {
        Outcome o = run("1");
        assertEquals(0, o.upgrade().exit(), o.upgrade().err());
        assertTrue(o.worstWaitMillis() < 4_000, "worst query wait " + o.worstWaitMillis() + " ms");
        String err = o.upgrade().err();
        assertTrue(err.contains("Revision b (") && err.contains("waited longer than the lock timeout for its lock on t;"
                + " held by pid "), err);
        assertTrue(err.contains("application_name 'lock-holder', ") && err.contains(", state 'idle in transaction'")
                && err.contains("query 'SELECT count(*) FROM t')") && err.contains("; rolled back, retry 1 of 10 in "),
                err);
        try (Connection c = PgFixture.connect(o.url()); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT count(*) FROM information_schema.columns WHERE table_name = 't'"
                    + " AND column_name = 'c'")) {
                rs.next();
                assertEquals(1, rs.getInt(1), "the revision was applied");
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*) FILTER (WHERE NOT success AND error LIKE"
                    + " '%lock timeout%'), count(*) FILTER (WHERE success) FROM retort_history WHERE revision = 'b'")) {
                rs.next();
                assertTrue(rs.getInt(1) >= 1, "each failed attempt is in the audit history");
                assertEquals(1, rs.getInt(2));
            }
        }
    }

    @Test
    void withoutADdlLockTimeoutQueriesWaitTheWholeHold() throws Exception {
        Outcome o = run("0");
        assertEquals(0, o.upgrade().exit(), o.upgrade().err());
        assertTrue(o.worstWaitMillis() > 6_000, "worst query wait " + o.worstWaitMillis() + " ms");
        assertTrue(!o.upgrade().err().contains("retry"), o.upgrade().err());
    }

    /** Revisions a (creates t) and b (two ALTERs of t), the database at a. */
    private Cli atRevisionA(String url) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        write(dir, "a", "", "CREATE TABLE t (id int);");
        write(dir, "b", "a", "ALTER TABLE t ADD COLUMN c int;\nALTER TABLE t ADD COLUMN d int;");
        Cli cli = new Cli(url, dir);
        cli.ok("upgrade", "a");
        return cli;
    }

    @Test
    void exhaustedRetriesFailWithTheBlockerAndApplyNothing() throws Exception {
        String url = PgFixture.newDatabase();
        Cli cli = atRevisionA(url);
        try (Connection holder = holdAccessShare(url)) {
            Cli.Result r = cli.run("--ddl-lock-timeout", "0.2", "--ddl-retries", "2", "upgrade", "head");
            holder.rollback();
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("FAILED: Revision b (") && r.err().contains("in each of 3 attempts")
                    && r.err().contains("Nothing of the revision was applied; the database is at revision a."), r.err());
            assertEquals("a\n", cli.ok("current").replace(" (head)", ""));
        }
    }

    /** The blocker's query text is another session's: a password in it is no password retort parsed. */
    @Test
    void aPasswordInTheBlockersQueryTextIsMasked() throws Exception {
        String url = PgFixture.newDatabase();
        Cli cli = atRevisionA(url);
        try (Connection holder = holdAccessShare(url); Statement st = holder.createStatement()) {
            st.execute("CREATE ROLE blocker_role LOGIN PASSWORD 'Holder-s3cret'");
            Cli.Result r = cli.run("--ddl-lock-timeout", "0.2", "--ddl-retries", "1", "upgrade", "head");
            holder.rollback();
            assertEquals(1, r.exit(), r.err());
            String all = r.out() + r.err();
            assertTrue(all.contains("query 'CREATE ROLE blocker_role LOGIN PASSWORD 'XXXXX'')"), all);
            assertTrue(!all.contains("Holder-s3cret"), all);
        }
        assertEquals("SELECT dblink('host=h password=XXXXX', 'postgresql://u:XXXXX@h/d'); ALTER ROLE r PASSWORD 'XXXXX'",
                DdlLocks.maskPasswords("SELECT dblink('host=h password=p4ss', 'postgresql://u:p4ss@h/d');"
                        + " ALTER ROLE r PASSWORD 'cut-by-le"));
        assertEquals("SELECT dblink('postgresql://bob:XXXXX@db/x', 'SELECT 1')",
                DdlLocks.maskPasswords("SELECT dblink('postgresql://bob:Hunter6@secret@db/x', 'SELECT 1')"),
                "the password holds an @");
        assertEquals("DO $$ BEGIN EXECUTE 'ALTER ROLE r PASSWORD 'XXXXX'; END $$",
                DdlLocks.maskPasswords("DO $$ BEGIN EXECUTE 'ALTER ROLE r PASSWORD ''hunter22x'''; END $$"));
        assertEquals("ALTER ROLE r PASSWORD 'XXXXX'; ALTER ROLE q PASSWORD 'XXXXX' VALID UNTIL 'infinity'",
                DdlLocks.maskPasswords("ALTER ROLE r PASSWORD E'sec\\'rethere'; ALTER ROLE q PASSWORD $p$top'secret$p$"
                        + " VALID UNTIL 'infinity'"));
        // masked before the cut to 80 characters: cut first, this URL's password would lose its @
        String longQuery = "SELECT * FROM dblink('" + "x".repeat(32) + "', 'postgresql://app:hunter22x@db/x')";
        assertEquals("SELECT * FROM dblink('" + "x".repeat(32) + "', 'postgresql://app:XXXXX", DdlLocks.shownQuery(longQuery));
        assertEquals("SELECT 1 FROM t", DdlLocks.shownQuery("SELECT 1\n  FROM t"));
    }

    @Test
    void aNonTransactionalRevisionIsNotRetriedAndSaysWhatRan() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        write(dir, "a", "", "CREATE TABLE t (id int);\nCREATE TABLE u (id int);");
        Files.writeString(dir.resolve("b_rev.sql"), "-- rev b\n--\n-- Revision ID: b\n-- Revises: a\n-- Transactional:"
                + " false\n\n-- retort:upgrade\nALTER TABLE u ADD COLUMN c int;\nALTER TABLE t ADD COLUMN c int;\n");
        String url = PgFixture.newDatabase();
        Cli cli = new Cli(url, dir);
        cli.ok("upgrade", "a");
        try (Connection holder = holdAccessShare(url)) {
            Cli.Result r = cli.run("--ddl-lock-timeout", "0.3", "upgrade", "head");
            holder.rollback();
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("so it is not retried; its statements committed before the failure stay"
                    + " applied (line(s) 8)"), r.err());
            assertTrue(r.err().contains("The lock is held by pid "), r.err());
            assertTrue(!r.err().contains("retry 1"), r.err());
        }
    }
}
