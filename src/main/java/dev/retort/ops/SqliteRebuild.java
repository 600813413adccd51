package dev.retort.ops;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.ops.Operation.*;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQLite table rebuild of PORTABLE.md, for consecutive operations on one table that SQLite's
 * ALTER TABLE can't do: a new table with the new definition under a temporary name, the rows
 * copied (rowids kept, CAST where the column's type affinity changes, as Alembic's batch mode
 * does), the old table dropped, the new one renamed, its indexes and triggers re-created, then
 * a foreign key check of the table and of the tables that refer to it, and of the views. It runs
 * on the revision's transaction; any failure is an exception and the caller rolls back, so the
 * table is as it was. {@code PRAGMA foreign_keys} must be off (the executor switches it around
 * the revision: it can't change inside a transaction, and a DROP TABLE with it on would delete
 * or refuse for the rows other tables hold on this one).
 */
final class SqliteRebuild implements Rendered.LiveStep {
    private final String table;
    private final List<Operation> ops;

    SqliteRebuild(String table, List<Operation> ops) {
        this.table = table;
        this.ops = List.copyOf(ops);
    }

    @Override
    public String describe() {
        StringBuilder b = new StringBuilder("rebuild " + table + ":");
        for (Operation op : ops) {
            b.append(' ').append(Render.canonical(op));
        }
        return b.toString();
    }

    @Override
    public String title() {
        return "the SQLite rebuild of table '" + table + "' for " + operations();
    }

    /**
     * drop_column alone: the ALTER TABLE ... DROP COLUMN that {@link #plainDropWorks} runs online (and
     * Alembic prints); SQLite itself refuses it where online would rebuild (an index, key or constraint
     * uses the column). Every other rebuild, and if_exists, needs the live table: null.
     */
    @Override
    public String offlineSql() {
        List<String> sql = new ArrayList<>();
        for (Operation op : ops) {
            if (!(op instanceof DropColumn d) || d.ifExists()) {
                return null;
            }
            sql.add(dropColumnSql(table, d.column()));
        }
        return String.join(";\n\n", sql);
    }

    /**
     * The new table's AUTOINCREMENT counter (its sqlite_sequence row, which the RENAME carries over) is
     * the old table's, not the highest rowid copied: an id of a deleted row is never handed out again.
     */
    private static void carryAutoincrementCounter(Connection c, String table, String tmp) throws SQLException {
        try (PreparedStatement up = c.prepareStatement("UPDATE sqlite_sequence SET seq = max(seq, coalesce((SELECT seq"
                + " FROM sqlite_sequence WHERE name = ?), 0)) WHERE name = ?");
             PreparedStatement in = c.prepareStatement("INSERT INTO sqlite_sequence (name, seq) SELECT ?, seq FROM"
                     + " sqlite_sequence WHERE name = ? AND NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = ?)")) {
            up.setString(1, table);
            up.setString(2, tmp);
            up.executeUpdate();
            in.setString(1, tmp);   // an empty copy has no row of its own yet
            in.setString(2, table);
            in.setString(3, tmp);
            in.executeUpdate();
        }
    }

    private static String dropColumnSql(String tableName, String column) {
        return "ALTER TABLE " + Ddl.quote(tableName, Dialect.SQLITE) + " DROP COLUMN " + Ddl.quote(column, Dialect.SQLITE);
    }

    /** The operations, as messages name them: {@code alter_column (line 12)}. */
    String operations() {
        List<String> names = new ArrayList<>();
        for (Operation op : ops) {
            names.add(op.name() + " (line " + op.line() + ")");
        }
        return String.join(", ", names);
    }

    @Override
    public void run(Connection c) throws SQLException {
        try {
            rebuild(c);
        } catch (RetortException | SQLException e) {
            throw new RetortException(title() + " failed: "
                    + dev.retort.db.Database.errorText(e) + ". The table is unchanged.", e);
        }
    }

