package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.api.RetortException;
import dev.retort.graph.RowChange;
import dev.retort.ops.Identifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Alembic's version table: one column {@code version_num VARCHAR(32) NOT NULL}, primary key
 * {@code <table>_pkc}, one row per applied branch tip. Statements are rendered exactly as Alembic
 * renders them (literal values, no bind parameters).
 */
public record VersionTable(String name, String schema, Dialect dialect) {
    /**
     * An identifier as SQLAlchemy renders it: bare when it is lower case ASCII, starts with a letter
     * or {@code _} and is no reserved word of the dialect; otherwise in double quotes, inner
     * quotes doubled. Every name retort composes goes through it.
     */
    public String quote(String ident) {
        return Identifiers.quote(ident, dialect);
    }

    /** The table name as written in SQL, schema-qualified when a schema is set. */
    public String qualified() {
        return qualify(name);
    }

    /** Another table of retort's beside this one (same schema), as written in SQL. */
    public String qualify(String table) {
        return schema == null ? quote(table) : quote(schema) + "." + quote(table);
    }

    /**
     * The CREATE TABLE: SQLAlchemy's own text, indented with tabs, which SQLite keeps in
     * {@code sqlite_master} (what {@code .schema} shows) byte for byte as Alembic leaves it
     * ({@code --sql} scripts write it in {@link OfflineWriter#offlineLayout}).
     */
    public String createSql() {
        return "CREATE TABLE " + qualified() + " (\n\tversion_num VARCHAR(32) NOT NULL, \n\t"
                + "CONSTRAINT " + quote(name + "_pkc") + " PRIMARY KEY (version_num)\n)";
    }

    public String dropSql() {
        return "DROP TABLE " + qualified();
    }

    /** A row change as SQL; {@code offline} adds PostgreSQL's RETURNING as Alembic prints it. */
    public String sql(RowChange change, boolean offline) {
        String col = qualified() + ".version_num";
        return switch (change.kind()) {
            case INSERT -> "INSERT INTO " + qualified() + " (version_num) VALUES ('" + literal(change.to()) + "')"
                    + (offline && dialect == Dialect.POSTGRESQL ? " RETURNING " + col : "");
            case UPDATE -> "UPDATE " + qualified() + " SET version_num='" + literal(change.to()) + "' WHERE " + col
                    + " = '" + literal(change.from()) + "'";
            case DELETE -> "DELETE FROM " + qualified() + " WHERE " + col + " = '" + literal(change.from()) + "'";
        };
    }

    private static String literal(String s) {
        return s.replace("'", "''");
    }

    /** True if the table exists. */
    public boolean exists(Connection c) throws SQLException {
        if (dialect == Dialect.SQLITE) {
            String master = schema == null ? "sqlite_master" : quote(schema) + ".sqlite_master";
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + master
                    + " WHERE type = 'table' AND name = ?")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        }
        // pg_catalog, not information_schema: that hides the tables the role has no privilege on, and
        // a table that is there but can't be read must say so, not look like a database at base
        try (PreparedStatement ps = c.prepareStatement("SELECT (SELECT oid FROM pg_catalog.pg_namespace WHERE nspname"
                + " = " + (schema == null ? "current_schema()" : "?") + "), EXISTS (SELECT 1 FROM pg_catalog.pg_tables"
                + " WHERE tablename = ? AND schemaname = " + (schema == null ? "current_schema()" : "?") + ")")) {
            int i = 1;
            if (schema != null) {
                ps.setString(i++, schema);
            }
            ps.setString(i++, name);
            if (schema != null) {
                ps.setString(i, schema);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getObject(1) == null) {
                    throw new RetortException(missingSchema(c));
                }
                return rs.getBoolean(2);
            }
        }
    }

    /** Why there is no schema to look in: the one given does not exist, or the search_path names none that does. */
    private String missingSchema(Connection c) throws SQLException {
        if (schema != null) {
            return "The version table's schema '" + schema + "' does not exist: create it first (CREATE SCHEMA "
                    + quote(schema) + "), or correct the version table schema (--version-table-schema,"
                    + " version_table_schema, versionTableSchema(...) in Java, retort.version-table-schema in Spring"
                    + " Boot). Nothing was changed.";
        }
        String path;
        try (java.sql.Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW search_path")) {
            path = rs.next() ? rs.getString(1) : "";
        }
        return "The connection's search_path (" + path + ") names no schema that exists, so there is no schema for the"
                + " version table: create one of them, set the search_path of the connection (or the role), or name"
                + " the schema (--version-table-schema, version_table_schema, versionTableSchema(...) in Java,"
                + " retort.version-table-schema in Spring Boot). Nothing was changed.";
    }

    /** Creates the table if it is missing (in the caller's transaction). */
    public void ensure(Connection c) throws SQLException {
        if (!exists(c)) {
            try (Statement st = c.createStatement()) {
                st.execute(createSql());
            }
        }
    }

    /** The rows in the order the database returns them (no ORDER BY, as Alembic); none if no table. */
    public List<String> rows(Connection c) throws SQLException {
        return exists(c) ? readRows(c) : new ArrayList<>();
    }

    /** {@link #rows}, of a table known to exist (no catalog query). */
    List<String> readRows(Connection c) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + qualified() + ".version_num FROM " + qualified())) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }

    /** Applies a row change, checking that an UPDATE or DELETE matched exactly one row. */
    public void apply(Connection c, RowChange change) throws SQLException {
        try (Statement st = c.createStatement()) {
            int n = st.executeUpdate(sql(change, false));
            if (change.kind() != RowChange.Kind.INSERT && n != 1) {
                String what = change.kind() == RowChange.Kind.UPDATE
                        ? "updating '" + change.from() + "' to '" + change.to() + "'"
                        : "deleting '" + change.from() + "'";
                throw new RetortException("Online migration expected to match one row when " + what + " in '"
                        + name + "'; " + n + " found");
            }
        }
    }
}
