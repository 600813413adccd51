package dev.retort.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upgrade head --sql} with odd version table names and schemas (quotes, spaces, dots,
 * capitals, non-ASCII letters, reserved words) prints exactly what Alembic 1.8.1 prints for the
 * same {@code version_table}/{@code version_table_schema}, on SQLite and PostgreSQL — and the
 * default name stays byte-identical.
 */
class VersionTableNameCompatTest extends AlembicTestBase {
    static final List<String> NAMES = List.of("alembic_version", "av\"; DROP TABLE x; --", "my table", "a.b",
            "MixedCase", "ünïcödé", "user", "order", "select", "_ok$1", "1st", "\"quoted\"");
    static final List<String> SCHEMAS = List.of("public", "My Schema", "s.x", "Ünï\"q", "user", "main");

    /** env.py taking version_table and version_table_schema from {@code -x}. */
    static final String ENV_PY = """
            from alembic import context

            x = context.get_x_argument(as_dictionary=True)
            context.configure(url=x["dburl"], target_metadata=None, literal_binds=True,
                              dialect_opts={"paramstyle": "named"}, version_table=x["version_table"],
                              version_table_schema=x.get("version_table_schema"))
            with context.begin_transaction():
                context.run_migrations()
            """;

    @TempDir
    Path tmp;

    @Test
    void offlineSqlMatchesAlembicForEveryName() throws Exception {
        Graph g = new Graph("linear", List.of(
                new Graph.Rev("aaaa", "aaaa_first", "first", List.of(), List.of(), List.of()),
                new Graph.Rev("bbbb", "bbbb_second", "second", List.of("aaaa"), List.of(), List.of())));
        ProjectWriter.Project p = ProjectWriter.write(g, tmp.resolve("project"));
        Files.writeString(p.scriptLocation().resolve("env.py"), ENV_PY);
        for (String url : List.of("sqlite:///" + tmp.resolve("x.db"), "postgresql://u@localhost/db")) {
            for (String name : NAMES) {
                compare(p, url, name, null);
            }
            for (String schema : SCHEMAS) {
                compare(p, url, "My Version", schema);
                compare(p, url, "alembic_version", schema);
            }
        }
    }

    private void compare(ProjectWriter.Project p, String url, String table, String schema) {
        List<String> argv = new ArrayList<>(List.of("-c", p.ini().toString(), "-x", "dburl=" + url, "-x",
                "version_table=" + table));
        List<String> ours = new ArrayList<>(List.of("--url", url, "--revisions", p.sqlDir().toString(),
                "--version-table", table));
        if (schema != null) {
            argv.addAll(List.of("-x", "version_table_schema=" + schema));
            ours.addAll(List.of("--version-table-schema", schema));
        }
        argv.addAll(List.of("upgrade", "head", "--sql"));
        ours.addAll(List.of("upgrade", "head", "--sql"));
        AlembicDriver.Result theirs = alembic.run(p.root(), argv);
        assertEquals(0, theirs.exit(), theirs.stderr() + theirs.stdout());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(ours.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, exit, err.toString(StandardCharsets.UTF_8));
        assertEquals(theirs.stdout(), out.toString(StandardCharsets.UTF_8),
                url + " version_table=" + table + " version_table_schema=" + schema);
    }
}
