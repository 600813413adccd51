package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every name retort composes is quoted: the version table, its schema and the history table
 * beside it ({@code <version_table>_history}), on SQLite and PostgreSQL, for names with quotes,
 * spaces, dots, capitals, non-ASCII letters and reserved words.
 */
class IdentifierQuotingTest {
    static final List<String> NAMES = List.of("av\"; DROP TABLE x; --", "my table", "a.b", "MixedCase", "ünïcödé",
            "user", "order", "\"quoted\"");

    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void revisions() throws IOException {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(dir, "a", "", "CREATE TABLE x (id INTEGER);", "DROP TABLE x;");
        Cli.revision(dir, "b", "a", "CREATE TABLE y (id INTEGER);", "DROP TABLE y;");
    }

    /** The whole life of a database under one version table name; returns the tables it leaves. */
    private void lifecycle(Cli cli, String... tableOptions) {
        List<String> opts = List.of(tableOptions);
        assertEquals(0, run(cli, opts, "upgrade", "head").exit());
        assertEquals("b (head)\n", run(cli, opts, "current").out());
        assertEquals(0, run(cli, opts, "check").exit());
        Cli.Result applied = run(cli, opts, "history", "--applied");
        assertEquals(2, applied.out().lines().count(), applied.out());
        assertEquals(0, run(cli, opts, "downgrade", "a").exit());
        assertEquals(0, run(cli, opts, "stamp", "b").exit());
        assertEquals(0, run(cli, opts, "stamp", "--purge", "a").exit());
        assertEquals("a\n", run(cli, opts, "current").out());
        assertEquals(3, run(cli, opts, "check").exit());
    }

    private static Cli.Result run(Cli cli, List<String> opts, String... command) {
        List<String> args = new ArrayList<>(opts);
        args.addAll(List.of(command));
        Cli.Result r = cli.run(args.toArray(String[]::new));
        assertTrue(r.exit() == 0 || r.exit() == 3, String.join(" ", args) + ": " + r.err());
        return r;
    }

    @Test
    void sqlite() throws Exception {
        for (String name : NAMES) {
            Path db = tmp.resolve("db" + NAMES.indexOf(name) + ".sqlite");
            lifecycle(new Cli(db, dir), "--version-table", name);
            List<String> tables = new ArrayList<>();
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
                 ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'"
                         + " ORDER BY name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertEquals(List.of(name, name + "_history", "x").stream().sorted().toList(), tables, name);
        }
        Path db = tmp.resolve("main.sqlite");
        lifecycle(new Cli(db, dir), "--version-table", "Ver Sion", "--version-table-schema", "main");
    }

    @Test
    void postgresqlWithOddSchemasToo() throws Exception {
        String[] schemas = {null, "My Schema", "s.x", "Ünï\"q"};
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            String schema = schemas[i % schemas.length];
            String url = PgFixture.newDatabase();
            try (Connection c = PgFixture.connect(url); Statement st = c.createStatement()) {
                if (schema != null) {
                    st.execute("CREATE SCHEMA \"" + schema.replace("\"", "\"\"") + "\"");
                }
            }
            List<String> opts = new ArrayList<>(List.of("--version-table", name));
            if (schema != null) {
                opts.addAll(List.of("--version-table-schema", schema));
            }
            lifecycle(new Cli(url, dir), opts.toArray(String[]::new));
            try (Connection c = PgFixture.connect(url); PreparedStatement ps = c.prepareStatement("SELECT table_name"
                    + " FROM information_schema.tables WHERE table_schema = ? ORDER BY table_name")) {
                ps.setString(1, schema == null ? "public" : schema);
                List<String> tables = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                List<String> expected = new ArrayList<>(List.of(name, name + "_history"));
                if (schema == null) {
                    expected.add("x");
                }
                assertEquals(expected.stream().sorted().toList(), tables, name + " in " + schema);
            } catch (SQLException e) {
                throw new AssertionError(name, e);
            }
        }
    }
}
