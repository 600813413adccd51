package dev.retort.compat;

import dev.retort.testing.PgFixture;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Direct JDBC access to the databases both tools run against (SQLite files or PostgreSQL databases). */
final class Db {
    private Db() {
    }

    /**
     * One database: a SQLite file, or a PostgreSQL database made by {@link PgFixture#newDatabase()}
     * ({@code pgUrl} is its {@code postgresql://user@host:port/db} URL).
     */
    record Target(Dialect dialect, Path file, String pgUrl) {
        static Target sqlite(Path file) {
            return new Target(Dialect.SQLITE, file.toAbsolutePath(), null);
        }

        /** A new, empty database of the dialect; SQLite: {@code dir/name.db}. */
        static Target create(Dialect dialect, Path dir, String name) {
            return dialect == Dialect.SQLITE ? sqlite(dir.resolve(name + ".db"))
                    : new Target(Dialect.POSTGRESQL, null, PgFixture.newDatabase());
        }

        /** The URL retort is given ({@code --url}). */
        String retortUrl() {
            return dialect == Dialect.SQLITE ? "sqlite:///" + file : pgUrl; // sqlite:////abs/path
        }

        /** The SQLAlchemy URL Alembic is given ({@code -x dburl=}). */
        String alembicUrl() {
            return dialect == Dialect.SQLITE ? "sqlite:///" + file
                    : pgUrl.replaceFirst("^postgresql://", "postgresql+psycopg2://");
        }

        @Override
        public String toString() {
            return retortUrl();
        }
    }

    /** PostgreSQL connections, one per database, kept open (autocommit, idle between calls: no locks held). */
    private static final java.util.Map<String, Connection> PG = new java.util.concurrent.ConcurrentHashMap<>();

    private static Connection open(Target t) throws SQLException {
        if (t.dialect() == Dialect.SQLITE) {
            return DriverManager.getConnection("jdbc:sqlite:" + t.file());
        }
        Connection c = PG.get(t.pgUrl());
        if (c == null || c.isClosed()) {
            c = PgFixture.connect(t.pgUrl());
            c.setAutoCommit(true);
            PG.put(t.pgUrl(), c);
        }
        Connection shared = c;
        // callers close what they open: for PostgreSQL that must not close the cached connection
        return (Connection) java.lang.reflect.Proxy.newProxyInstance(Db.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                    if (m.getName().equals("close") && m.getParameterCount() == 0) {
                        return null;
                    }
                    try {
                        return m.invoke(shared, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    /** The table each revision appends to: one row per upgrade()/downgrade() call. */
    static void createLogTable(Target t) {
        exec(t, t.dialect().logTableDdl());
    }

    static void exec(Target t, String... sql) {
        try (Connection c = open(t); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(t + ": " + e.getMessage(), e);
        }
    }

    private static boolean hasTable(Connection c, Dialect d, String table) throws SQLException {
        String q = d == Dialect.SQLITE ? "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?"
                : "SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?";
        try (PreparedStatement st = c.prepareStatement(q)) {
            st.setString(1, table);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The rows of alembic_version, sorted; empty when the table does not exist. */
    static List<String> versionRows(Target t) {
        List<String> out = versionRowsUnsorted(t);
        out.sort(null);
        return out;
    }

    /** The rows in the order a plain SELECT returns them (as Alembic reads them). */
    static List<String> versionRowsUnsorted(Target t) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(t)) {
            if (!hasTable(c, t.dialect(), "alembic_version")) {
                return out;
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT version_num FROM alembic_version")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(t + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** The whole log, in the order written: {@code "id up"}, {@code "id down"}. */
    static List<String> log(Target t) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(t)) {
            if (!hasTable(c, t.dialect(), "log")) {
                return out;
            }
            try (Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT rev, dir FROM log ORDER BY seq")) {
                while (rs.next()) {
                    out.add(rs.getString(1) + " " + rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(t + ": " + e.getMessage(), e);
        }
        return out;
    }

    /**
     * Overwrites alembic_version with the given rows (creating it as Alembic does if missing). On
     * PostgreSQL the table is TRUNCATEd (a new, empty heap), so a plain SELECT returns the rows
     * in the order given here.
     */
    static void setVersionRows(Target t, Collection<String> rows) {
        List<String> sql = new ArrayList<>();
        sql.add("CREATE TABLE IF NOT EXISTS alembic_version (version_num VARCHAR(32) NOT NULL, "
                + "CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))");
        sql.add(t.dialect() == Dialect.SQLITE ? "DELETE FROM alembic_version" : "TRUNCATE alembic_version");
        for (String r : rows) {
            sql.add("INSERT INTO alembic_version (version_num) VALUES ('" + r + "')");
        }
        exec(t, sql.toArray(String[]::new));
    }

    /** Column facts of alembic_version: {@code name type notnull pk} per column. */
    static List<String> versionTableShape(Target t) {
        List<String> out = new ArrayList<>();
        try (Connection c = open(t); Statement st = c.createStatement()) {
            if (t.dialect() == Dialect.SQLITE) {
                try (ResultSet rs = st.executeQuery("PRAGMA table_info(alembic_version)")) {
                    while (rs.next()) {
                        out.add(rs.getString("name") + " " + rs.getString("type") + " notnull=" + rs.getInt("notnull")
                                + " pk=" + rs.getInt("pk"));
                    }
                }
            } else {
                try (ResultSet rs = st.executeQuery("SELECT c.column_name, c.data_type, c.character_maximum_length, "
                        + "c.is_nullable, (SELECT string_agg(k.constraint_name, ',') FROM information_schema.key_column_usage k "
                        + "JOIN information_schema.table_constraints tc ON tc.constraint_name = k.constraint_name "
                        + "AND tc.table_schema = k.table_schema AND tc.constraint_type = 'PRIMARY KEY' "
                        + "WHERE k.table_schema = c.table_schema AND k.table_name = c.table_name AND k.column_name = c.column_name) "
                        + "FROM information_schema.columns c WHERE c.table_schema = current_schema() "
                        + "AND c.table_name = 'alembic_version' ORDER BY c.ordinal_position")) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2) + "(" + rs.getString(3) + ") nullable="
                                + rs.getString(4) + " pk=" + rs.getString(5));
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(t + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** SQLite: the CREATE TABLE text; PostgreSQL: the constraints, as pg_get_constraintdef prints them. */
    static String versionTableDdl(Target t) {
        String q = t.dialect() == Dialect.SQLITE ? "SELECT sql FROM sqlite_master WHERE name='alembic_version'"
                : "SELECT string_agg(conname || ' ' || pg_get_constraintdef(oid), '; ' ORDER BY conname) "
                        + "FROM pg_constraint WHERE conrelid = to_regclass('alembic_version')";
        try (Connection c = open(t); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(q)) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(t + ": " + e.getMessage(), e);
        }
    }
}
