package dev.retort.transfer;

import dev.retort.api.RetortException;
import dev.retort.db.Database;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.sqlite.BusyHandler;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite database being copied, opened read-only (SQLITE_OPEN_READONLY: nothing can be written
 * to it) and read inside one read transaction, so every count and row comes from one snapshot even
 * if the application is still running.
 */
final class SqliteSource implements AutoCloseable {
    /** A source column; {@code hidden} as PRAGMA table_xinfo (1: a virtual table's hidden column; 2, 3: generated). */
    record Column(String name, boolean notNull, int pk, int hidden) {
    }

    /**
     * A foreign key: child columns {@code from} reference {@code to} in {@code parent} (resolved).
     *
     * @param onDelete as PRAGMA foreign_key_list says: NO ACTION, RESTRICT, CASCADE, SET NULL, SET DEFAULT
     */
    record ForeignKey(int id, String table, String parent, List<String> from, List<String> to, boolean nullable,
                      String onDelete) {
        boolean cascades() {
            return onDelete.equalsIgnoreCase("CASCADE");
        }

        /** ON DELETE SET NULL on columns that may hold NULL. */
        boolean clears() {
            return onDelete.equalsIgnoreCase("SET NULL") && nullable;
        }
    }

    /**
     * A table to copy.
     *
     * @param rowid the name that selects the rowid ({@code rowid}, {@code _rowid_} or {@code oid}), or
     *              null for a WITHOUT ROWID table (or one whose columns shadow all three)
     * @param virtual  for a virtual table holding its own rows, its module and row count; null for an ordinary table
     */
    record Table(String name, String rowid, List<Column> columns, List<ForeignKey> foreignKeys, Virtual virtual) {
    }

    /** A virtual table's module ({@code fts5}, {@code rtree}, ...) and its rows, for a target lacking its table. */
    record Virtual(String module, long rows) {
    }

    private final Path file;
    private final Connection connection;
    private long dataVersion;

