package dev.retort.db;

import dev.retort.api.Dialect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Shared pieces of the fault and concurrency tests: a generated linear chain of revisions that
 * log themselves, the databases they run on, the CLI as a real subprocess, and a reader of the
 * resulting state that checks it is exactly a completed prefix of the chain.
 */
final class FaultRig {
    /** Rows each revision inserts into its own table (so a half-applied revision would show). */
    static final int ROWS = 200;

    private FaultRig() {
    }

    static String id(int i) {
        return String.format("r%03d", i);
    }

    enum Kind {
        SQLITE("SQLite (rollback journal)"), SQLITE_WAL("SQLite (WAL)"), POSTGRESQL("PostgreSQL");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        Dialect dialect() {
            return this == POSTGRESQL ? Dialect.POSTGRESQL : Dialect.SQLITE;
        }
    }

    /**
     * Writes revisions r001..rN. r001 creates {@code log}; every revision creates t_rK, fills it,
     * indexes it, (PostgreSQL: sleeps 10 ms) and appends its id to {@code log}.
     */
    static Path writeChain(Path dir, int n, Dialect dialect) throws IOException {
        Files.createDirectories(dir);
        boolean pg = dialect == Dialect.POSTGRESQL;
        for (int i = 1; i <= n; i++) {
            String id = id(i);
            StringBuilder up = new StringBuilder();
            if (i == 1) {
                up.append(pg ? "CREATE TABLE log (seq SERIAL PRIMARY KEY, rev TEXT NOT NULL);\n"
                        : "CREATE TABLE log (seq INTEGER PRIMARY KEY, rev TEXT NOT NULL);\n");
            }
            up.append("CREATE TABLE t_").append(id).append(" (id INTEGER PRIMARY KEY, v TEXT NOT NULL);\n");
            if (pg) {
                up.append("INSERT INTO t_").append(id).append(" (id, v) SELECT x, md5(x::text) FROM generate_series(1, ")
                        .append(ROWS).append(") AS x;\n");
            } else {
                up.append("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < ").append(ROWS)
                        .append(") INSERT INTO t_").append(id).append(" (id, v) SELECT x, hex(randomblob(16)) FROM c;\n");
            }
            up.append("CREATE INDEX ix_").append(id).append(" ON t_").append(id).append(" (v);\n");
            if (pg) {
                up.append("SELECT pg_sleep(0.01);\n");
            }
            up.append("INSERT INTO log (rev) VALUES ('").append(id).append("');\n");
            String down = "DROP TABLE t_" + id + ";\n" + (i == 1 ? "DROP TABLE log;\n" : "");
            Files.writeString(dir.resolve(id + "_step.sql"), "-- step " + id + "\n--\n-- Revision ID: " + id
                    + "\n-- Revises: " + (i == 1 ? "" : id(i - 1)) + "\n-- Create Date: 2025-01-01 00:00:00.000000\n"
                    + "\n-- retort:upgrade\n" + up + "\n-- retort:downgrade\n" + down);
        }
        return dir;
    }

    /** One database under test: a SQLite file or a PostgreSQL database of the shared test server. */
    static final class Db {
        final Kind kind;
        final String url;
        private final Path file;

        private Db(Kind kind, String url, Path file) {
            this.kind = kind;
            this.url = url;
            this.file = file;
        }

        static Db sqlite(Kind kind, Path file) {
            return new Db(kind, "sqlite:///" + file.toAbsolutePath(), file.toAbsolutePath());
        }

        static Db postgres() {
            return new Db(Kind.POSTGRESQL, PgFixture.newDatabase(), null);
        }

        /** The SQLite file; null on PostgreSQL. */
        Path file() {
            return file;
        }

        Connection connect() throws SQLException {
            if (file == null) {
                return PgFixture.connect(url);
            }
            Database.createSqliteFile(file); // not sqlite-jdbc's create-and-delete probe: a run may be opening it now
            Properties p = new Properties();
            p.setProperty("busy_timeout", "30000");
            return DriverManager.getConnection("jdbc:sqlite:" + file, p);
        }

        /** The environment switch of the CLI for this database (WAL on SQLite). */
        void environment(java.util.Map<String, String> env) {
            env.remove("DATABASE_URL");
            if (kind == Kind.SQLITE_WAL) {
                env.put("DATABASE_ENABLE_SQLITE_WAL", "true");
            } else {
                env.remove("DATABASE_ENABLE_SQLITE_WAL");
            }
        }

        /** Back to an empty database: a new SQLite file, or an empty public schema on PostgreSQL. */
        Db reset(Path newFile) throws SQLException {
            if (file == null) {
                try (Connection c = connect(); Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA public CASCADE");
                    st.execute("CREATE SCHEMA public");
                }
                return this;
            }
            return sqlite(kind, newFile);
        }

