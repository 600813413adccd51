package dev.retort.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.cli.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The differential driver shared by the portable-revision tests: a chain of revisions written once
 * as portable YAML for retort and once as Alembic 1.8.1 .py, run step by step up to head and back
 * to base; after every step SQLAlchemy's inspector reflection (src/test/resources/compat/reflect.py)
 * of both databases and their rows must be identical.
 */
final class PortableDiff implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final AlembicDriver alembic;
    private final Process reflector;
    private final Writer toReflector;
    private final BufferedReader fromReflector;

    /** One revision in both forms: the portable YAML body (after the header) and the Python upgrade/downgrade. */
    record Rev(String id, String yaml, String pyUp, String pyDown) {
    }

    private PortableDiff(AlembicDriver alembic, Process reflector) {
        this.alembic = alembic;
        this.reflector = reflector;
        this.toReflector = new OutputStreamWriter(reflector.getOutputStream(), StandardCharsets.UTF_8);
        this.fromReflector = new BufferedReader(new InputStreamReader(reflector.getInputStream(), StandardCharsets.UTF_8));
    }

    /** Starts Alembic's driver and the reflector; skips (or fails, see AlembicDriver) without Alembic 1.8.1. */
    static PortableDiff start() throws IOException {
        AlembicDriver.assumeAvailable();
        AlembicDriver alembic = AlembicDriver.start();
        Path script = Files.createTempFile("retort-reflect", ".py");
        try (InputStream in = PortableDiff.class.getResourceAsStream("/compat/reflect.py")) {
            Files.write(script, in.readAllBytes());
        }
        script.toFile().deleteOnExit();
        return new PortableDiff(alembic, new ProcessBuilder(AlembicDriver.PYTHON, script.toString()).start());
    }

    @Override
    public void close() {
        alembic.close();
        reflector.destroy();
    }

    JsonNode reflect(String sqlalchemyUrl) throws IOException {
        toReflector.write(JSON.writeValueAsString(Map.of("url", sqlalchemyUrl)) + "\n");
        toReflector.flush();
        String line = fromReflector.readLine();
        if (line == null) {
            throw new AssertionError("the reflector (reflect.py) exited");
        }
        JsonNode reply = JSON.readTree(line);
        if (reply.has("error")) {
            throw new AssertionError("reflection of " + sqlalchemyUrl + " failed: " + reply.get("error").asText());
        }
        return reply.get("ok");
    }

    /** The Alembic revision file of {@code r}, revising {@code down} (null: a base). */
    static String python(Rev r, String down) {
        return """
                \"""rev %s

                Revision ID: %s
                Revises: %s
                Create Date: 2025-12-06 10:00:00.000000
                \"""
                from alembic import op
                import sqlalchemy as sa
                from sqlalchemy.dialects import postgresql

                revision = '%s'
                down_revision = %s
                branch_labels = None
                depends_on = None


                def upgrade():
                %s

                def downgrade():
                %s
                """.formatted(r.id(), r.id(), down == null ? "" : down, r.id(), down == null ? "None" : "'" + down + "'",
                indentedOrPass(r.pyUp()), indentedOrPass(r.pyDown()));
    }

    private static String indentedOrPass(String body) {
        return body.isBlank() ? "    pass" : body.stripTrailing();
    }

    /** The portable revision file of {@code r}, revising {@code down} (null: a base). */
    static String yaml(Rev r, String down) {
        return "message: rev " + r.id() + "\nrevision: \"" + r.id() + "\"\nrevises: "
                + (down == null ? "null" : "\"" + down + "\"") + "\n" + r.yaml();
    }

    /**
     * Writes the chain for both tools, runs it up one revision at a time and back down to base on
     * fresh databases of {@code dialect}, comparing both databases after every step. A failure
     * names {@code context} (a seed, say) and prints the failing revision in both forms.
     */
    void run(List<Rev> chain, Dialect dialect, Path tmp, String context) throws Exception {
        ProjectWriter.Project p = ProjectWriter.skeleton(tmp);
        Path yamlDir = Files.createDirectories(tmp.resolve("portable"));
        String down = null;
        for (Rev r : chain) {
            Files.writeString(p.versions().resolve(r.id() + "_rev.py"), python(r, down));
            Files.writeString(yamlDir.resolve(r.id() + "_rev.yaml"), yaml(r, down));
            down = r.id();
        }
        Db.Target viaAlembic = Db.Target.create(dialect, tmp, "alembic");
        Db.Target viaRetort = Db.Target.create(dialect, tmp, "retort");
        Cli retort = new Cli(viaRetort.retortUrl(), yamlDir);
        for (int i = 0; i < chain.size(); i++) {
            step(p, viaAlembic, viaRetort, retort, "upgrade", "+1", "upgrade to", chain, i, context);
        }
        for (int i = chain.size() - 1; i >= 0; i--) {
            step(p, viaAlembic, viaRetort, retort, "downgrade", "-1", "downgrade from", chain, i, context);
        }
    }

    /** The lines where the two reflections differ, with a few lines of context. */
    static String difference(String expected, String actual) {
        List<String> a = expected.lines().toList();
        List<String> b = actual.lines().toList();
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            tail++;
        }
        int from = Math.max(0, head - 6);
        return "--- Alembic's reflection, lines " + (from + 1) + "-" + (a.size() - tail) + " ---\n"
                + String.join("\n", a.subList(from, a.size() - tail)) + "\n--- retort's ---\n"
                + String.join("\n", b.subList(from, b.size() - tail)) + "\n";
    }

    private void step(ProjectWriter.Project p, Db.Target viaAlembic, Db.Target viaRetort, Cli retort, String command,
                      String target, String what, List<Rev> chain, int i, String context) throws Exception {
        Rev r = chain.get(i);
        String down = i == 0 ? null : chain.get(i - 1).id();
        String where = what + " " + r.id() + " on " + viaRetort.dialect() + (context.isEmpty() ? "" : " (" + context + ")")
                + "\n--- the revision as YAML ---\n" + yaml(r, down) + "--- as Alembic .py ---\n" + python(r, down);
        AlembicDriver.Result a = alembic.run(p.root(), "-c", p.ini().toString(), "-x", "dburl=" + viaAlembic.alembicUrl(),
                command, target);
        if (a.exit() != 0) {
            throw new AssertionError("Alembic failed: " + where + "\n--- Alembic's output ---\n" + a.stdout() + a.stderr());
        }
        Cli.Result rr = retort.run(command, target);
        if (rr.exit() != 0) {
            throw new AssertionError("retort failed (exit " + rr.exit() + "): " + where + "\n--- retort's output ---\n"
                    + rr.out() + rr.err());
        }
        // SQLite's CREATE TABLE text (what .schema prints) must be Alembic's byte for byte where create_table made
        // it, after the first upgrade; a rebuild's (batch mode) is re-rendered from SQLAlchemy's reflection
        // (DEFAULT (29), ON DELETE SET NULL) and compared by reflection only
        boolean withSql = i == 0 && command.equals("upgrade");
        String expected = withoutSql(reflect(viaAlembic.alembicUrl()), withSql).toPrettyString();
        String actual = withoutSql(reflect(viaRetort.alembicUrl()), withSql).toPrettyString();
        if (!expected.equals(actual)) {
            throw new org.opentest4j.AssertionFailedError("reflections differ after " + where + "\n" + difference(expected, actual),
                    expected, actual);
        }
    }

    private static JsonNode withoutSql(JsonNode reflection, boolean keep) {
        if (!keep && reflection.isObject()) {
            reflection.forEach(table -> {
                if (table instanceof com.fasterxml.jackson.databind.node.ObjectNode o) {
                    o.remove("sql");
                }
            });
        }
        return reflection;
    }
}