    private void rebuild(Connection c) throws SQLException {
        if (pragma(c, "foreign_keys") != 0) {
            throw new RetortException("PRAGMA foreign_keys is on inside the revision's transaction; run the revision"
                    + " through retort's executor, which switches it off around a rebuild");
        }
        SqliteTable t = SqliteTable.read(c, table);
        List<String> oldNames = new ArrayList<>();
        for (SqliteTable.Col col : t.cols) {
            oldNames.add(col.name());
        }
        List<SqliteTable.Constraint> oldConstraints = List.copyOf(t.constraints);
        List<String> oldPk = List.copyOf(t.pk);
        Set<String> dropped = new HashSet<>();
        Set<String> casts = new HashSet<>();
        boolean onlyDrops = true;
        for (Operation op : ops) {
            onlyDrops &= op instanceof DropColumn;
            apply(t, op, dropped, casts);
        }
        List<String[]> allIndexes = indexes(c, t.name);
        List<String[]> indexes = withoutDropped(c, allIndexes, dropped);
        if (onlyDrops && !dropped.isEmpty() && indexes.size() == allIndexes.size()
                && plainDropWorks(c, t.name, dropped, oldConstraints, oldPk)) {
            return;
        }
        String tmp = "_retort_tmp_" + t.name;
        List<String> triggers = strings(c, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?"
                + " AND sql IS NOT NULL ORDER BY rowid", t.name);
        // copy: every surviving column by its old name, cast where Alembic would
        List<String> into = new ArrayList<>();
        List<String> from = new ArrayList<>();
        for (SqliteTable.Col col : t.cols) {
            int old = indexOfIgnoreCase(oldNames, col.name());
            if (old < 0) {
                continue; // a new column: its default
            }
            String q = Ddl.quote(col.name(), Dialect.SQLITE);
            into.add(q);
            from.add(casts.contains(col.name().toLowerCase(Locale.ROOT)) ? "CAST(" + q + " AS " + col.type() + ")" : q);
        }
        boolean copyRowid = !t.withoutRowid && !t.rowidAlias() && oldNames.stream().noneMatch(
                n -> Set.of("rowid", "_rowid_", "oid").contains(n.toLowerCase(Locale.ROOT)));
        if (copyRowid) {
            into.add(0, "rowid");
            from.add(0, "rowid");
        }
        int legacy = pragma(c, "legacy_alter_table");
        try (Statement st = c.createStatement()) {
            // legacy: the renames below must not rewrite (or check) other tables, triggers and views
            st.execute("PRAGMA legacy_alter_table = ON");
            try {
                st.execute(t.createSql(tmp));
            } catch (SQLException e) {
                throw new RetortException(dev.retort.db.Database.errorText(e) + (dropped.isEmpty() ? "" : " (a CHECK constraint may use a"
                        + " dropped column: drop_constraint it first)"), e);
            }
            String insert = "INSERT INTO " + Ddl.quote(tmp, Dialect.SQLITE) + " (" + String.join(", ", into)
                    + ") SELECT " + String.join(", ", from) + " FROM " + Ddl.quote(t.name, Dialect.SQLITE);
            try {
                st.execute(insert);
            } catch (SQLException e) {
                throw new RetortException(dev.retort.db.Database.errorText(e) + offendingRow(c, t, tmp, into, from), e);
            }
            if (t.autoincrement && t.pk.size() == 1) {
                carryAutoincrementCounter(c, t.name, tmp);
            }
            st.execute("DROP TABLE " + Ddl.quote(t.name, Dialect.SQLITE));
            st.execute("ALTER TABLE " + Ddl.quote(tmp, Dialect.SQLITE) + " RENAME TO " + Ddl.quote(t.name, Dialect.SQLITE));
            for (String[] index : indexes) {
                try {
                    st.execute(index[1]);
                } catch (SQLException e) {
                    if (!usesDropped(index[1], dropped)) {
                        throw new RetortException("re-creating index " + index[0] + ": " + dev.retort.db.Database.errorText(e), e);
                    }
                    // an expression index on a dropped column goes with it, as on PostgreSQL
                }
            }
            for (String trigger : triggers) {
                st.execute(trigger);
            }
            st.execute("PRAGMA legacy_alter_table = " + legacy);
        }
        // the rows are copied as they were: unless a value was cast or this rebuild adds a foreign key,
        // a broken one was broken before (rows written while foreign keys were off)
        boolean addsForeignKey = ops.stream().anyMatch(op -> op instanceof CreateForeignKey);
        checkForeignKeys(c, t.name, casts.isEmpty(), addsForeignKey);
        checkViews(c);
    }

