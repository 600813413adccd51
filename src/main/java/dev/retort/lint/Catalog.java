package dev.retort.lint;

import dev.retort.api.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What lint reads from a connected database: column types (to judge type changes) and the server version. */
public final class Catalog {
    private Catalog() {
    }

    /** table → column → type, of the tables on the search path (PostgreSQL) or in the file (SQLite). */
    public static Map<String, Map<String, String>> columnTypes(Connection c, Dialect dialect) throws SQLException {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        try (java.sql.Statement st = c.createStatement()) {
            if (dialect == Dialect.POSTGRESQL) {
                try (ResultSet rs = st.executeQuery("SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod)"
                        + " FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
                        + " JOIN pg_namespace n ON n.oid = c.relnamespace"
                        + " WHERE c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped"
                        + " AND n.nspname = ANY (current_schemas(false)) ORDER BY c.relname, a.attnum")) {
                    while (rs.next()) {
                        out.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2),
                                rs.getString(3));
                    }
                }
                return out;
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String t : tables) {
                Map<String, String> cols = new LinkedHashMap<>();
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(\"" + t.replace("\"", "\"\"") + "\")")) {
                    while (rs.next()) {
                        cols.put(rs.getString("name").toLowerCase(Locale.ROOT), rs.getString("type"));
                    }
                }
                out.put(t.toLowerCase(Locale.ROOT), cols);
            }
        }
        return out;
    }

    /** PostgreSQL's major version (e.g. 15). */
    public static int postgresMajor(Connection c) throws SQLException {
        try (java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
