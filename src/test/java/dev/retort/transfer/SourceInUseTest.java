package dev.retort.transfer;

import static dev.retort.transfer.CopyTest.postgres;
import static dev.retort.transfer.CopyTest.query;
import static dev.retort.transfer.CopyTest.sha256;
import static dev.retort.transfer.CopyTest.sqlite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.RetortException;
import dev.retort.testing.PgFixture;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The application still using the source while the copy runs, played by a sqlite3 shell in a process
 * of its own (SQLite's locks are per process, so the test's own JVM could not play it).
 */
class SourceInUseTest {
    @TempDir
    Path tmp;

    private final List<Shell> shells = new ArrayList<>();

    /** A sqlite3 shell on the source: statements go in one by one, it stays open until closed. */
    final class Shell implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final BufferedReader out;

        Shell(Path db) throws IOException {
            process = new ProcessBuilder("sqlite3", db.toString()).redirectErrorStream(true).start();
            in = process.getOutputStream();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            shells.add(this);
        }

        /** Runs statements and waits until the shell has done them. */
        Shell run(String sql) throws IOException {
            in.write((".timeout 30000\n" + sql + "\nSELECT 'done';\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            for (String line = out.readLine(); !"done".equals(line); line = out.readLine()) {
                if (line == null) {
                    throw new IOException("sqlite3 ended");
                }
            }
            return this;
        }

        @Override
        public void close() throws Exception {
            if (process.isAlive()) {
                in.write(".quit\n".getBytes(StandardCharsets.UTF_8));
                in.close();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }

    @AfterEach
    void closeShells() throws Exception {
        for (Shell s : shells) {
            s.close();
        }
    }

    Path source(boolean wal) throws Exception {
        Path db = tmp.resolve("app.db");
        sqlite(db,
                "CREATE TABLE note (id INTEGER PRIMARY KEY, body TEXT NOT NULL)",
                "INSERT INTO note VALUES (1, 'a'), (2, 'b'), (3, 'c')");
        if (wal) {
            sqlite(db, "PRAGMA journal_mode = WAL");
        }
        return db;
    }

    String target() throws Exception {
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE note (id BIGINT PRIMARY KEY, body TEXT NOT NULL)");
        return url;
    }

    static CopyOptions.Builder options(Path db, String url) {
        return CopyOptions.builder().from("sqlite:///" + db).to(url);
    }

    /** Runs {@code action} (once) when the copy logs a line containing {@code marker}. */
    static Consumer<String> on(String marker, List<String> log, Action action) {
        return line -> {
            log.add(line);
            if (line.contains(marker) && log.stream().filter(l -> l.contains(marker)).count() == 1) {
                try {
                    action.run();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        };
    }

    interface Action {
        void run() throws Exception;
    }

    /** The application (a WAL database) runs {@code sql} mid-copy; the copy must fail and the target stay empty. */
    String copyWhileTheApplicationRuns(String sql) throws Exception {
        Path db = source(true);
        String url = target();
        Shell app = new Shell(db);
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url).build(),
                on("foreign_key_check done", new ArrayList<>(), () -> app.run(sql))));
        assertTrue(e.getMessage().contains("Another process wrote to " + db + " during the copy")
                && e.getMessage().contains("rolled back") && e.getMessage().contains("Stop the application")
                && e.getMessage().contains("fuser -v " + db), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM note"));
        }
        return e.getMessage();
    }

    /**
     * The copy's snapshot holds while the integrity checks run beside it on a connection of their own:
     * they must not open and close the file themselves, which would drop the process's POSIX locks,
     * the copy's shared lock too, and let the application commit in the middle of the copy.
     */
    @Test
    void theChecksBesideTheCopyKeepItsSnapshot() throws Exception {
        Path db = source(false);
        try (SqliteSource copy = SqliteSource.open(db, 0, line -> { })) {
            assertEquals(3, copy.count("note"));
            assertEquals(List.of(List.of(), List.of()), Preflight.startChecks(db, 0).join(), "the file is sound");
            Process writer = new ProcessBuilder("sqlite3", "-cmd", ".timeout 0", db.toString(),
                    "INSERT INTO note VALUES (4, 'late');").redirectErrorStream(true).start();
            String said = new String(writer.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(writer.waitFor() != 0 && said.contains("database is locked"), "the write got through: " + said);
            assertEquals(3, copy.count("note"));
        }
    }

    @Test
    void aCommitDuringTheCopyRollsTheTargetBack() throws Exception {
        String m = copyWhileTheApplicationRuns("INSERT INTO note VALUES (4, 'late');");
        assertTrue(m.contains("it committed changes while the copy read the file"), m);
    }

    @Test
    void aWriteTransactionOpenAtTheEndOfTheCopyRollsTheTargetBack() throws Exception {
        // the application begins writing during the copy and would commit only after it
        String m = copyWhileTheApplicationRuns("BEGIN IMMEDIATE; INSERT INTO note VALUES (4, 'x');");
        assertTrue(m.contains("WAL write lock"), m);
    }

    @Test
    void aWriterAtTheStartIsWaitedForSayingSoAtOnceAndItsRowIsCopied() throws Exception {
        Path db = source(false);
        String url = target();
        Shell app = new Shell(db).run("BEGIN; INSERT INTO note VALUES (4, 'committed while the copy waits');");
        List<String> log = new ArrayList<>();
        // the copy says it waits, and for what, before the wait ends: here the application commits on hearing it
        CopyResult r = Retort.copy(options(db, url).lockTimeoutMillis(60_000).build(),
                on("Waiting up to 60 s (--lock-timeout) for " + db, log, () -> app.run("COMMIT;")));
        assertEquals(CopyResult.Status.COPIED, r.status());
        assertTrue(log.get(0).contains("another process is writing to it (it holds a write lock on " + db + ")"),
                log.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("4"), query(pg, "SELECT count(*) FROM note"));
        }
    }

    @Test
    void aWriterThatStaysEndsTheWaitWithThePathAndTheRemedy() throws Exception {
        Path db = source(false);
        String url = target();
        new Shell(db).run("BEGIN IMMEDIATE;");
        List<String> log = new ArrayList<>();
        RetortException e = assertThrows(RetortException.class,
                () -> Retort.copy(options(db, url).lockTimeoutMillis(1_500).build(), log::add));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("still writing to " + db + " after 1.5 s (--lock-timeout)")
                && e.getMessage().contains("Stop the application"), e.getMessage());
        assertTrue(log.get(0).startsWith("Waiting up to 1.5 s (--lock-timeout) for " + db), log.toString());
    }

    @Test
    void aLockedSourceIsWaitedForUpToTheLockTimeoutSayingSo() throws Exception {
        Path db = source(false);
        String hash = sha256(db);
        new Shell(db).run("BEGIN EXCLUSIVE; INSERT INTO note VALUES (9, 'z');");
        List<String> log = new ArrayList<>();
        // past the first look at the locks: SQLite's own busy wait
        RetortException e = assertThrows(RetortException.class, () -> SqliteSource.open(db, 1_000, log::add));
        assertTrue(e.getMessage().contains("The SQLite database " + db + " is still locked by another process after"
                + " 1 s (--lock-timeout)") && e.getMessage().contains("Stop the application"), e.getMessage());
        assertTrue(log.size() == 1 && log.get(0).startsWith("Waiting up to 1 s (--lock-timeout) for " + db),
                log.toString());
        assertEquals(1, e.exitCode());
        assertEquals(hash, sha256(db));
    }
}
