package dev.retort.transfer;

import dev.retort.api.RetortException;
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
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

/**
 * The SQLite database being copied, opened read-only (SQLITE_OPEN_READONLY: nothing can be written
 * to it) and read inside one read transaction, so every count and row comes from one snapshot even
 * if the application is still running.
 */
final class SqliteSource implements AutoCloseable {
    /** A source column; {@code hidden} as PRAGMA table_xinfo (2, 3: generated). */
    record Column(String name, boolean notNull, int pk, int hidden) {
    }

    /** A foreign key: child columns {@code from} reference {@code to} in {@code parent} (resolved). */
    record ForeignKey(int id, String table, String parent, List<String> from, List<String> to, boolean nullable) {
    }

    /**
     * A table to copy.
     *
     * @param rowid the name that selects the rowid ({@code rowid}, {@code _rowid_} or {@code oid}), or
     *              null for a WITHOUT ROWID table (or one whose columns shadow all three)
     */
    record Table(String name, String rowid, List<Column> columns, List<ForeignKey> foreignKeys) {
    }

    private final Path file;
    private final Connection connection;

    private SqliteSource(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    static SqliteSource open(Path file, int busyTimeoutMillis) {
        if (file == null || !Files.isRegularFile(file)) {
            throw RetortException.usage("no SQLite database at " + file + " (nothing was created); check the --from"
                    + " path");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        config.setBusyTimeout(busyTimeoutMillis);
        try {
            Connection c = config.createConnection("jdbc:sqlite:" + file);
            c.setAutoCommit(false); // one read transaction: one snapshot for the whole copy
            return new SqliteSource(file, c);
        } catch (SQLException e) {
            throw new RetortException("Can't open " + file + " read-only: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    Connection connection() {
        return connection;
    }

    /** Ordinary tables of the main schema; {@code skipped} receives virtual and shadow tables. */
    List<Table> tables(List<String> skipped) throws SQLException {
        Map<String, Boolean> withoutRowid = new TreeMap<>(); // name to its "wr" flag, sorted by name
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
                } else if (!"view".equals(type)) {
                    skipped.add(name + " (" + type + " table)");
                }
            }
        }
        List<Table> out = new ArrayList<>();
        for (Map.Entry<String, Boolean> e : withoutRowid.entrySet()) {
            out.add(table(e.getKey(), e.getValue()));
        }
        return out;
    }

    private Table table(String name, boolean withoutRowid) throws SQLException {
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
        return new Table(name, rowid, List.copyOf(cols), foreignKeys(name, cols));
    }

    private List<ForeignKey> foreignKeys(String table, List<Column> cols) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("PRAGMA main.foreign_key_list(" + Sql.quote(table) + ")")) {
            int id = -1;
            String parent = null;
            List<String> from = new ArrayList<>();
            List<String> to = new ArrayList<>();
            while (rs.next()) {
                if (rs.getInt("id") != id) {
                    if (id >= 0) {
                        out.add(fk(id, table, parent, from, to, cols));
                    }
                    id = rs.getInt("id");
                    parent = rs.getString("table");
                    from = new ArrayList<>();
                    to = new ArrayList<>();
                }
                from.add(rs.getString("from"));
                to.add(rs.getString("to"));
            }
            if (id >= 0) {
                out.add(fk(id, table, parent, from, to, cols));
            }
        }
        return out;
    }

    private ForeignKey fk(int id, String table, String parent, List<String> from, List<String> to,
                          List<Column> cols) throws SQLException {
        if (to.stream().anyMatch(t -> t == null)) {
            to = parentKey(parent);
        }
        boolean nullable = from.stream().allMatch(f -> cols.stream()
                .anyMatch(c -> c.name().equalsIgnoreCase(f) && !c.notNull() && c.pk() == 0));
        return new ForeignKey(id, table, parent, List.copyOf(from), List.copyOf(to), nullable);
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
