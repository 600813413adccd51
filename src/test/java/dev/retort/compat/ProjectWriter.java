package dev.retort.compat;

import dev.retort.compat.Graph.Rev;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes one graph twice: as a complete Alembic project ({@code alembic.ini},
 * {@code migrations/env.py}, {@code migrations/versions/*.py}) and as a retort SQL revision
 * directory ({@code sql/*.sql}), with the same ids, messages and file-name order. Every
 * revision appends {@code (id, 'up'|'down')} to the table {@code log}, which the harness creates
 * beforehand in each database ({@link Db#createLogTable}).
 */
final class ProjectWriter {
    static final String CREATE_DATE = "2025-12-06 10:00:00.000000";

    private ProjectWriter() {
    }

    /** Paths of one written project. */
    record Project(Path root, Path ini, Path scriptLocation, Path versions, Path sqlDir) {
        Path db(String name) {
            return root.resolve(name + ".db");
        }
    }

    static Project write(Graph g, Path root) {
        Project p = skeleton(root);
        for (Rev r : g.revs()) {
            writeString(p.versions().resolve(r.fileStem() + ".py"), pythonRevision(r));
            writeString(p.sqlDir().resolve(r.fileStem() + ".sql"), sqlRevision(r));
        }
        return p;
    }

    /** alembic.ini + env.py + empty versions/ and sql/ directories. */
    static Project skeleton(Path root) {
        Path scriptLocation = root.resolve("migrations").toAbsolutePath();
        Path versions = scriptLocation.resolve("versions");
        Path sql = root.resolve("sql").toAbsolutePath();
        try {
            Files.createDirectories(versions);
            Files.createDirectories(sql);
            try (InputStream in = ProjectWriter.class.getResourceAsStream("/compat/env.py")) {
                if (in == null) {
                    throw new IOException("resource /compat/env.py missing");
                }
                Files.write(scriptLocation.resolve("env.py"), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path ini = root.resolve("alembic.ini").toAbsolutePath();
        writeString(ini, alembicIni(scriptLocation, root.resolve("alembic.db").toAbsolutePath()));
        return new Project(root.toAbsolutePath(), ini, scriptLocation, versions, sql);
    }

    static String alembicIni(Path scriptLocation, Path db) {
        return """
                [alembic]
                script_location = %s
                sqlalchemy.url = sqlite:///%s

                [loggers]
                keys = root,sqlalchemy,alembic

                [handlers]
                keys = console

                [formatters]
                keys = generic

                [logger_root]
                level = WARN
                handlers = console
                qualname =

                [logger_sqlalchemy]
                level = WARN
                handlers =
                qualname = sqlalchemy.engine

                [logger_alembic]
                level = INFO
                handlers =
                qualname = alembic

                [handler_console]
                class = StreamHandler
                args = (sys.stderr,)
                level = NOTSET
                formatter = generic

                [formatter_generic]
                format = %%(levelname)-5.5s [%%(name)s] %%(message)s
                """.formatted(scriptLocation, db);
    }

    static String logInsert(String id, String dir) {
        return "INSERT INTO log (rev, dir) VALUES ('" + id + "', '" + dir + "')";
    }

    /** A revision in the layout {@code alembic revision} writes (values as Python reprs). */
    static String pythonRevision(Rev r) {
        return "\"\"\"" + r.message() + "\n\n"
                + "Revision ID: " + r.id() + "\n"
                + "Revises: " + String.join(", ", r.down()) + "\n"
                + "Create Date: " + CREATE_DATE + "\n\n"
                + "\"\"\"\n"
                + "from alembic import op\n\n\n"
                + "# revision identifiers, used by Alembic.\n"
                + "revision = " + pyStr(r.id()) + "\n"
                + "down_revision = " + pyTupleOrScalar(r.down()) + "\n"
                + "branch_labels = " + (r.labels().isEmpty() ? "None" : pyTuple(r.labels())) + "\n"
                + "depends_on = " + pyDeps(r.dependsOn()) + "\n\n\n"
                + "def upgrade():\n"
                + "    op.execute(\"" + logInsert(r.id(), "up") + "\")\n\n\n"
                + "def downgrade():\n"
                + "    op.execute(\"" + logInsert(r.id(), "down") + "\")\n";
    }

    /** A revision in retort's SQL format (SPEC.md "Revision files"). */
    static String sqlRevision(Rev r) {
        StringBuilder sb = new StringBuilder();
        sb.append("-- ").append(r.message()).append('\n');
        sb.append("--\n");
        sb.append("-- Revision ID: ").append(r.id()).append('\n');
        sb.append("-- Revises: ").append(String.join(", ", r.down())).append('\n');
        sb.append("-- Create Date: ").append(CREATE_DATE).append('\n');
        if (!r.labels().isEmpty()) {
            sb.append("-- Branch Labels: ").append(String.join(", ", r.labels())).append('\n');
        }
        if (!r.dependsOn().isEmpty()) {
            sb.append("-- Depends On: ").append(String.join(", ", r.dependsOn())).append('\n');
        }
        sb.append('\n');
        sb.append("-- retort:upgrade\n").append(logInsert(r.id(), "up")).append(";\n\n");
        sb.append("-- retort:downgrade\n").append(logInsert(r.id(), "down")).append(";\n");
        return sb.toString();
    }

    static String pyStr(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    static String pyTuple(List<String> items) {
        List<String> q = new ArrayList<>();
        items.forEach(i -> q.add(pyStr(i)));
        return "(" + String.join(", ", q) + (items.size() == 1 ? ",)" : ")");
    }

    static String pyTupleOrScalar(List<String> items) {
        if (items.isEmpty()) {
            return "None";
        }
        return items.size() == 1 ? pyStr(items.get(0)) : pyTuple(items);
    }

    /** As the 1.8.1 template: a plain string for one, a list for several. */
    static String pyDeps(List<String> items) {
        if (items.isEmpty()) {
            return "None";
        }
        if (items.size() == 1) {
            return pyStr(items.get(0));
        }
        return "[" + items.stream().map(ProjectWriter::pyStr).collect(Collectors.joining(", ")) + "]";
    }

    static void writeString(Path p, String content) {
        try {
            Files.createDirectories(p.getParent());
            Files.writeString(p, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