        /**
         * PostgreSQL: waits until no session of a (killed) retort process is left on this database,
         * so that what a dying backend still does (roll back, or commit a COMMIT already sent) has
         * happened before the state is read. Returns the milliseconds waited.
         */
        long awaitNoRetortSessions() throws SQLException, InterruptedException {
            if (file != null) {
                return 0;
            }
            long t0 = System.nanoTime();
            try (Connection c = connect(); Statement st = c.createStatement()) {
                while (true) {
                    try (ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname ="
                            + " current_database() AND application_name = 'retort' AND pid <> pg_backend_pid()")) {
                        rs.next();
                        if (rs.getInt(1) == 0) {
                            return (System.nanoTime() - t0) / 1_000_000;
                        }
                    }
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        fail("a killed retort's PostgreSQL session is still there after 30 s");
                    }
                    Thread.sleep(5);
                }
            }
        }

        State state() throws SQLException {
            try (Connection c = connect(); Statement st = c.createStatement()) {
                List<String> tables = new ArrayList<>();
                List<String> indexes = new ArrayList<>();
                if (file == null) {
                    strings(st, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'",
                            tables::add);
                    strings(st, "SELECT indexname FROM pg_indexes WHERE schemaname = 'public'"
                            + " AND indexname NOT LIKE '%\\_pkey' AND indexname NOT LIKE '%\\_pkc'", indexes::add);
                } else {
                    strings(st, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%'"
                            + " ESCAPE '\\'", tables::add);
                    strings(st, "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite\\_%'"
                            + " ESCAPE '\\'", indexes::add);
                }
                Collections.sort(tables);
                Collections.sort(indexes);
                boolean versionTable = tables.remove("alembic_version");
                tables.remove("retort_history"); // the audit table lives beside the version table
                List<String> rows = new ArrayList<>();
                if (versionTable) {
                    strings(st, "SELECT version_num FROM alembic_version", rows::add);
                }
                List<String> log = new ArrayList<>();
                if (tables.contains("log")) {
                    strings(st, "SELECT rev FROM log ORDER BY seq", log::add);
                }
                List<String> counts = new ArrayList<>();
                for (String t : tables) {
                    if (t.startsWith("t_")) {
                        strings(st, "SELECT '" + t + "=' || count(*) FROM " + t, counts::add);
                    }
                }
                return new State(versionTable, rows, tables, indexes, log, counts);
            }
        }

        /** The applied prefix length, after checking the state is exactly that prefix. */
        int checkPrefix(int chain) throws SQLException {
            State s = state();
            return s.prefix(chain);
        }

        @Override
        public String toString() {
            return kind.label + " " + url;
        }
    }

    private static void strings(Statement st, String sql, Consumer<String> sink) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                sink.accept(rs.getString(1));
            }
        }
    }

    /** What is in the database: the version rows and everything the chain creates. */
    record State(boolean versionTable, List<String> rows, List<String> tables, List<String> indexes, List<String> log,
                 List<String> counts) {
        /**
         * Checks that the database holds exactly revisions r001..rK of the chain and nothing of any
         * other revision, with the version row saying rK; returns K (0: nothing applied).
         */
        int prefix(int chain) {
            if (rows.size() > 1) {
                fail("more than one version row: " + this);
            }
            int k = rows.isEmpty() ? 0 : Integer.parseInt(rows.get(0).substring(1));
            if (k < 0 || k > chain || (k > 0 && !rows.get(0).equals(id(k)))) {
                fail("unexpected version row: " + this);
            }
            List<String> ids = new ArrayList<>();
            List<String> tablesWanted = new ArrayList<>();
            List<String> indexesWanted = new ArrayList<>();
            List<String> countsWanted = new ArrayList<>();
            for (int i = 1; i <= k; i++) {
                ids.add(id(i));
                tablesWanted.add("t_" + id(i));
                indexesWanted.add("ix_" + id(i));
                countsWanted.add("t_" + id(i) + "=" + ROWS);
            }
            if (k > 0) {
                tablesWanted.add("log");
            }
            Collections.sort(tablesWanted);
            String context = " (version rows " + rows + ") in " + this;
            assertEquals(ids, log, "log is not r001..r" + k + " once each in order" + context);
            assertEquals(tablesWanted, tables, "tables do not match the applied prefix" + context);
            assertEquals(indexesWanted, indexes, "indexes do not match the applied prefix" + context);
            assertEquals(countsWanted, counts, "a revision's rows are incomplete" + context);
            if (k > 0 && !versionTable) {
                fail("revisions applied but no version table: " + this);
            }
            return k;
        }

        @Override
        public String toString() {
            return "State[versionTable=" + versionTable + ", rows=" + rows + ", tables=" + tables.size() + " "
                    + abbreviate(tables) + ", indexes=" + abbreviate(indexes) + ", log=" + abbreviate(log) + "]";
        }

        private static String abbreviate(List<String> l) {
            return l.size() <= 6 ? l.toString()
                    : "[" + String.join(", ", l.subList(0, 3)) + ", ..., "
                    + String.join(", ", l.subList(l.size() - 3, l.size())) + "]";
        }
    }

    // ------------------------------------------------------------------ subprocesses

    private static List<String> sqliteNative;

    /**
     * JVM options that give the subprocesses sqlite-jdbc's native library, extracted once from the
     * driver jar into a temporary directory. By itself every JVM extracts it to java.io.tmpdir
     * (about 0.2 s of CPU) and deletes it on exit — which a SIGKILLed JVM never reaches, so each
     * kill would leave a 1 MB file in /tmp. Same library, same driver code; only where it is
     * loaded from differs. If the library is not found, extraction goes to the temporary directory.
     */
    static synchronized List<String> sqliteNativeOptions() throws IOException {
        if (sqliteNative == null) {
            Path dir = Files.createTempDirectory("retort-faults-sqlite");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                    Files.deleteIfExists(dir);
                } catch (IOException ignored) {
                    // best effort
                }
            }));
            String name = System.mapLibraryName("sqlitejdbc");
            String resource = "/org/sqlite/native/" + org.sqlite.util.OSInfo.getNativeLibFolderPathForCurrentOS() + "/"
                    + name;
            try (var in = org.sqlite.JDBC.class.getResourceAsStream(resource)) {
                if (in == null) {
                    sqliteNative = List.of("-Dorg.sqlite.tmpdir=" + dir);
                } else {
                    Files.copy(in, dir.resolve(name));
                    sqliteNative = List.of("-Dorg.sqlite.lib.path=" + dir, "-Dorg.sqlite.lib.name=" + name);
                }
            }
        }
        return sqliteNative;
    }

    /** {@code java ... <mainClass> --url URL --revisions DIR args}, with the test's class path. */
    static ProcessBuilder java(Db db, Path revisions, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-XX:-UsePerfData", "-Xmx256m"));
        cmd.addAll(sqliteNativeOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass,
                "--url", db.url, "--revisions", revisions.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        db.environment(pb.environment());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb;
    }

    /** A started process whose stderr goes to a file that a thread follows. */
    record Proc(Process process, Thread reader) {
        /** Waits for the process to end and for its stderr to be read to the end; the exit status. */
        int await(long seconds) throws InterruptedException {
            if (!process.waitFor(seconds, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("process " + process.pid() + " did not end in " + seconds + " s");
            }
            reader.join(10_000);
            if (reader.isAlive()) {
                throw new AssertionError("stderr of process " + process.pid() + " not read to the end");
            }
            return process.exitValue();
        }
    }

    /** Starts a process with its stderr in {@code errFile}, each line of it handed to {@code sink}. */
    static Proc start(ProcessBuilder pb, Path errFile, Consumer<String> sink) throws IOException {
        Process p = pb.redirectError(errFile.toFile()).start();
        return new Proc(p, follow(p, errFile, sink));
    }

    /**
     * Follows a file a process writes its stderr to (see {@link ProcessBuilder#redirectError}) on a
     * daemon thread, handing every complete line to a sink within about a millisecond, until the
     * process has ended and everything it wrote is read. A file keeps whatever a killed process
     * wrote, with no pipe in between.
     */
    static Thread follow(Process p, Path file, Consumer<String> sink) {
        Thread t = new Thread(() -> {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file,
                    java.nio.file.StandardOpenOption.READ)) {
                java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(1 << 16);
                java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
                while (true) {
                    boolean ended = !p.isAlive();
                    buf.clear();
                    int n = ch.read(buf);
                    if (n > 0) {
                        for (int i = 0; i < n; i++) {
                            byte b = buf.get(i);
                            if (b == '\n') {
                                sink.accept(pending.toString(StandardCharsets.UTF_8));
                                pending.reset();
                            } else {
                                pending.write(b);
                            }
                        }
                        continue;
                    }
                    if (ended) {
                        if (pending.size() > 0) {
                            sink.accept(pending.toString(StandardCharsets.UTF_8));
                        }
                        return;
                    }
                    java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "follow-" + p.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    static boolean isRunningLine(String line) {
        return line.startsWith("INFO  [alembic.runtime.migration] Running upgrade ");
    }
}
