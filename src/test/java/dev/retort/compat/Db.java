package dev.retort.compat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Direct JDBC access to the SQLite files both tools run against. */
final class Db {
    private Db() {
    }

    static String url(Path file) {
        return "sqlite:///" + file.toAbsolutePath(); // sqlite:////abs/path
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
    }

    /** The table each revision appends to: one row per upgrade()/downgrade() call. */
    static void createLogTable(Path file) {
        exec(file, "CREATE TABLE IF NOT EXISTS log (seq INTEGER PRIMARY KEY AUTOINCREMENT, rev TEXT NOT NULL, dir TEXT NOT NULL)");
    }

    static void exec(Path file, String... sql) {
        try (Connection c = open(file); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT 1 FROM sqlite_master WHERE type='table' AND name='" + table + "'")) {
            return rs.next();
        }
    }

    /** The rows of alembic_version, sorted; empty when the table does not exist. */
    static List<String> versionRows(Path file) {
        List<String> out = versionRowsUnsorted(file);
        out.sort(null);
        return out;
    }

    /** The rows in the order a plain SELECT returns them (as Alembic reads them). */
    static List<String> versionRowsUnsorted(Path file) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(file)) {
            if (!hasTable(c, "alembic_version")) {
                return out;
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The whole log, in the order written: {@code "id up"}, {@code "id down"}. */
    static List<String> log(Path file) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(file)) {
            if (!hasTable(c, "log")) {
                return out;
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT rev, dir FROM log ORDER BY seq")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Overwrites alembic_version with the given rows (creating it as Alembic does if missing). */
    static void setVersionRows(Path file, Collection<String> rows) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
                + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
        sql.add("DELETE FROM alembic_version");
        for (String r : rows) {
            sql.add("INSERT INTO alembic_version (version_num) VALUES ('" + r + "')");
        }
        exec(file, sql.toArray(String[]::new));
    }

    /** Column facts of alembic_version: {@code name type notnull pk} per column, plus the DDL. */
    static List<String> versionTableShape(Path file) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(file); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("PRAGMA table_info(alembic_version)")) {
                while (rs.next()) {
                    out.add(rs.getString("name") + " " + rs.getString("type") + " notnull=" + rs.getInt("notnull")
                            + " pk=" + rs.getInt("pk"));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
        return out;
    }

    static String versionTableDdl(Path file) {
        try (Connection c = open(file); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT sql FROM sqlite_master WHERE name='alembic_version'")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(file + ": " + e.getMessage(), e);
        }
    }
}
