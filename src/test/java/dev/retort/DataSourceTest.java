package dev.retort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.retort.api.RetortException;
import dev.retort.api.RevisionInfo;
import dev.retort.db.DatabaseUrl;
import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Retort.configure().dataSource(...)} over a real HikariCP pool: the commands run on the
 * pool's connections with the pool's credentials, and every connection is back in the pool
 * (none active, no advisory lock held) when a command ends, whether it succeeded or failed.
 */
class DataSourceTest {
    @TempDir
    Path tmp;

    @Test
    void sqliteThroughAPool() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + tmp.resolve("app.db"));
        try (HikariDataSource pool = new HikariDataSource(config)) {
            commandsReturnEveryConnection(pool, false);
            assertEquals("jdbc:sqlite:" + tmp.resolve("app.db"), retort(pool, revisions()).displayUrl());
            Retort retort = retort(pool, revisions());
            retort.upgrade("head");
            assertEquals(List.of(), retort.schemaDrift(null));
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA journal_mode")) {
                assertTrue(rs.next());
                assertEquals("delete", rs.getString(1), "the run's PERSIST journal is put back");
            }
        }
    }

    /**
     * Another writer holds SQLite's write lock for a while: through a pool whose own busy timeout
     * is short and whose transactions are DEFERRED (sqlite-jdbc's default, which fails at once when
     * a transaction that read first wants the lock), retort still waits its lock timeout, as on its
     * own connections, and the pool's connection gets its own settings back.
     */
    @Test
    void aPooledSqliteConnectionWaitsTheLockTimeoutForAnotherWriter() throws Exception {
        Path file = tmp.resolve("app.db");
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:sqlite:" + file);
        config.addDataSourceProperty("busy_timeout", "50");
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Path revisions = revisions();
            retort(pool, revisions).upgrade("a1");
            Retort waiting = Retort.configure().dataSource(pool).revisions(revisions).lockTimeoutMillis(30_000)
                    .log(line -> { }).load();
            try (Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
                Thread release = holdTheWriteLock(writer, 1_500);
                assertEquals(List.of("b2"), waiting.upgrade("head").headsAfter(), "waited for the writer");
                release.join();
            }
            try (Connection c = pool.getConnection()) {
                assertEquals(50, count(c, "PRAGMA busy_timeout"), "the pool's busy timeout is back");
                assertEquals(org.sqlite.SQLiteConfig.TransactionMode.DEFERRED,
                        c.unwrap(org.sqlite.SQLiteConnection.class).getConnectionConfig().getTransactionMode());
            }

            Retort impatient = Retort.configure().dataSource(pool).revisions(revisions).lockTimeoutMillis(300)
                    .log(line -> { }).load();
            try (Connection writer = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file)) {
                Thread release = holdTheWriteLock(writer, 3_000);
                long t0 = System.nanoTime();
                RetortException e = assertThrows(RetortException.class, () -> impatient.downgrade("base"));
                long waited = (System.nanoTime() - t0) / 1_000_000;
                release.join();     // the writer commits before it is closed
                assertTrue(e.getMessage().startsWith("Timed out after 0.3 s waiting for another writer on jdbc:sqlite:")
                        && e.getMessage().contains("raise the lock timeout (--lock-timeout; lockTimeoutMillis(...) in"
                        + " Java; retort.lock-timeout in Spring Boot)"), e.getMessage());
                assertTrue(waited >= 250, "waited " + waited + " ms, not the pool's 50 ms");
            }
            assertEquals(List.of("b2"), ids(retort(pool, revisions).current()), "nothing was downgraded");
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
        }
    }

    /** Takes SQLite's write lock on {@code writer} and gives it up after {@code millis}, on another thread (returned). */
    private static Thread holdTheWriteLock(Connection writer, long millis) throws Exception {
        try (Statement st = writer.createStatement()) {
            st.execute("BEGIN IMMEDIATE");
        }
        Thread release = new Thread(() -> {
            try {
                Thread.sleep(millis);
                try (Statement st = writer.createStatement()) {
                    st.execute("COMMIT");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        release.setDaemon(true);
        release.start();
        return release;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    void postgresqlThroughAPoolWithItsOwnCredentials() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(PgFixture.newDatabase());
        HikariConfig config = new HikariConfig();
        // credentials in the pool's URL, where the driver's metadata would show them
        String password = url.password() != null ? url.password() : "sekret99"; // the fixture may not ask for one
        config.setJdbcUrl(url.jdbcUrl() + (url.jdbcUrl().contains("?") ? "&" : "?") + "user=" + url.user()
                + "&password=" + password);
        config.setMaximumPoolSize(3);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            commandsReturnEveryConnection(pool, true);
            RetortException drift = assertThrows(RetortException.class, () -> retort(pool, revisions()).schemaDrift(null));
            assertTrue(drift.getMessage().contains("scratch"), drift.getMessage());
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
            String shown = retort(pool, revisions()).displayUrl();
            assertTrue(shown.startsWith("jdbc:postgresql://"), shown);
            assertFalse(shown.contains(password) || shown.contains("user="), shown);
        }
    }

    /** Flyway's dataSource(url, user, password): the password given apart is never shown either. */
    @Test
    void aUrlWithAUserAndPasswordGivenApartLogsInAndNeverShowsThePassword() throws Exception {
        DatabaseUrl given = DatabaseUrl.parse(PgFixture.newDatabase());
        String password = given.password() != null ? given.password() : "sekret99"; // the fixture may not ask
        String bare = given.jdbcUrl().replaceFirst("^jdbc:", "");  // postgresql://host:port/db, no user info
        List<String> lines = new ArrayList<>();
        Retort retort = Retort.configure().url(bare, given.user(), password).revisions(revisions()).log(lines::add)
                .load();
        retort.upgrade("heads");
        assertEquals(List.of("b2"), retort.currentRows());
        assertEquals(bare, retort.settings().url());
        RetortException e = assertThrows(RetortException.class, () -> Retort.configure()
                .url(bare + "_missing", given.user(), password).revisions(revisions()).log(lines::add).load()
                .upgrade("heads"));
        for (String shown : List.of(retort.displayUrl(), e.getMessage(), String.join("\n", lines))) {
            assertFalse(shown.contains(password), shown);
        }
    }

    /** A step outside a transaction sets the session's lock_timeout: the pool's own comes back after it. */
    @Test
    void aPooledPostgresqlConnectionKeepsItsOwnLockTimeout() throws Exception {
        DatabaseUrl url = DatabaseUrl.parse(PgFixture.newDatabase());
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url.jdbcUrl());
        config.setUsername(url.user());
        config.setPassword(url.password());
        config.setConnectionInitSql("SET lock_timeout = '42s'");
        config.setMaximumPoolSize(1);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Path dir = revisions();
            Files.writeString(dir.resolve("c3_index.sql"), "-- c3\n--\n-- Revision ID: c3\n-- Revises: b2\n"
                    + "-- Transactional: false\n\n-- retort:upgrade\nCREATE INDEX CONCURRENTLY items_name ON items (name);\n"
                    + "\n-- retort:downgrade\nDROP INDEX CONCURRENTLY items_name;\n");
            Retort retort = Retort.configure().dataSource(pool).revisions(dir).ddlLockTimeoutMillis(3_000)
                    .log(line -> { }).load();
            assertEquals(List.of("c3"), retort.upgrade("head").headsAfter());
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SHOW lock_timeout")) {
                rs.next();
                assertEquals("42s", rs.getString(1), "the pool's lock_timeout, not the default");
            }
        }
    }

    @Test
    void aDatabaseOtherThanSqliteOrPostgresqlIsRefused() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:h2:mem:other;USER=sa;PASSWORD=sekret99");
        try (HikariDataSource pool = new HikariDataSource(config)) {
            Retort retort = retort(pool, revisions());
            RetortException e = assertThrows(RetortException.class, () -> retort.upgrade("head"));
            assertTrue(e.getMessage().contains("H2") && e.getMessage().contains("SQLite and PostgreSQL")
                    && e.getMessage().contains("@AutoConfigureTestDatabase(replace = NONE)"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("sekret99"), e.getMessage());
            assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
            try (Connection c = pool.getConnection(); ResultSet rs = c.getMetaData().getTables(null, "PUBLIC", "%", null)) {
                assertFalse(rs.next(), "nothing was created");
            }
        }
    }

    /** What the command line refuses (--ddl-retries 0-1000, no negative timeout), the API refuses too. */
    @Test
    void outOfRangeTimeoutsAndRetriesAreRefusedAtOnce() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Retort.configure().ddlRetries(-1)).getMessage()
                .contains("from 0 to 1000, not -1"));
        assertThrows(IllegalArgumentException.class, () -> Retort.configure().ddlRetries(1001));
        assertThrows(IllegalArgumentException.class, () -> Retort.configure().ddlLockTimeoutMillis(-1));
        assertThrows(IllegalArgumentException.class, () -> Retort.configure().lockTimeoutMillis(-5));
        assertThrows(IllegalArgumentException.class, () -> Retort.configure().waitTimeoutMillis(-1));
        Retort.configure().ddlRetries(0).ddlLockTimeoutMillis(0).lockTimeoutMillis(0).waitTimeoutMillis(0);
    }

    /** A null or blank argument is refused where it is given, naming the parameter, before anything runs. */
    @Test
    void nullAndBlankArgumentsAreRefusedAtOnceByName() throws Exception {
        assertEquals("dataSource", assertThrows(NullPointerException.class,
                () -> Retort.configure().dataSource(null)).getMessage());
        assertEquals("url", assertThrows(NullPointerException.class,
                () -> Retort.configure().url((String) null)).getMessage());
        assertEquals("location", assertThrows(NullPointerException.class,
                () -> Retort.configure().locations((String) null)).getMessage());
        assertEquals("versionTable", assertThrows(NullPointerException.class,
                () -> Retort.configure().versionTable(null)).getMessage());
        assertEquals("versionTable is a table name, not blank", assertThrows(IllegalArgumentException.class,
                () -> Retort.configure().versionTable(" ")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Retort.configure().versionTableSchema(""))
                .getMessage().startsWith("versionTableSchema is a schema name, or null"));
        Retort.configure().versionTableSchema(null);
        Path db = tmp.resolve("untouched.db");
        Retort retort = Retort.configure().url("sqlite:///" + db).revisions(revisions()).log(l -> { }).load();
        for (org.junit.jupiter.api.function.Executable call : List.<org.junit.jupiter.api.function.Executable>of(
                () -> retort.upgrade(null), () -> retort.downgrade(null), () -> retort.stamp(null, false),
                () -> retort.show(null), () -> retort.upgradeSql(null), () -> retort.downgradeSql(null))) {
            String name = assertThrows(NullPointerException.class, call).getMessage();
            assertTrue(List.of("target", "targets", "rev", "range").contains(name), name);
        }
        assertFalse(Files.exists(db), "nothing was created");
    }

    private void commandsReturnEveryConnection(HikariDataSource pool, boolean pg) throws Exception {
        Retort retort = retort(pool, revisions());
        assertEquals(List.of("b2"), retort.upgrade("head").headsAfter());
        idle(pool, pg);
        assertEquals(List.of("b2"), ids(retort.current()));
        idle(pool, pg);
        assertEquals(2, count(pool, "SELECT count(*) FROM items"));

        retort.downgrade("base");
        idle(pool, pg);
        assertEquals(List.of(), ids(retort.current()));
        idle(pool, pg);

        Path bad = revisions();
        Files.writeString(bad.resolve("c3_bad.sql"), revision("c3", "b2",
                "INSERT INTO items (id, name) VALUES (3, 'three');\nINSERT INTO no_such_table VALUES (1);", "SELECT 1;"));
        Retort failing = retort(pool, bad);
        failing.upgrade("b2");
        RetortException e = assertThrows(RetortException.class, () -> failing.upgrade("head"));
        assertTrue(e.getMessage().contains("no_such_table"), e.getMessage());
        idle(pool, pg);
        assertEquals(List.of("b2"), ids(failing.current()), "c3 is not applied");
        assertEquals(2, count(pool, "SELECT count(*) FROM items"), "c3's insert is rolled back");
        idle(pool, pg);
    }

    /** No connection is out of the pool, and (PostgreSQL) no session holds retort's advisory lock. */
    private static void idle(HikariDataSource pool, boolean pg) throws SQLException {
        assertEquals(0, pool.getHikariPoolMXBean().getActiveConnections());
        if (pg) {
            assertEquals(0, count(pool, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"));
        }
    }

    private static long count(HikariDataSource pool, String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> ids(List<RevisionInfo> revisions) {
        List<String> ids = new ArrayList<>();
        revisions.forEach(r -> ids.add(r.id()));
        return ids;
    }

    private static Retort retort(HikariDataSource pool, Path revisions) {
        return Retort.configure().dataSource(pool).revisions(revisions).log(line -> { }).load();
    }

    private Path revisions() throws Exception {
        Path dir = Files.createTempDirectory(tmp, "rev");
        Files.writeString(dir.resolve("a1_items.sql"), revision("a1", "",
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL);", "DROP TABLE items;"));
        Files.writeString(dir.resolve("b2_rows.sql"), revision("b2", "a1",
                "INSERT INTO items (id, name) VALUES (1, 'one');\nINSERT INTO items (id, name) VALUES (2, 'two');",
                "DELETE FROM items;"));
        return dir;
    }

    private static String revision(String id, String revises, String up, String down) {
        return "-- " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + revises
                + "\n-- Create Date: 2025-01-01 00:00:00.000000\n\n-- retort:upgrade\n" + up
                + "\n\n-- retort:downgrade\n" + down + "\n";
    }
}