    private static boolean usesDropped(String indexSql, Set<String> dropped) {
        for (SqlTokens.Token t : SqlTokens.tokenize(indexSql)) {
            if (dropped.contains(SqlTokens.unquote(t.text()).toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** Applies one operation to the definition; {@code dropped} and {@code casts} collect lower-case column names. */
    private static void apply(SqliteTable t, Operation op, Set<String> dropped, Set<String> casts) {
        if (op instanceof AddColumn a) {
            Column c = a.column();
            if (t.columnIndex(c.name()) >= 0) {
                if (a.ifNotExists()) {
                    return;
                }
                throw new RetortException("table '" + t.name + "' already has a column '" + c.name() + "'");
            }
            t.cols.add(new SqliteTable.Col(c.name(), c.type().render(Dialect.SQLITE), !c.nullable(),
                    c.serverDefault() == null ? null : c.serverDefault().render(Dialect.SQLITE), null));
            if (c.unique()) {
                t.constraints.add(new SqliteTable.Constraint(SqliteTable.Kind.UNIQUE, null, List.of(c.name()),
                        "UNIQUE (" + Ddl.quote(c.name(), Dialect.SQLITE) + ")"));
            }
            if (c.references() != null) {
                ForeignKey fk = c.references();
                t.constraints.add(new SqliteTable.Constraint(SqliteTable.Kind.FOREIGNKEY, fk.name(), fk.columns(),
                        Ddl.foreignKey(new ForeignKey(null, fk.columns(), fk.refTable(), fk.refColumns(),
                                fk.onDelete(), fk.onUpdate()), Dialect.SQLITE)));
            }
        } else if (op instanceof DropColumn d) {
            int i = t.columnIndex(d.column());
            if (i < 0) {
                if (d.ifExists()) {
                    return;
                }
                throw new RetortException("table '" + t.name + "' has no column '" + d.column() + "'");
            }
            String lower = d.column().toLowerCase(Locale.ROOT);
            t.cols.remove(i);
            dropped.add(lower);
            t.constraints.removeIf(k -> SqliteTable.lower(k.columns()).contains(lower));
            if (SqliteTable.lower(t.pk).contains(lower)) {
                t.pk = new ArrayList<>();
                t.pkName = null;
                t.autoincrement = false;
            }
        } else if (op instanceof AlterColumn a) {
            int i = column(t, a.column());
            SqliteTable.Col col = t.cols.get(i);
            String type = col.type();
            if (a.type() != null) {
                type = a.type().render(Dialect.SQLITE);
                if (Affinity.castNeeded(col.type(), a.type())) {
                    casts.add(col.name().toLowerCase(Locale.ROOT));
                }
            }
            boolean notNull = a.nullable() == null ? col.notNull() : !a.nullable();
            String dflt = a.serverDefault() == null ? col.dflt()
                    : a.serverDefault() == AlterColumn.REMOVE ? null : a.serverDefault().render(Dialect.SQLITE);
            t.cols.set(i, new SqliteTable.Col(col.name(), type, notNull, dflt, col.collate()));
        } else if (op instanceof CreateForeignKey f) {
            for (String col : f.key().columns()) {
                column(t, col);
            }
            t.constraints.add(new SqliteTable.Constraint(SqliteTable.Kind.FOREIGNKEY, f.key().name(),
                    f.key().columns(), Ddl.foreignKey(new ForeignKey(null, f.key().columns(), f.key().refTable(),
                            f.key().refColumns(), f.key().onDelete(), f.key().onUpdate()), Dialect.SQLITE)));
        } else if (op instanceof CreateUniqueConstraint u) {
            for (String col : u.columns()) {
                column(t, col);
            }
            t.constraints.add(new SqliteTable.Constraint(SqliteTable.Kind.UNIQUE, u.constraint(), u.columns(),
                    "UNIQUE (" + Ddl.quoteAll(u.columns(), Dialect.SQLITE) + ")"));
        } else if (op instanceof CreateCheckConstraint k) {
            t.constraints.add(new SqliteTable.Constraint(SqliteTable.Kind.CHECK,
                    k.constraint(), List.of(), "CHECK (" + k.condition() + ")"));
        } else if (op instanceof CreatePrimaryKey p) {
            if (!t.pk.isEmpty()) {
                throw new RetortException("table '" + t.name + "' already has a primary key ("
                        + String.join(", ", t.pk) + "); drop it first");
            }
            t.pk = new ArrayList<>();
            for (String col : p.columns()) {
                int i = column(t, col);
                SqliteTable.Col c = t.cols.get(i);
                t.cols.set(i, new SqliteTable.Col(c.name(), c.type(), true, c.dflt(), c.collate()));
                t.pk.add(c.name());
            }
            t.pkName = p.constraint();
        } else if (op instanceof DropConstraint d) {
            dropConstraint(t, d);
        } else {
            throw new IllegalStateException("not a rebuild operation: " + op.name());
        }
    }

    private static void dropConstraint(SqliteTable t, DropConstraint d) {
        if (d.type() == ConstraintType.PRIMARY) {
            if (t.pk.isEmpty() || (t.pkName != null && !t.pkName.equalsIgnoreCase(d.constraint()))) {
                throw new RetortException("table '" + t.name + "' has no primary key named '" + d.constraint() + "'");
            }
            t.pk = new ArrayList<>();
            t.pkName = null;
            t.autoincrement = false;
            return;
        }
        SqliteTable.Kind kind = switch (d.type()) {
            case FOREIGNKEY -> SqliteTable.Kind.FOREIGNKEY;
            case UNIQUE -> SqliteTable.Kind.UNIQUE;
            default -> SqliteTable.Kind.CHECK;
        };
        boolean removed = t.constraints.removeIf(k -> k.kind() == kind && d.constraint().equalsIgnoreCase(k.name()));
        if (!removed) {
            throw new RetortException("table '" + t.name + "' has no " + d.type().name().toLowerCase(Locale.ROOT)
                    + " constraint named '" + d.constraint() + "' (SQLite keeps a constraint's name only when it was"
                    + " created with one)");
        }
    }

    private static int column(SqliteTable t, String name) {
        int i = t.columnIndex(name);
        if (i < 0) {
            throw new RetortException("table '" + t.name + "' has no column '" + name + "'");
        }
        return i;
    }

    private static int indexOfIgnoreCase(List<String> names, String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /** The table's explicit indexes {name, sql}. */
    private static List<String[]> indexes(Connection c, String table) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT name, sql FROM sqlite_master WHERE type = 'index'"
                + " AND tbl_name = ? AND sql IS NOT NULL ORDER BY rowid")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }

    /** {@code indexes} without those on a dropped column (as PostgreSQL drops them). */
    private static List<String[]> withoutDropped(Connection c, List<String[]> indexes, Set<String> dropped) {
        List<String[]> out = new ArrayList<>(indexes);
        if (!dropped.isEmpty()) {
            out.removeIf(ix -> {
                try {
                    return strings(c, "SELECT name FROM pragma_index_info(?)", ix[0]).stream()
                            .anyMatch(n -> n != null && dropped.contains(n.toLowerCase(Locale.ROOT)));
                } catch (SQLException e) {
                    throw new RetortException(dev.retort.db.Database.errorText(e), e);
                }
            });
        }
        return out;
    }

    /**
     * For drop_column alone: SQLite's own ALTER TABLE DROP COLUMN when no index or constraint uses the
     * columns (then nothing else needs rebuilding; the caller has checked the indexes). False when a
     * rebuild is needed. {@code oldNames}, {@code oldConstraints} and {@code oldPk}: the table as read,
     * before the operations.
     */
    private boolean plainDropWorks(Connection c, String tableName, Set<String> dropped,
            List<SqliteTable.Constraint> oldConstraints, List<String> oldPk) throws SQLException {
        for (SqliteTable.Constraint k : oldConstraints) {
            // SQLite's DROP COLUMN refuses a column a CHECK uses; a CHECK on other columns stays as written
            if (k.kind() == SqliteTable.Kind.CHECK ? usesDropped(k.body(), dropped)
                    : SqliteTable.lower(k.columns()).stream().anyMatch(dropped::contains)) {
                return false;
            }
        }
        if (SqliteTable.lower(oldPk).stream().anyMatch(dropped::contains)) {
            return false;
        }
        try (Statement st = c.createStatement()) {
            for (Operation op : ops) {
                DropColumn d = (DropColumn) op;
                if (dropped.contains(d.column().toLowerCase(Locale.ROOT))) {  // else if_exists and missing
                    st.execute(dropColumnSql(tableName, d.column()));
                }
            }
        }
        return true;
    }

    /** After the copy failed: the first row that the new definition refuses, found one row at a time. */
    private static String offendingRow(Connection c, SqliteTable t, String tmp, List<String> into, List<String> from) {
        if (t.withoutRowid) {
            return "";
        }
        String q = Ddl.quote(t.name, Dialect.SQLITE);
        try (Statement st = c.createStatement()) {
            st.execute("DELETE FROM " + Ddl.quote(tmp, Dialect.SQLITE));
            List<Long> rowids = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT rowid FROM " + q + " ORDER BY rowid")) {
                while (rs.next()) {
                    rowids.add(rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + Ddl.quote(tmp, Dialect.SQLITE) + " ("
                    + String.join(", ", into) + ") SELECT " + String.join(", ", from) + " FROM " + q + " WHERE rowid = ?")) {
                for (long rowid : rowids) {
                    ps.setLong(1, rowid);
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        return "; offending row: " + describeRow(c, t.name, rowid);
                    }
                }
            }
        } catch (SQLException e) {
            return "";
        }
        return "";
    }

    /** {@code rowid 3 (id=3, name=NULL)}, values cut at 40 characters. */
    static String describeRow(Connection c, String table, long rowid) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + Ddl.quote(table, Dialect.SQLITE)
                + " WHERE rowid = ?")) {
            ps.setLong(1, rowid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return "rowid " + rowid;
                }
                ResultSetMetaData md = rs.getMetaData();
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    Object v = rs.getObject(i);
                    String s = v == null ? "NULL" : v instanceof byte[] b ? "<" + b.length + " bytes>" : v.toString();
                    values.add(md.getColumnName(i) + "=" + (s.length() > 40 ? s.substring(0, 40) + "..." : s));
                }
                return "rowid " + rowid + " (" + String.join(", ", values) + ")";
            }
        }
    }

    /** PRAGMA foreign_key_check of the table and of every table whose foreign keys point at it. */
    private static void checkForeignKeys(Connection c, String table, boolean rowsAsTheyWere, boolean addsForeignKey)
            throws SQLException {
        List<String> tables = new ArrayList<>();
        tables.add(table);
        for (String other : strings(c, "SELECT name FROM sqlite_master WHERE type = 'table' AND name <> ?", table)) {
            for (ForeignKey fk : SqliteTable.foreignKeys(c, other)) {
                if (fk.refTable().equalsIgnoreCase(table) && !tables.contains(other)) {
                    tables.add(other);
                }
            }
        }
        for (String t : tables) {
            try (Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("PRAGMA foreign_key_check(" + Ddl.literal(t) + ")")) {
                if (rs.next()) {
                    String child = rs.getString(1);
                    long rowid = rs.getLong(2);
                    String parent = rs.getString(3);
                    boolean before = rowsAsTheyWere && !(addsForeignKey && child.equalsIgnoreCase(table));
                    throw new RetortException("a foreign key of table '" + child + "' on '" + parent
                            + "' is broken by row " + describeRow(c, child, rowid) + (!before ? "" : ". That row"
                            + " was broken before this revision (written while foreign keys were off, which SQLite"
                            + " allows), and every rebuild of '" + table + "' stops on it: 'PRAGMA"
                            + " foreign_key_check' lists all such rows; delete or correct them (by hand, or in a"
                            + " revision before this one) and upgrade again"));
                }
            }
        }
    }

    /** Every view still compiles (a dropped or renamed column it uses would break it). */
    private static void checkViews(Connection c) throws SQLException {
        for (String view : strings(c, "SELECT name FROM sqlite_master WHERE type = 'view' AND name <> ?", "")) {
            try (Statement st = c.createStatement()) {
                st.executeQuery("SELECT * FROM " + Ddl.quote(view, Dialect.SQLITE) + " WHERE 0").close();
            } catch (SQLException e) {
                throw new RetortException("view '" + view + "' no longer works: " + dev.retort.db.Database.errorText(e)
                        + "; drop it before this operation and create it again after", e);
            }
        }
    }

    private static List<String> strings(Connection c, String sql, String arg) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 1; i <= ps.getParameterMetaData().getParameterCount(); i++) {
                ps.setString(i, arg);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static int pragma(Connection c, String name) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }
}
