package dev.retort.transfer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The target's tables in one schema (the connection's current schema), read from the catalogs. */
final class PgSchema {
    /** A target column. */
    record Column(String name, PgType type, boolean notNull, boolean hasDefault, boolean generated) {
    }

    /** A target table; {@code sequences} maps a column to the sequence that feeds it (serial, identity). */
    record Table(String name, List<Column> columns, Map<String, String> sequences) {
        Column column(String name) {
            for (Column c : columns) {
                if (c.name().equals(name)) {
                    return c;
                }
            }
            for (Column c : columns) {
                if (c.name().equalsIgnoreCase(name)) {
                    return c;
                }
            }
            return null;
        }
    }

    /** A foreign key constraint, with the definition that re-creates it. */
    record ForeignKey(String name, String table, String parent, String definition) {
    }

    final String schema;
    final Map<String, Table> tables;
    final List<ForeignKey> foreignKeys;

    private PgSchema(String schema, Map<String, Table> tables, List<ForeignKey> foreignKeys) {
        this.schema = schema;
        this.tables = tables;
        this.foreignKeys = foreignKeys;
    }

    String qualified(String table) {
        return Sql.quote(schema) + "." + Sql.quote(table);
    }

    /** The target table a source table's rows go to: same name, else the one name that matches ignoring case. */
    Table match(String sourceName) {
        Table t = tables.get(sourceName);
        if (t != null) {
            return t;
        }
        Table found = null;
        for (Table c : tables.values()) {
            if (c.name().equalsIgnoreCase(sourceName)) {
                if (found != null) {
                    return null;
                }
                found = c;
            }
        }
        return found;
    }

    static PgSchema read(Connection c) throws SQLException {
        String schema;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
            rs.next();
            schema = rs.getString(1);
        }
        Map<String, List<Column>> cols = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cl.relname, a.attname, a.attnotnull OR coalesce(t.typnotnull,"
                + " false), a.atthasdef OR a.attidentity <> '', a.attgenerated <> '', format_type(a.atttypid, a.atttypmod),"
                + " CASE WHEN t.typtype = 'd' THEN bt.typname ELSE t.typname END,"
                + " CASE WHEN t.typtype = 'd' AND a.atttypmod < 0 THEN t.typtypmod ELSE a.atttypmod END,"
                + " CASE WHEN t.typtype = 'd' THEN bt.typcategory ELSE t.typcategory END"
                + " FROM pg_class cl JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = cl.oid JOIN pg_type t ON t.oid = a.atttypid"
                + " LEFT JOIN pg_type bt ON bt.oid = t.typbasetype"
                + " WHERE n.nspname = ? AND cl.relkind IN ('r', 'p') AND NOT cl.relispartition AND a.attnum > 0"
                + " AND NOT a.attisdropped ORDER BY cl.relname, a.attnum")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String typname = "A".equals(rs.getString(9)) ? "array" : rs.getString(7);
                    cols.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new Column(rs.getString(2),
                            PgType.of(typname, rs.getInt(8), rs.getString(6)), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getBoolean(5)));
                }
            }
        }
        Map<String, Map<String, String>> seqs = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT cl.relname, a.attname, s.oid::regclass::text"
                + " FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'"
                + " JOIN pg_class cl ON cl.oid = d.refobjid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = cl.oid AND a.attnum = d.refobjsubid"
                + " WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.deptype IN ('a', 'i') AND n.nspname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    seqs.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
                }
            }
        }
        Map<String, Table> tables = new LinkedHashMap<>();
        cols.forEach((t, cs) -> tables.put(t, new Table(t, List.copyOf(cs), seqs.getOrDefault(t, Map.of()))));
        List<ForeignKey> fks = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT con.conname, cl.relname, pl.relname,"
                + " pg_get_constraintdef(con.oid) FROM pg_constraint con JOIN pg_class cl ON cl.oid = con.conrelid"
                + " JOIN pg_class pl ON pl.oid = con.confrelid JOIN pg_namespace n ON n.oid = cl.relnamespace"
                + " JOIN pg_namespace pn ON pn.oid = pl.relnamespace"
                + " WHERE con.contype = 'f' AND n.nspname = ? AND pn.nspname = ? ORDER BY 2, 1")) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    fks.add(new ForeignKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        }
        return new PgSchema(schema, tables, fks);
    }
}
