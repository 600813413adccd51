package dev.retort.transfer;

import static dev.retort.transfer.CopyTest.postgres;
import static dev.retort.transfer.CopyTest.query;
import static dev.retort.transfer.CopyTest.sqlite;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.testing.PgFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Orphans in a database shaped like a real application's (self-references, CASCADE and SET NULL keys,
 * a composite key, a table named user, JSON columns holding numbers, booleans as 0/1, epoch times):
 * the printed cleanup SQL, run in sqlite3 as printed, and {@code --skip-orphans} give the same rows,
 * and both are the source minus exactly the rows the report lists.
 */
class OrphansTest {
    static final String REV = "0a1b2c3d4e5f";

    @TempDir
    Path tmp;

    /** Table and the ORDER BY that lines both sides up. */
    static final Map<String, String> TABLES = new TreeMap<>(Map.of("user", "id", "folder", "id",
            "knowledge_directory", "id", "knowledge_file", "id", "chat", "id", "message", "id", "tag", "name, user_id",
            "chat_tag", "chat_id, tag_name, user_id"));

    Path revisions() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve(REV + "_init.sql"), """
                -- init
                --
                -- Revision ID: 0a1b2c3d4e5f
                -- Revises:
                -- Create Date: 2025-01-01 00:00:00.000000

                -- retort:upgrade sqlite
                CREATE TABLE "user" (id TEXT PRIMARY KEY, name TEXT NOT NULL, is_active BOOLEAN NOT NULL,
                    settings JSON, created_at INTEGER NOT NULL);
                CREATE TABLE folder (id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES folder (id) ON DELETE SET NULL,
                    user_id TEXT REFERENCES "user" (id) ON DELETE CASCADE, name TEXT NOT NULL);
                CREATE TABLE knowledge_directory (id INTEGER PRIMARY KEY,
                    parent_id INTEGER REFERENCES knowledge_directory (id) ON DELETE CASCADE,
                    user_id TEXT REFERENCES "user" (id) ON DELETE CASCADE, name TEXT NOT NULL, meta JSON);
                CREATE TABLE knowledge_file (id INTEGER PRIMARY KEY,
                    directory_id INTEGER REFERENCES knowledge_directory (id) ON DELETE CASCADE, name TEXT);
                CREATE TABLE chat (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
                    folder_id INTEGER REFERENCES folder (id) ON DELETE SET NULL, title TEXT,
                    archived BOOLEAN NOT NULL, meta JSON, created_at INTEGER NOT NULL);
                CREATE TABLE message (id INTEGER PRIMARY KEY,
                    chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
                    reply_to INTEGER REFERENCES message (id) ON DELETE SET NULL, content TEXT, created_at REAL);
                CREATE TABLE tag (name TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
                    data JSON, PRIMARY KEY (name, user_id));
                CREATE TABLE chat_tag (chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
                    tag_name TEXT NOT NULL, user_id TEXT NOT NULL,
                    FOREIGN KEY (tag_name, user_id) REFERENCES tag (name, user_id) ON DELETE CASCADE);

                -- retort:upgrade postgresql
                CREATE TABLE "user" (id TEXT PRIMARY KEY, name TEXT NOT NULL, is_active BOOLEAN NOT NULL,
                    settings JSON, created_at BIGINT NOT NULL);
                CREATE TABLE folder (id BIGINT PRIMARY KEY,
                    parent_id BIGINT REFERENCES folder (id) ON DELETE SET NULL,
                    user_id TEXT REFERENCES "user" (id) ON DELETE CASCADE, name TEXT NOT NULL);
                CREATE TABLE knowledge_directory (id BIGINT PRIMARY KEY,
                    parent_id BIGINT REFERENCES knowledge_directory (id) ON DELETE CASCADE,
                    user_id TEXT REFERENCES "user" (id) ON DELETE CASCADE, name TEXT NOT NULL, meta JSONB);
                CREATE TABLE knowledge_file (id BIGINT PRIMARY KEY,
                    directory_id BIGINT REFERENCES knowledge_directory (id) ON DELETE CASCADE, name TEXT);
                CREATE TABLE chat (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
                    folder_id BIGINT REFERENCES folder (id) ON DELETE SET NULL, title TEXT,
                    archived BOOLEAN NOT NULL, meta JSON, created_at BIGINT NOT NULL);
                CREATE TABLE message (id BIGINT PRIMARY KEY,
                    chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
                    reply_to BIGINT REFERENCES message (id) ON DELETE SET NULL, content TEXT,
                    created_at DOUBLE PRECISION);
                CREATE TABLE tag (name TEXT NOT NULL, user_id TEXT NOT NULL REFERENCES "user" (id) ON DELETE CASCADE,
                    data JSONB, PRIMARY KEY (name, user_id));
                CREATE TABLE chat_tag (chat_id TEXT NOT NULL REFERENCES chat (id) ON DELETE CASCADE,
                    tag_name TEXT NOT NULL, user_id TEXT NOT NULL,
                    FOREIGN KEY (tag_name, user_id) REFERENCES tag (name, user_id) ON DELETE CASCADE);

                -- retort:downgrade
                DROP TABLE chat_tag;
                DROP TABLE tag;
                DROP TABLE message;
                DROP TABLE chat;
                DROP TABLE knowledge_file;
                DROP TABLE knowledge_directory;
                DROP TABLE folder;
                DROP TABLE "user";
                """);
        return dir;
    }

    /** The application's database, with orphans at several depths (no foreign key enforcement, as apps run). */
    Path build(Path revs) throws Exception {
        Path db = tmp.resolve("app.db");
        Retort.configure().url("sqlite:///" + db).revisions(revs).log(l -> { }).load().upgrade("head");
        sqlite(db,
                "INSERT INTO \"user\" VALUES ('u-1', 'Ada', 1, '{\"theme\": \"dark\", \"size\": 1.5e-05}', 1700000000),"
                        + " ('u-2', 'Bob', 0, 42, 1700000100), ('u-3', 'Cy', 1, 2.5e300, 1700000200)",
                // folders: 5 belongs to a user that is gone (CASCADE), 6 is its child (SET NULL)
                "INSERT INTO folder VALUES (1, NULL, 'u-1', 'Work'), (2, 1, 'u-1', 'Sub'), (5, NULL, 'u-gone', 'Lost'),"
                        + " (6, 5, 'u-2', 'Child of lost')",
                // a valid tree 1 <- 2 <- 3; 10 (user gone) <- 11 <- 12, 20 (parent missing) <- 21
                "INSERT INTO knowledge_directory VALUES (1, NULL, 'u-1', 'root', '{\"n\": 1}'),"
                        + " (2, 1, 'u-1', 'a', NULL), (3, 2, 'u-2', 'b', 7), (10, NULL, 'u-gone', 'x', NULL),"
                        + " (11, 10, 'u-1', 'y', NULL),"
                        + " (12, 11, 'u-1', 'z', NULL), (20, 999, 'u-1', 'p', NULL), (21, 20, 'u-2', 'q', NULL)",
                "INSERT INTO knowledge_file VALUES (100, 12, 'deep.pdf'), (101, 3, 'kept.pdf'),"
                        + " (102, NULL, 'loose.txt')",
                // chats: c-3 is in the lost folder, c-4 in a missing one (both SET NULL); c-9's user is missing
                "INSERT INTO chat VALUES ('c-1', 'u-1', 1, 'one', 0, '{\"v\": 0.1}', 1700000300),"
                        + " ('c-3', 'u-2', 5, 'three', 1, NULL, 1700000400),"
                        + " ('c-4', 'u-1', 777, 'four', 0, 3, 1700000500),"
                        + " ('c-9', 'u-none', 2, 'nine', 0, NULL, 1700000600)",
                // 900 is in the orphaned chat (CASCADE); 901 replies to it from a kept chat (SET NULL)
                "INSERT INTO message VALUES (1, 'c-1', NULL, 'hi', 1718000000.5),"
                        + " (900, 'c-9', NULL, 'gone', 1718000001.25),"
                        + " (901, 'c-1', 900, 'reply', 1718000002.75), (902, 'c-1', 1, 'ok', 1718000003)",
                "INSERT INTO tag VALUES ('x', 'u-gone', NULL), ('x', 'u-1', '{\"w\": 1e-05}'), ('y', 'u-1', NULL)",
                "INSERT INTO chat_tag VALUES ('c-1', 'x', 'u-1'), ('c-1', 'x', 'u-gone'), ('c-1', 'nope', 'u-1'),"
                        + " ('c-9', 'y', 'u-1'), ('c-3', 'y', 'u-1')");
        return db;
    }

    /** The rows the report must list, as "table key". */
    static final Set<String> LEFT_OUT = Set.of("folder 5", "knowledge_directory 10", "knowledge_directory 11",
            "knowledge_directory 12", "knowledge_directory 20", "knowledge_directory 21", "knowledge_file 100",
            "chat c-9", "message 900", "tag x|u-gone", "chat_tag c-1|x|u-gone", "chat_tag c-1|nope|u-1",
            "chat_tag c-9|y|u-1");
    /** Rows kept with the reference cleared: "table key column". */
    static final Set<String> CLEARED = Set.of("folder 6 parent_id", "chat c-3 folder_id", "chat c-4 folder_id",
            "message 901 reply_to");

    @Test
    void cleanupSqlAndSkipOrphansGiveTheSameRowsTheSourceMinusTheListedOnes() throws Exception {
        Path revs = revisions();
        Path db = build(revs);
        String url = PgFixture.newDatabase();

        CopyResult stopped = Retort.copy(options(db, url, revs).build(), l -> { });

        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, stopped.status());
        CopyResult.Preflight p = stopped.preflight();
        assertEquals(Map.of("folder", 1L, "knowledge_directory", 5L, "knowledge_file", 1L, "chat", 1L, "message", 1L,
                "tag", 1L, "chat_tag", 3L), Map.copyOf(p.leftOut()), Preflight.render(p));
        assertEquals(Map.of("folder", 1L, "chat", 2L, "message", 1L), Map.copyOf(p.cleared()), Preflight.render(p));
        assertTrue(Preflight.render(p).contains("parent_id cleared"), Preflight.render(p));

        // the cleanup SQL, run as printed in sqlite3 on a copy of the source
        Path cleaned = Files.copy(db, tmp.resolve("cleaned.db"));
        Process sh = new ProcessBuilder("sqlite3", cleaned.toString()).redirectErrorStream(true).start();
        sh.getOutputStream().write(String.join("\n", p.cleanupSql()).getBytes(StandardCharsets.UTF_8));
        sh.getOutputStream().close();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sh.waitFor(), out);
        assertEquals("", out);
        assertEquals(List.of(), rows(cleaned, "PRAGMA foreign_key_check"));
        assertEquals(sourceMinusListed(db), snapshot(cleaned));

        String cleanUrl = PgFixture.newDatabase();
        assertEquals(CopyResult.Status.COPIED, Retort.copy(options(cleaned, cleanUrl, revs).build(), l -> { }).status());
        String skipUrl = PgFixture.newDatabase();
        CopyResult skipped = Retort.copy(options(db, skipUrl, revs).skipOrphans(true).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, skipped.status());
        try (Connection a = PgFixture.connect(cleanUrl); Connection b = PgFixture.connect(skipUrl)) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                String sql = "SELECT * FROM \"" + t.getKey() + "\" ORDER BY " + t.getValue();
                assertEquals(rows(a, sql), rows(b, sql), t.getKey());
                RoundTrip.compare(cleaned, b, t.getKey(), t.getValue(), Set.of());
            }
        }
    }

    /** Each table's rows as text, keyed "table key"; cleared columns as the test expects them. */
    Map<String, List<String>> sourceMinusListed(Path db) throws SQLException {
        Map<String, List<String>> rows = snapshot(db);
        Map<String, List<String>> out = new TreeMap<>();
        rows.forEach((key, values) -> {
            if (LEFT_OUT.contains(key)) {
                return;
            }
            List<String> v = new ArrayList<>(values);
            for (String c : CLEARED) {
                if (c.startsWith(key + " ")) {
                    String column = c.substring(key.length() + 1);
                    v.replaceAll(x -> x.startsWith(column + "=") ? column + "=null" : x);
                }
            }
            out.put(key, v);
        });
        assertEquals(LEFT_OUT.size(), rows.size() - out.size(), "the test's own list names rows that exist");
        return out;
    }

    /** Every row of every table: "table key" to its "column=value" list. */
    Map<String, List<String>> snapshot(Path db) throws SQLException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + t.getKey() + "\"")) {
                    ResultSetMetaData md = rs.getMetaData();
                    List<String> keys = List.of(t.getValue().split(", "));
                    while (rs.next()) {
                        List<String> values = new ArrayList<>();
                        List<String> key = new ArrayList<>();
                        for (int i = 1; i <= md.getColumnCount(); i++) {
                            values.add(md.getColumnName(i) + "=" + rs.getString(i));
                        }
                        for (String k : keys) {
                            key.add(rs.getString(k));
                        }
                        out.put(t.getKey() + " " + String.join("|", key), values);
                    }
                }
            }
        }
        return out;
    }

    static List<String> rows(Path db, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            return rows(c, sql);
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(String.join("|", row));
            }
        }
        return out;
    }

    static CopyOptions.Builder options(Path db, String url, Path revs) {
        return CopyOptions.builder().from("sqlite:///" + db.toAbsolutePath()).to(url).revisions(revs).batchRows(3);
    }

    @Test
    void aRowDependingOnALeftOutRowThroughAPlainKeyStopsSkipOrphansAndTheCleanupDeletesIt() throws Exception {
        Path db = tmp.resolve("plain.db");
        sqlite(db,
                "CREATE TABLE p (id INTEGER PRIMARY KEY)",
                "CREATE TABLE c (id INTEGER PRIMARY KEY, p_id INTEGER REFERENCES p (id))",
                "CREATE TABLE g (id INTEGER PRIMARY KEY, c_id INTEGER REFERENCES c (id))",
                "INSERT INTO p VALUES (1)",
                "INSERT INTO c VALUES (1, 1), (2, 99)",
                "INSERT INTO g VALUES (1, 1), (2, 2)");
        String url = PgFixture.newDatabase();
        postgres(url,
                "CREATE TABLE p (id BIGINT PRIMARY KEY)",
                "CREATE TABLE c (id BIGINT PRIMARY KEY, p_id BIGINT REFERENCES p (id))",
                "CREATE TABLE g (id BIGINT PRIMARY KEY, c_id BIGINT REFERENCES c (id))");
        CopyResult r = Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(url).skipOrphans(true).build(),
                l -> { });
        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, r.status(), Preflight.render(r.preflight()));
        assertTrue(r.preflight().needsDecision());
        assertTrue(Preflight.render(r.preflight()).contains("its c row is left out, ON DELETE NO ACTION: DECIDE"),
                Preflight.render(r.preflight()));
        assertEquals(List.of("BEGIN;", "DELETE FROM \"g\" WHERE rowid IN (2);", "DELETE FROM \"c\" WHERE rowid IN (2);",
                "COMMIT;  -- then run retort copy again"), r.preflight().cleanupSql());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM c"));
        }
    }
}
