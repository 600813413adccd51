package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.CopyOptions.ProgressMode;
import dev.retort.api.Dialect;
import dev.retort.testing.PgFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** retort copy on a realistic SQLite database, into a real PostgreSQL (PgFixture). */
class CopyTest {
    /** Table and the ORDER BY that lines both sides up. */
    static final Map<String, String> TABLES = Map.ofEntries(
            Map.entry("user", "id"), Map.entry("auth", "id"), Map.entry("folder", "id"), Map.entry("chat", "id"),
            Map.entry("tag", "id"), Map.entry("group", "id"), Map.entry("file", "id"), Map.entry("knowledge", "id"),
            Map.entry("knowledge_file", "knowledge_id, file_id"), Map.entry("chat_file", "chat_id, file_id"));

    @TempDir
    Path tmp;

    Path revisions() throws Exception {
        return SampleApp.revisions(tmp.resolve("revisions"));
    }

    static String sha256(Path f) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(f)));
    }

    static List<String> query(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    static List<String> tables(Connection c) throws SQLException {
        return query(c, "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1");
    }

    CopyOptions.Builder options(Path db, String url, Path revs) {
        return options(db, url, List.of(revs));
    }

    CopyOptions.Builder options(Path db, String url, List<Path> revs) {
        return CopyOptions.builder().from("sqlite:///" + db.toAbsolutePath()).to(url).revisions(revs).batchRows(7);
    }

    /** A new PostgreSQL database, migrated by retort to {@code revision}. */
    static String migratedTarget(Path revs, String revision) {
        String url = PgFixture.newDatabase();
        Retort.configure().url(url).revisions(revs).log(l -> { }).load().upgrade(revision);
        return url;
    }

    static void sqlite(Path db, String... statements) throws SQLException {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            execute(c, statements);
        }
    }

    static void postgres(String url, String... statements) throws SQLException {
        try (Connection c = PgFixture.connect(url)) {
            execute(c, statements);
        }
    }

    private static void execute(Connection c, String... statements) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    @Test
    void revisionPathCopiesEveryValueAndLeavesTheSourceUntouched() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        Files.setLastModifiedTime(db, FileTime.fromMillis(1_600_000_000_000L));
        String hash = sha256(db);
        List<String> dirBefore = Files.list(tmp).map(p -> p.getFileName().toString()).sorted().toList();
        String url = PgFixture.newDatabase();
        List<String> log = new ArrayList<>();

        CopyResult report = Retort.copy(options(db, url, revs).build(), log::add);

        assertEquals(CopyResult.Status.COPIED, report.status());
        assertEquals(CopyResult.SchemaSource.REVISIONS, report.schema());
        assertEquals(hash, sha256(db), "the source file changed");
        assertEquals(1_600_000_000_000L, Files.getLastModifiedTime(db).toMillis(), "the source's mtime changed");
        assertEquals(dirBefore, Files.list(tmp).map(p -> p.getFileName().toString()).sorted().toList(),
                "journal or WAL files were left beside the source");
        assertTrue(log.stream().anyMatch(l -> l.contains("Running upgrade  -> " + SampleApp.REV1)), log.toString());
        try (Connection pg = PgFixture.connect(url)) {
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                RoundTrip.compare(db, pg, t.getKey(), t.getValue(), Set.of());
            }
            assertEquals(List.of(SampleApp.REV2), query(pg, "SELECT version_num FROM alembic_version"));
            // sequences and identity columns continue after the copied ids
            assertEquals(List.of("31"), query(pg, "INSERT INTO \"user\" (email, name, created_at)"
                    + " VALUES ('new@example.com', 'New', now()) RETURNING id"));
            assertEquals(List.of("6"), query(pg, "INSERT INTO folder (name) VALUES ('new') RETURNING id"));
            assertEquals(List.of("1"), query(pg, "INSERT INTO tag (name) VALUES ('first') RETURNING id"));
            assertEquals(List.of("21"), query(pg, "INSERT INTO file (filename, size, created_at)"
                    + " VALUES ('n', 0, now()) RETURNING id"));
        }
        assertEquals(11, report.tables().size()); // and retort_history, appended
        assertEquals(List.of("4"), query(PgFixture.connect(url), "SELECT count(*) FROM retort_history"),
                "the source's 2, then the 2 revisions the copy ran");
        assertEquals(query(PgFixture.connect(url), "SELECT CASE WHEN 'lz4' = ANY (enumvals) THEN 'lz4' ELSE 'pglz' END"
                + " FROM pg_settings WHERE name = 'default_toast_compression'"), query(PgFixture.connect(url), "SELECT DISTINCT pg_column_compression(chat) FROM chat"
                + " WHERE pg_column_compression(chat) IS NOT NULL"));
        for (CopyResult.Table t : report.tables()) {
            assertTrue(t.verified(), t.toString());
            assertNotNull(t.sourceChecksum(), t.toString());
            assertEquals(t.sourceRows(), t.copiedRows(), t.toString());
        }
        CopyResult.Table tag = report.tables().stream().filter(t -> t.table().equals("tag")).findFirst()
                .orElseThrow();
        assertEquals(0, tag.copiedRows());
        assertTrue(Copy.renderTable(report).contains("chat_file"), Copy.renderTable(report));
        // parents before children
        List<String> order = report.tables().stream().map(CopyResult.Table::table).toList();
        assertTrue(order.indexOf("user") < order.indexOf("chat") && order.indexOf("chat") < order.indexOf("chat_file")
                && order.indexOf("file") < order.indexOf("knowledge_file"), order.toString());
    }

    @Test
    void existingApplicationSchemaIsUsed() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        // the application created its schema on the target (here with retort, at the same revision)
        String url = migratedTarget(revs, "head");
        String ddl = "SELECT string_agg(x, E'\\n' ORDER BY x) FROM (SELECT conname || ' ' || pg_get_constraintdef(oid) x"
                + " FROM pg_constraint WHERE connamespace = 'public'::regnamespace UNION ALL"
                + " SELECT indexdef FROM pg_indexes WHERE schemaname = 'public') s";
        List<String> before;
        try (Connection pg = PgFixture.connect(url)) {
            before = query(pg, ddl);
        }

        CopyResult report = Retort.copy(options(db, url, List.of()).build(), l -> { });

        assertEquals(CopyResult.SchemaSource.EXISTING, report.schema());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(before, query(pg, ddl), "constraints and indexes are as they were");
            assertTrue(before.get(0).contains("chat_user_id_fkey FOREIGN KEY"), before.get(0));
            for (Map.Entry<String, String> t : TABLES.entrySet()) {
                RoundTrip.compare(db, pg, t.getKey(), t.getValue(), Set.of());
            }
            assertEquals(List.of(SampleApp.REV2), query(pg, "SELECT version_num FROM alembic_version"));
        }
    }

    /** The target's own triggers do not fire on the load: no extra rows, no changed values; back on after it. */
    @Test
    void targetTriggersAreHeldOffDuringTheLoad() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        postgres(url, "CREATE TABLE folder_log (folder_id integer)",
                "CREATE FUNCTION log_folder() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO folder_log VALUES (NEW.id); RETURN NEW; END $$",
                "CREATE TRIGGER folder_audit AFTER INSERT ON folder FOR EACH ROW EXECUTE FUNCTION log_folder()",
                "CREATE FUNCTION rename_folder() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN NEW.name := 'renamed'; RETURN NEW; END $$",
                "CREATE TRIGGER folder_rename BEFORE INSERT ON folder FOR EACH ROW EXECUTE FUNCTION rename_folder()",
                "CREATE TRIGGER folder_always AFTER INSERT ON folder FOR EACH ROW EXECUTE FUNCTION log_folder()",
                "ALTER TABLE folder ENABLE ALWAYS TRIGGER folder_always",
                "CREATE TRIGGER folder_off AFTER INSERT ON folder FOR EACH ROW EXECUTE FUNCTION log_folder()",
                "ALTER TABLE folder DISABLE TRIGGER folder_off",
                // --replace empties the tables first: a TRUNCATE trigger is held off for that too
                "CREATE FUNCTION log_truncate() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $$ BEGIN INSERT INTO folder_log VALUES (-1); RETURN NULL; END $$",
                "CREATE TRIGGER folder_truncated AFTER TRUNCATE ON folder FOR EACH STATEMENT"
                        + " EXECUTE FUNCTION log_truncate()",
                "INSERT INTO folder (name) VALUES ('there before')", "DELETE FROM folder_log");
        List<String> log = new ArrayList<>();
        CopyResult report = Retort.copy(options(db, url, List.of()).replace(true).build(), log::add);
        assertEquals(CopyResult.Status.COPIED, report.status());
        assertTrue(log.contains("Triggers held off during the load, as pg_restore --disable-triggers (the rows are the"
                + " source's as they are): folder.folder_always, folder.folder_audit, folder.folder_rename,"
                + " folder.folder_truncated"), log.toString());
        try (Connection pg = PgFixture.connect(url)) {
            RoundTrip.compare(db, pg, "folder", "id", Set.of());
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM folder_log"));
            assertEquals(List.of("folder_always A", "folder_audit O", "folder_off D", "folder_rename O",
                    "folder_truncated O"), query(pg,
                    "SELECT tgname || ' ' || tgenabled::text FROM pg_trigger WHERE tgrelid = 'folder'::regclass AND NOT tgisinternal ORDER BY 1"));
        }
    }

    /**
     * SQLite never reuses an AUTOINCREMENT id, also of a deleted row: nor does the target's sequence.
     * And `check` on the target judges the revision's PostgreSQL section, not the SQLite one the
     * copied history recorded.
     */
    @Test
    void autoincrementIdsOfDeletedRowsAreNotReused() throws Exception {
        Path revs = Files.createDirectories(tmp.resolve("autoinc"));
        Files.writeString(revs.resolve("a1_m.sql"), "-- m\n--\n-- Revision ID: a1\n-- Revises: \n\n"
                + "-- retort:upgrade sqlite\nCREATE TABLE m (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);\n\n"
                + "-- retort:upgrade postgresql\nCREATE TABLE m (id serial PRIMARY KEY, v TEXT);\n\n"
                + "-- retort:downgrade\nDROP TABLE m;\n");
        Path db = tmp.resolve("autoinc.db");
        Retort.configure().url("sqlite:///" + db).revisions(revs).log(l -> { }).load().upgrade("head");
        sqlite(db, "INSERT INTO m (v) VALUES ('a'), ('b'), ('c'), ('d'), ('e')", "DELETE FROM m WHERE id > 3");
        String url = PgFixture.newDatabase();
        assertEquals(CopyResult.Status.COPIED, Retort.copy(options(db, url, revs).build(), l -> { }).status());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("6"), query(pg, "INSERT INTO m (v) VALUES ('new') RETURNING id"), "after SQLite's 5");
            // the history: the source's run on SQLite, then the copy's on PostgreSQL, with its own checksum
            assertEquals(List.of("a1 upgrade false", "a1 upgrade true"), query(pg, "SELECT revision || ' ' || direction"
                    + " || ' ' || (db_user IS NOT NULL) FROM retort_history ORDER BY id"));
        }
        // so check judges the PostgreSQL section as it ran here, not the SQLite one the source ran
        assertEquals(dev.retort.api.CheckResult.Status.UP_TO_DATE,
                Retort.configure().url(url).revisions(revs).log(l -> { }).load().check().status());
        // a target the application migrated itself: its own records stand, the copied SQLite ones come after
        String migrated = migratedTarget(revs, "head");
        assertEquals(CopyResult.SchemaSource.EXISTING, Retort.copy(options(db, migrated, revs).build(), l -> { }).schema());
        assertEquals(dev.retort.api.CheckResult.Status.UP_TO_DATE,
                Retort.configure().url(migrated).revisions(revs).log(l -> { }).load().check().status());
    }

    /**
     * A target whose schema came another way (pg_dump -s of a migrated database: empty version and
     * history tables): only the copied records, made on SQLite, speak for the revisions, and check
     * compares them with the revisions' SQLite SQL — up to date, and an edit of it still found.
     */
    @Test
    void checkAfterACopyIntoASchemaMadeElsewhereComparesTheCopiedRecordsWithTheSqliteSql() throws Exception {
        Path revs = Files.createDirectories(tmp.resolve("elsewhere"));
        Path file = Files.writeString(revs.resolve("a1_m.sql"), "-- m\n--\n-- Revision ID: a1\n-- Revises: \n\n"
                + "-- retort:upgrade sqlite\nCREATE TABLE m (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT);\n\n"
                + "-- retort:upgrade postgresql\nCREATE TABLE m (id serial PRIMARY KEY, v TEXT);\n\n"
                + "-- retort:downgrade\nDROP TABLE m;\n");
        Path db = tmp.resolve("elsewhere.db");
        Retort.configure().url("sqlite:///" + db).revisions(revs).log(l -> { }).load().upgrade("head");
        sqlite(db, "INSERT INTO m (v) VALUES ('a'), ('b')");
        String url = migratedTarget(revs, "head");
        postgres(url, "DELETE FROM alembic_version", "DELETE FROM retort_history");
        CopyResult report = Retort.copy(options(db, url, revs).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, report.status());
        assertEquals(CopyResult.SchemaSource.EXISTING, report.schema());
        Retort target = Retort.configure().url(url).revisions(revs).log(l -> { }).load();
        assertEquals(dev.retort.api.CheckResult.Status.UP_TO_DATE, target.check().status());
        Files.writeString(file, Files.readString(file).replace("AUTOINCREMENT, v TEXT)", "AUTOINCREMENT, v TEXT NOT NULL)"));
        Retort edited = Retort.configure().url(url).revisions(revs).log(l -> { }).load();
        assertEquals(List.of("a1"), edited.check().changed().stream().map(c -> c.revision()).toList());
    }

    /** A session holding a lock on a target table: the copy says so at once and gives up after --lock-timeout. */
    @Test
    void aLockedTargetTableIsWaitedForAsLongAsTheLockTimeout() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        try (Connection holder = PgFixture.connect(url); Statement st = holder.createStatement()) {
            holder.setAutoCommit(false);
            st.executeQuery("SELECT count(*) FROM folder").close();     // ACCESS SHARE until rollback
            List<String> log = new ArrayList<>();
            CopyException e = assertThrows(CopyException.class,
                    () -> Retort.copy(options(db, url, List.of()).lockTimeoutMillis(500).build(), log::add));
            assertTrue(e.getMessage().startsWith("The target's tables are still locked by another session after 0.5 s"
                    + " (--lock-timeout): pid ") && e.getMessage().contains("Nothing was changed on the target"),
                    e.getMessage());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("Waiting up to 0.5 s (--lock-timeout) for the target's"
                    + " tables, locked by another session: pid ")), log.toString());
            holder.rollback();
        }
        assertEquals(CopyResult.Status.COPIED, Retort.copy(options(db, url, List.of()).build(), l -> { }).status());
    }

    /**
     * The copy holds the target's migration lock, as an upgrade does: a second copy (or an upgrade)
     * into the same target waits for it and then finds the target filled, instead of colliding on
     * a CREATE TABLE of the first; past --lock-timeout it gives up with nothing changed.
     */
    @Test
    void theCopyWaitsForTheTargetsMigrationLock() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = PgFixture.newDatabase();
        long key = dev.retort.db.AdvisoryLock.key(new dev.retort.db.VersionTable("alembic_version", null,
                Dialect.POSTGRESQL));
        try (Connection holder = PgFixture.connect(url); Statement st = holder.createStatement()) {
            st.execute("SELECT pg_advisory_lock(" + key + ")");     // as a running upgrade or copy holds it
            List<String> log = new ArrayList<>();
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Retort.copy(options(db, url, revs).lockTimeoutMillis(500).build(), log::add));
            assertTrue(e.getMessage().startsWith("Timed out after 0.5 s waiting for the migration lock on"), e.getMessage());
            assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
            assertTrue(log.stream().anyMatch(l -> l.startsWith("Waiting for the migration lock")), log.toString());
            try (Connection pg = PgFixture.connect(url)) {
                assertEquals(List.of(), tables(pg));
            }
            st.execute("SELECT pg_advisory_unlock(" + key + ")");
        }
        assertEquals(CopyResult.Status.COPIED, Retort.copy(options(db, url, revs).build(), l -> { }).status());
    }

    /** A source table no revision creates (made by hand): the copy stops before writing and says where to create it. */
    @Test
    void aSourceTableNoRevisionCreatesIsNamedWithWhereToCreateIt() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        sqlite(db, "CREATE TABLE cache_entries (k TEXT PRIMARY KEY, v TEXT)", "INSERT INTO cache_entries VALUES ('a', 'b')");
        String url = migratedTarget(revs, "head");
        RuntimeException e = assertThrows(RuntimeException.class, () -> Retort.copy(options(db, url, revs).build(), l -> { }));
        assertTrue(e.getMessage().contains("table cache_entries has no table in the target (schema public): if the target"
                + " is at the source's revision, no revision creates it"), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM folder"), "nothing copied");
        }
    }

    /** --replace can't empty a table that a table the copy does not write references: the server's detail says which. */
    @Test
    void aReplaceThatCannotTruncateNamesTheReferencingTable() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        postgres(url, "INSERT INTO folder (name) VALUES ('kept')",
                "CREATE TABLE pg_only (folder_id integer REFERENCES folder (id))");
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(options(db, url, List.of()).replace(true).build(), l -> { }));
        assertTrue(e.getMessage().contains("cannot truncate a table referenced in a foreign key constraint (Table"
                + " \"pg_only\" references \"folder\")."), e.getMessage());
    }

    /** A WITHOUT ROWID table has no rowid to name a bad row by: its primary key does. */
    @Test
    void aBadValueOfAWithoutRowidTableIsNamedByItsPrimaryKey() throws Exception {
        Path db = tmp.resolve("kv.db");
        sqlite(db, "CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT) WITHOUT ROWID",
                "INSERT INTO kv VALUES ('a', '{}'), ('t''7', '{bad'), ('z', '[]')");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE kv (k text PRIMARY KEY, v jsonb)");
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(url).build(), l -> { }));
        assertEquals(List.of("kv|row with k = 't''7'|v|invalid_json"), e.problems().stream()
                .map(p -> p.table() + "|" + p.row() + "|" + p.column() + "|" + p.kind()).toList(), e.getMessage());
        // a row the server refuses (here too long for varchar(3)) is named the same way
        String short3 = PgFixture.newDatabase();
        postgres(short3, "CREATE TABLE kv (k text PRIMARY KEY, v varchar(3))");
        CopyException refused = assertThrows(CopyException.class,
                () -> Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(short3).build(), l -> { }));
        assertTrue(refused.getMessage().contains("row with k = 't''7'"), refused.getMessage());
    }

    /** Orphans of a WITHOUT ROWID table can't be left out by rowid: the error gives the query that finds them. */
    @Test
    void orphansOfAWithoutRowidTableComeWithTheQueryThatFindsThem() throws Exception {
        Path db = tmp.resolve("tags.db");
        sqlite(db, "CREATE TABLE tag (id INTEGER PRIMARY KEY)", "CREATE TABLE note_tag (note_id INTEGER, tag_id INTEGER"
                + " REFERENCES tag (id), PRIMARY KEY (note_id, tag_id)) WITHOUT ROWID", "INSERT INTO tag VALUES (1)",
                "INSERT INTO note_tag VALUES (1, 1), (2, 9)");
        CopyResult r = Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(PgFixture.newDatabase()).build(),
                l -> { });
        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, r.status());
        String query = "SELECT * FROM \"note_tag\" WHERE \"tag_id\" IS NOT NULL AND (\"tag_id\") NOT IN"
                + " (SELECT \"id\" FROM \"tag\")";
        assertTrue(r.preflight().errors().stream().anyMatch(e -> e.endsWith("They are: " + query + ";")),
                r.preflight().errors().toString());
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(query)) {
            assertTrue(rs.next());
            assertEquals(2, rs.getInt("note_id"));
            assertFalse(rs.next());
        }
    }

    @Test
    void schemaWithoutVersionTableGetsTheSourcesRevision() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        postgres(url,
                "DROP TABLE alembic_version",
                "DROP TABLE retort_history");
        CopyResult report = Retort.copy(options(db, url, List.of()).build(), l -> { });
        assertEquals(CopyResult.SchemaSource.EXISTING, report.schema());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of(SampleApp.REV2), query(pg, "SELECT version_num FROM alembic_version"));
        }
    }

    @Test
    void targetAtAnotherRevisionIsRefused() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, SampleApp.REV1);
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url, revs).build(), l -> { }));
        String m = e.getMessage();
        assertTrue(m.contains("is at " + SampleApp.REV1 + " but the source is at " + SampleApp.REV2), m);
        assertTrue(m.contains("application's own migrations") && !m.contains("..."), m);
    }

    @Test
    void serverSideFailureMidCopyRollsTheTargetBackExactly() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        sqlite(db, "UPDATE file SET size = -1 WHERE id = 13"); // violates the target's CHECK (size >= 0)
        // 1. empty target: afterwards it has no tables again
        String url = PgFixture.newDatabase();
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url, revs).build(), l -> { }));
        assertTrue(e.getMessage().contains("file") && e.getMessage().contains("rowid 13")
                && e.getMessage().contains("size_check"), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of(), tables(pg));
        }
        // 2. a target that held rows, with --replace: the old rows are all still there
        String url2 = migratedTarget(revs, "head");
        postgres(url2,
                "INSERT INTO \"user\" (id, email, name, created_at) VALUES (500, 'old@x', 'Old', now())",
                "INSERT INTO folder (id, name) VALUES (77, 'old')");
        assertThrows(CopyException.class, () -> Retort.copy(options(db, url2, revs).replace(true).build(), l -> { }));
        try (Connection pg = PgFixture.connect(url2)) {
            assertEquals(List.of("500"), query(pg, "SELECT id FROM \"user\""));
            assertEquals(List.of("77"), query(pg, "SELECT id FROM folder"));
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM chat"));
            assertEquals(List.of(SampleApp.REV2), query(pg, "SELECT version_num FROM alembic_version"));
        }
    }

    /** The source's history is appended; copying again with --replace brings it once, not twice. */
    @Test
    void copyingAgainWithReplaceDoesNotRepeatTheHistory() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        String byOrigin = "SELECT (db_user IS NOT NULL)::text || ' ' || count(*) FROM retort_history"
                + " GROUP BY db_user IS NOT NULL ORDER BY 1";
        Retort.copy(options(db, url, revs).build(), l -> { });
        List<String> once = query(PgFixture.connect(url), byOrigin);
        assertEquals(List.of("false 2", "true 2"), once, "the source's 2 records, and the 2 the migration made here");
        for (int i = 0; i < 2; i++) {
            List<String> log = new ArrayList<>();
            CopyResult r = Retort.copy(options(db, url, revs).replace(true).build(), log::add);
            assertTrue(r.tables().stream().allMatch(CopyResult.Table::verified), r.toString());
            assertEquals(once, query(PgFixture.connect(url), byOrigin));
            assertTrue(log.stream().anyMatch(l -> l.contains("removed the 2 history record(s) an earlier copy")),
                    log.toString());
        }
    }

    @Test
    void targetWithRowsIsRefusedUnlessReplace() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = migratedTarget(revs, "head");
        postgres(url, "INSERT INTO tag (name) VALUES ('existing')");
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url, revs).build(), l -> { }));
        assertTrue(e.getMessage().contains("already hold rows: tag") && e.getMessage().contains("--replace"),
                e.getMessage());
        CopyResult r = Retort.copy(options(db, url, revs).replace(true).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, r.status());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM tag"));
            RoundTrip.compare(db, pg, "chat", "id", Set.of());
        }
    }

    @Test
    void orphansStopTheCopyWithAReportAndCleanupSqlThatWorks() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, true);
        String hash = sha256(db);
        String url = PgFixture.newDatabase();

        CopyResult r = Retort.copy(options(db, url, revs).build(), l -> { });

        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, r.status());
        assertEquals(5, r.exitCode());
        assertEquals(hash, sha256(db));
        CopyResult.Preflight p = r.preflight();
        assertEquals(Map.of("auth", 1L, "chat_file", 1L, "file", 1L, "knowledge_file", 1L), Map.copyOf(p.leftOut()));
        CopyResult.Orphans cascaded = p.orphans().stream().filter(o -> o.table().equals("knowledge_file")).findFirst()
                .orElseThrow();
        assertTrue(cascaded.cascaded(), Preflight.render(p));
        String text = Preflight.render(p);
        assertTrue(text.contains("DELETE FROM \"auth\" WHERE rowid IN (31);"), text);
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of(), tables(pg), "nothing may be written on a failed preflight");
        }
        // the cleanup SQL, run on a copy of the source, removes exactly what the report lists
        Path cleaned = Files.copy(db, tmp.resolve("cleaned.db"));
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + cleaned);
             Statement st = c.createStatement()) {
            for (String sql : p.cleanupSql()) {
                if (!sql.startsWith("--")) {
                    st.execute(sql.replaceAll("--.*$", "").strip().replaceAll(";$", ""));
                }
            }
        }
        CopyResult after = Retort.copy(options(cleaned, url, revs).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, after.status());
        assertEquals(30, after.tables().stream().filter(t -> t.table().equals("auth")).findFirst().orElseThrow()
                .copiedRows());
    }

    @Test
    void skipOrphansLeavesThemAndTheirDependantsOut() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, true);
        String url = PgFixture.newDatabase();

        List<String> log = new ArrayList<>();
        CopyResult r = Retort.copy(options(db, url, revs).skipOrphans(true).progress(ProgressMode.LINES).build(),
                log::add);

        assertEquals(CopyResult.Status.COPIED, r.status());
        // the table's progress line counts what was read and what was copied, not only what was read
        CopyResult.Table file = r.tables().stream().filter(t -> t.table().equals("file")).findFirst().orElseThrow();
        assertTrue(log.stream().anyMatch(l -> l.startsWith("file: " + file.sourceRows() + " rows read, "
                + file.copiedRows() + " copied in ")), log.toString());
        Map<String, Long> leftOut = new java.util.HashMap<>();
        r.tables().forEach(t -> leftOut.put(t.table(), t.leftOut()));
        assertEquals(1L, leftOut.get("auth"));
        assertEquals(1L, leftOut.get("file"));
        assertEquals(1L, leftOut.get("knowledge_file"));
        assertEquals(1L, leftOut.get("chat_file"));
        assertEquals(0L, leftOut.get("user"));
        try (Connection pg = PgFixture.connect(url)) {
            RoundTrip.compare(db, pg, "file", "id", Set.of("21"));
            RoundTrip.compare(db, pg, "user", "id", Set.of());
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM knowledge_file WHERE file_id = 21"));
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM chat_file WHERE chat_id = 'no-such-chat'"));
        }
    }

    @Test
    void invalidJsonNulAndNullsAreReportedByTableRowAndColumn() throws Exception {
        Path revs = revisions();
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        sqlite(db,
                "UPDATE chat SET meta = '{\"tags\": [1, 2,]}' WHERE id = 'chat-7'",
                "UPDATE \"user\" SET name = 'nul' || char(0) || 'inside' WHERE id = 3",
                "UPDATE knowledge SET data = '{\"a\": \"\\u0000\"}' WHERE id = 4",
                "UPDATE \"group\" SET user_ids = 'not json' WHERE id = 2",
                "UPDATE auth SET active = 2 WHERE user_id = 5");
        String url = PgFixture.newDatabase();
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, url, revs).build(), l -> { }));
        List<String> found = e.problems().stream().map(p -> p.table() + "|" + p.row() + "|" + p.column() + "|"
                + p.kind()).sorted().toList();
        // a primary key that is not the rowid is named with it
        assertEquals(List.of("auth|rowid 5 (row with id = 'e483ecf2-5ffa-30b6-a18c-92c208173f09')|active|bad_value",
                "chat|rowid 7 (row with id = 'chat-7')|meta|invalid_json",
                "group|rowid 2|user_ids|invalid_json", "knowledge|rowid 4|data|invalid_json",
                "user|rowid 3|name|nul_in_text"), found, e.getMessage());
        assertTrue(e.getMessage().contains("invalid JSON at byte"), e.getMessage());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of(), tables(pg));
        }
    }

    @Test
    void tablesReferencingEachOtherAreCopied() throws Exception {
        Path db = tmp.resolve("cycle.db");
        sqlite(db,
                "CREATE TABLE team (id INTEGER PRIMARY KEY, lead_id INTEGER REFERENCES member (id))",
                "CREATE TABLE member (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES team (id))",
                "INSERT INTO team VALUES (1, 10), (2, 20)",
                "INSERT INTO member VALUES (10, 1), (20, 2), (30, 1)");
        String url = PgFixture.newDatabase();
        postgres(url,
                "CREATE TABLE team (id BIGSERIAL PRIMARY KEY, lead_id BIGINT)",
                "CREATE TABLE member (id BIGSERIAL PRIMARY KEY, team_id BIGINT REFERENCES team (id))",
                "ALTER TABLE team ADD CONSTRAINT team_lead_fk FOREIGN KEY (lead_id) REFERENCES member (id)");
        CopyResult r = Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(url).build(), l -> { });
        assertEquals(CopyResult.Status.COPIED, r.status());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("3"), query(pg, "SELECT count(*) FROM member"));
            assertEquals(List.of("team_lead_fk"), query(pg, "SELECT conname FROM pg_constraint WHERE conname ="
                    + " 'team_lead_fk'"));
            assertEquals(List.of("31"), query(pg, "SELECT nextval('member_id_seq')"));
        }
    }

    @Test
    void aFailedIntegrityCheckStopsTheCopyAndLeavesTheTargetUnchanged() throws Exception {
        Path db = tmp.resolve("damaged.db");
        sqlite(db,
                "CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)",
                "CREATE INDEX ix_t ON t (a)",
                "INSERT INTO t VALUES (1, 'x', 'y'), (2, 'p', 'q')",
                // an index whose entries no longer match its definition: integrity_check reports it
                "PRAGMA writable_schema = ON",
                "UPDATE sqlite_master SET sql = 'CREATE INDEX ix_t ON t (b)' WHERE name = 'ix_t'");
        String url = PgFixture.newDatabase();
        postgres(url, "CREATE TABLE t (id BIGINT PRIMARY KEY, a TEXT, b TEXT)");
        CopyResult r = Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(url).build(), l -> { });
        assertEquals(CopyResult.Status.PREFLIGHT_FAILED, r.status());
        assertFalse(r.preflight().integrityCheck().isEmpty(), Preflight.render(r.preflight()));
        assertTrue(Preflight.render(r.preflight()).contains("ix_t"), Preflight.render(r.preflight()));
        assertTrue(Preflight.render(r.preflight()).contains("The source file is damaged. On a copy of it:"),
                "and what to do about it: " + Preflight.render(r.preflight()));
        // each line of a check's answer is indented under its heading (SQLite puts several lines in one row)
        String rendered = Preflight.render(new CopyResult.Preflight(List.of("row 1 missing from index ix_t\nrow 2"
                + " missing from index ix_t"), List.of(), List.of(), List.of(), Map.of(), Map.of(), List.of(), 0));
        assertTrue(rendered.startsWith("PRAGMA quick_check found problems:\n  row 1 missing from index ix_t\n"
                + "  row 2 missing from index ix_t\n"), rendered);
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("0"), query(pg, "SELECT count(*) FROM t"));
        }
    }

    /** A revision that seeds rows ran on the source too: the copy brings the source's rows, as they are now. */
    @Test
    void rowsThatTheRevisionsSeedAreTheSourcesAfterACopyIntoAnEmptyTarget() throws Exception {
        Path revs = Files.createDirectories(tmp.resolve("seeding"));
        Files.writeString(revs.resolve("a1_roles.sql"), "-- roles\n--\n-- Revision ID: a1\n-- Revises: \n\n"
                + "-- retort:upgrade\nCREATE TABLE role (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);\n"
                + "INSERT INTO role (id, name) VALUES (1, 'admin'), (2, 'user');\n\n-- retort:downgrade\nDROP TABLE role;\n");
        Path db = tmp.resolve("seeded.db");
        Retort.configure().url("sqlite:///" + db).revisions(revs).log(l -> { }).load().upgrade("head");
        sqlite(db, "DELETE FROM role WHERE id = 2", "INSERT INTO role (id, name) VALUES (3, 'guest')");
        String url = PgFixture.newDatabase();
        List<String> log = new ArrayList<>();
        CopyResult r = Retort.copy(options(db, url, revs).build(), log::add);
        assertEquals(CopyResult.Status.COPIED, r.status());
        assertTrue(log.contains("Emptied the rows the revisions inserted (the source's rows are copied): role"),
                log.toString());
        try (Connection pg = PgFixture.connect(url)) {
            assertEquals(List.of("1 admin", "3 guest"), query(pg, "SELECT id || ' ' || name FROM role ORDER BY id"));
        }
        // into a target the application created, seeded rows are the user's to decide on
        String migrated = migratedTarget(revs, "head");
        CopyException e = assertThrows(CopyException.class, () -> Retort.copy(options(db, migrated, revs).build(), l -> { }));
        assertTrue(e.getMessage().contains("already hold rows: role"), e.getMessage());
    }

    @Test
    void emptyTargetWithoutRevisionsOrVersionIsAClearError() throws Exception {
        Path db = tmp.resolve("plain.db");
        sqlite(db, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        String url = PgFixture.newDatabase();
        CopyException e = assertThrows(CopyException.class,
                () -> Retort.copy(CopyOptions.builder().from("sqlite:///" + db).to(url).build(), l -> { }));
        assertTrue(e.getMessage().contains("has no tables"), e.getMessage());
        assertFalse(e.getMessage().contains("Exception"), e.getMessage());
    }
}