    private SqliteSource(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the file read-only and reads its first page. While another process holds it locked, waits
     * up to {@code busyMillis}, saying so at once through {@code log}.
     *
     * @throws RetortException a missing, empty or non-SQLite file, or one that can't be read as it
     *                         is (exit 2); still locked after the wait (exit 1)
     */
    static SqliteSource open(Path file, long busyMillis, Consumer<String> log) {
        checkFile(file);
        return connect(file, busyMillis, log);
    }

    /**
     * A second read-only connection to the file {@link #open} checked, for work beside the copy. It
     * reads nothing of the file itself: closing a file descriptor drops every POSIX lock the process
     * holds on the file, the copy's connection's shared lock included, and a writer could then commit
     * in the middle of the copy's snapshot.
     */
    static SqliteSource openBeside(Path file, long busyMillis) {
        return connect(file, busyMillis, line -> { });
    }

    private static SqliteSource connect(Path file, long busyMillis, Consumer<String> log) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + file);
            BusyHandler.setHandler(c, new Waiting(file, busyMillis, log));
            c.setAutoCommit(false); // one read transaction: one snapshot for the whole copy
            SqliteSource s = new SqliteSource(file, c);
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM main.sqlite_master")) {
                rs.next(); // the first read: takes the snapshot (and meets a lock, a hot journal, ...)
            }
            s.dataVersion = s.dataVersion();
            return s;
        } catch (SQLException e) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // the open failed already
                }
            }
            throw cantRead(file, busyMillis, e);
        }
    }

    /** The file is there and starts like a SQLite database. */
    private static void checkFile(Path file) {
        if (file == null || !Files.exists(file)) {
            throw RetortException.usage("no SQLite database at " + file + " (no such file): check the path in --from"
                    + " (sqlite:///relative.db, sqlite:////absolute/path.db)");
        }
        if (Files.isDirectory(file)) {
            throw RetortException.usage(file + " is a directory, not a SQLite database: give the database file in"
                    + " --from (sqlite:///" + file.resolve("app.db") + ")");
        }
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(16);
        } catch (java.io.IOException e) {
            throw RetortException.usage("can't read " + file + ": " + e.getMessage());
        }
        if (head.length == 0) {
            throw RetortException.usage(file + " is empty (0 bytes): it holds no tables. Is this the right file? The"
                    + " application's database is the file it was configured with (its DATABASE_URL)");
        }
        if (!new String(head, java.nio.charset.StandardCharsets.ISO_8859_1).equals("SQLite format 3\0")) {
            throw RetortException.usage(file + " is not a SQLite database (it does not start with \"SQLite format 3\")."
                    + " Is this the right file? (an encrypted database must be decrypted first)");
        }
    }

    private static RetortException cantRead(Path file, long busyMillis, SQLException e) {
        SQLiteErrorCode code = e instanceof SQLiteException se ? se.getResultCode() : null;
        String text = String.valueOf(e.getMessage());
        if (code == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK || text.contains("READONLY_ROLLBACK")) {
            return RetortException.usage(file + " has a hot journal (" + SourceWatch.sibling(file, "-journal")
                    .getFileName() + ") left by a crash: it must be rolled back before the data can be read, and the"
                    + " copy never writes to the source. Back up both files, then open the database once with"
                    + " sqlite3, which rolls the journal back: sqlite3 " + file + " 'PRAGMA quick_check;'"
                    + " -- then run the copy again.");
        }
        if (code == SQLiteErrorCode.SQLITE_NOTADB || text.contains("NOTADB")) {
            return RetortException.usage(file + " is not a SQLite database (" + text + "). Is this the right file?");
        }
        if (code == SQLiteErrorCode.SQLITE_BUSY || text.contains("SQLITE_BUSY")) {
            return new RetortException("The SQLite database " + file + " is still locked by another process after "
                    + Database.seconds(busyMillis) + " (--lock-timeout): the application is using it. Stop the application"
                    + " (check with: fuser -v " + file + "*), then run the copy again.", 1, e);
        }
        return new RetortException("Can't read " + file + " read-only: " + text, 1, e);
    }

    /** The busy handler: says at once what it waits for, then retries until the lock timeout. */
    private static final class Waiting extends BusyHandler {
        private final Path file;
        private final long millis;
        private final Consumer<String> log;
        private long start;

        Waiting(Path file, long millis, Consumer<String> log) {
            this.file = file;
            this.millis = millis;
            this.log = log;
        }

        @Override
        protected int callback(int attempts) {
            long now = System.nanoTime();
            if (attempts == 0) {
                start = now;
                log.accept("Waiting up to " + Database.seconds(millis) + " (--lock-timeout) for " + file + ": another process"
                        + " holds a lock on it (the application is writing?). Stop the application to go on at once.");
            }
            long left = millis - (now - start) / 1_000_000;
            if (left <= 0) {
                return 0;
            }
            try {
                Thread.sleep(Math.min(left, 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
            return 1;
        }
    }

    /** PRAGMA data_version: changes when another connection commits (seen once this one's transaction ends). */
    long dataVersion() throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA data_version")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Ends the snapshot and says whether another connection committed since it was taken. The
     * connection stays open until {@link #close()}.
     */
    boolean changedSinceOpen() throws SQLException {
        connection.rollback();
        boolean changed = dataVersion() != dataVersion;
        connection.rollback();
        return changed;
    }

    Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /**
     * The highest id each AUTOINCREMENT table ever handed out ({@code sqlite_sequence}, by table
     * name): higher than its largest id when the last rows were deleted, and never to be reused.
     */
    Map<String, Long> autoincrementHighs() throws SQLException {
        Map<String, Long> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Statement st = connection.createStatement();
             ResultSet exists = st.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'")) {
            if (!exists.next()) {
                return out;
            }
        }
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT name, seq FROM sqlite_sequence")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getLong(2));
            }
        }
        return out;
    }

    /**
     * The tables of the main schema: ordinary ones, and virtual ones holding their own rows (FTS
     * without content=, rtree, any other module), whose rows are read through the table like any
     * other. {@code skipped} receives, by name, what holds no rows of its own, and why: shadow tables
     * (a virtual table's storage) and external-content or contentless FTS indexes.
     *
     * @throws RetortException a virtual table whose module this SQLite lacks: its rows can't be read
     */
    List<Table> tables(Map<String, String> skipped) throws SQLException {
        Map<String, Boolean> withoutRowid = new TreeMap<>(); // name to its "wr" flag, sorted by name
        List<String> virtual = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.table_list")) {
            while (rs.next()) {
                String name = rs.getString("name");
                String type = rs.getString("type");
                if (name.toLowerCase(Locale.ROOT).startsWith("sqlite_")) {
                    continue;
                }
                if ("table".equals(type)) {
                    withoutRowid.put(name, rs.getInt("wr") != 0);
                } else if ("virtual".equals(type)) {
                    virtual.add(name);
                } else if (!"view".equals(type)) {
                    skipped.put(name, type + " table");
                }
            }
        }
        List<Table> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : withoutRowid.entrySet()) {
            out.add(table(e.getKey(), e.getValue(), null));
        }
        for (String name : virtual) {
            VirtualTable v = VirtualTable.parse(createSql(name));
            if (v.ownRows()) {
                out.add(table(name, false, new Virtual(v.module(), virtualCount(name, v.module()))));
            } else {
                skipped.put(name, v.content().isEmpty() ? "contentless " + v.module() + " index: it holds no rows"
                        : v.module() + " index over " + v.content() + ": its rows are " + v.content() + "'s");
            }
        }
        out.sort(java.util.Comparator.comparing(Table::name));
        return out;
    }

    private String createSql(String name) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT sql FROM main.sqlite_master WHERE type = 'table'"
                + " AND name = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    /** The rows of a virtual table; its module missing here (an extension the application loads), a clear stop. */
    private long virtualCount(String name, String module) throws SQLException {
        try {
            return count(name);
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no such module")) {
                throw e;
            }
            throw new RetortException("The source's virtual table " + name + " uses the module " + module + ", which"
                    + " this SQLite does not have (an extension the application loads), so its rows can't be read."
                    + " With the application's SQLite, on a copy of the file, make it an ordinary table: CREATE TABLE "
                    + Sql.quote(name + "_rows") + " AS SELECT * FROM " + Sql.quote(name) + "; DROP TABLE "
                    + Sql.quote(name) + "; ALTER TABLE " + Sql.quote(name + "_rows") + " RENAME TO " + Sql.quote(name)
                    + "; then copy from that file.", 1, e);
        }
    }

    private Table table(String name, boolean withoutRowid, Virtual virtual) throws SQLException {
        List<Column> cols = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.table_xinfo(" + Sql.quote(name) + ")")) {
            while (rs.next()) {
                cols.add(new Column(rs.getString("name"), rs.getInt("notnull") != 0, rs.getInt("pk"),
                        rs.getInt("hidden")));
            }
        }
        String rowid = null;
        if (!withoutRowid) {
            for (String alias : List.of("rowid", "_rowid_", "oid")) {
                if (cols.stream().noneMatch(c -> c.name().equalsIgnoreCase(alias))) {
                    rowid = alias;
                    break;
                }
            }
        }
        // a virtual table has no foreign keys (PRAGMA foreign_key_list knows none)
        return new Table(name, rowid, List.copyOf(cols), virtual == null ? foreignKeys(name, cols) : List.of(),
                virtual);
    }

    private List<ForeignKey> foreignKeys(String table, List<Column> cols) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.foreign_key_list(" + Sql.quote(table) + ")")) {
            int id = -1;
            String parent = null;
            String onDelete = null;
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            while (rs.next()) {
                if (rs.getInt("id") != id) {
                    if (id >= 0) {
                        out.add(fk(id, table, parent, from, to, cols, onDelete));
                    }
                    id = rs.getInt("id");
                    parent = rs.getString("table");
                    onDelete = rs.getString("on_delete");
                    from = new ArrayList<>();
                    to = new ArrayList<>();
                }
                from.add(rs.getString("from"));
                to.add(rs.getString("to"));
            }
            if (id >= 0) {
                out.add(fk(id, table, parent, from, to, cols, onDelete));
            }
        }
        return out;
    }

    private ForeignKey fk(int id, String table, String parent, List<String> from, List<String> to,
                          List<Column> cols, String onDelete) throws SQLException {
        if (to.stream().anyMatch(t -> t == null)) {
            to = parentKey(parent);
        }
        boolean nullable = from.stream().allMatch(f -> cols.stream()
                .anyMatch(c -> c.name().equalsIgnoreCase(f) && !c.notNull() && c.pk() == 0));
        return new ForeignKey(id, table, parent, List.copyOf(from), List.copyOf(to), nullable,
                onDelete == null ? "NO ACTION" : onDelete);
    }

    /** The primary key of a parent table (what a foreign key without columns references). */
    private List<String> parentKey(String parent) throws SQLException {
        List<String[]> pk = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.table_info(" + Sql.quote(parent) + ")")) {
            while (rs.next()) {
                if (rs.getInt("pk") > 0) {
                    pk.add(new String[] {String.format("%05d", rs.getInt("pk")), rs.getString("name")});
                }
            }
        }
        pk.sort((a, b) -> a[0].compareTo(b[0]));
        return pk.isEmpty() ? List.of("rowid") : pk.stream().map(a -> a[1]).toList();
    }

    long count(String table) throws SQLException {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) FROM main." + Sql.quote(table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** PRAGMA quick_check / integrity_check: the problems found (empty when the answer is "ok"). */
    List<String> check(String pragma) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("PRAGMA main." + pragma
                + "(100)")) {
            while (rs.next()) {
                String s = rs.getString(1);
                if (!"ok".equals(s)) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // read-only: nothing to undo
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // best effort
        }
    }
}
