package dev.retort.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The training run behind scripts/migrate.sh's class-data-sharing archive: run with
 * {@code -XX:ArchiveClassesAtExit}, it puts the classes of the everyday commands into the archive,
 * so that later runs of any of them start faster — not only the command that happened to run
 * first after a build.
 *
 * <p>It runs, in one JVM and with all output discarded, the commands a team uses every day on a
 * small graph (a branch point, a labelled branch, a merge; dialect sections, a string literal and
 * comments for the statement splitter) in a temporary directory: {@code upgrade} and
 * {@code downgrade} on SQLite, {@code current}, {@code heads}, {@code branches}, {@code history},
 * {@code show}, {@code check} (also as {@code --json}), offline SQL for SQLite and PostgreSQL, and
 * the graph commands on an Alembic {@code .py} directory. Nothing outside the temporary directory
 * is touched; the exit status is 0 whatever the commands returned.
 */
public final class CdsTraining {
    private CdsTraining() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Files.createTempDirectory("retort-cds-training");
        try {
            train(dir);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    /** Runs the commands in {@code dir}; returns each command line with its exit status, in order. */
    static Map<String, Integer> train(Path dir) throws IOException {
        Path sql = Files.createDirectories(dir.resolve("revisions"));
        revision(sql, "a1a1a1a1a1a1", "", "", "CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                + "-- a comment; with a semicolon\nINSERT INTO account (name) VALUES ('it''s; here');",
                "DROP TABLE account;");
        revision(sql, "b2b2b2b2b2b2", "a1a1a1a1a1a1", "", "CREATE INDEX ix_account_name ON account (name);",
                "DROP INDEX ix_account_name;");
        revision(sql, "c3c3c3c3c3c3", "a1a1a1a1a1a1", "-- Branch Labels: extra\n",
                "-- retort:upgrade postgresql\nALTER TABLE account ADD COLUMN note TEXT DEFAULT '';\n\n"
                        + "-- retort:upgrade sqlite\nALTER TABLE account ADD COLUMN note TEXT /* sqlite */ DEFAULT '';",
                "ALTER TABLE account DROP COLUMN note;");
        revision(sql, "d4d4d4d4d4d4", "b2b2b2b2b2b2, c3c3c3c3c3c3", "", "", "");
        Path py = Files.createDirectories(dir.resolve("versions"));
        Files.writeString(py.resolve("e5e5e5e5e5e5_first.py"), "\"\"\"first\n\nRevision ID: e5e5e5e5e5e5\n\"\"\"\n"
                + "revision = 'e5e5e5e5e5e5'\ndown_revision: str | None = None\nbranch_labels = ('py',)\n"
                + "depends_on = None\n\n\ndef upgrade():\n    pass\n");

        String db = "sqlite:///" + dir.resolve("training.db");
        String[] common = {"--url", db, "--revisions", sql.toString()};
        List<List<String>> commands = List.of(
                List.of("upgrade", "c3c3c3c3c3c3"), List.of("upgrade", "head"),
                List.of("current", "-v"), List.of("heads"), List.of("branches"), List.of("history", "-i"),
                List.of("show", "extra@head"), List.of("check", "--json"), List.of("history", "--applied"),
                List.of("downgrade", "c3c3c3c3c3c3"), List.of("upgrade", "heads"), List.of("stamp", "head"),
                List.of("upgrade", "base:head", "--sql"), List.of("downgrade", "head:base", "--sql"),
                List.of("--url", "postgresql://training@localhost/training", "upgrade", "head", "--sql"));
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        List<String[]> lines = new ArrayList<>();
        for (List<String> command : commands) {
            lines.add(Stream.concat(Stream.of(common), command.stream()).toArray(String[]::new));
        }
        for (String command : List.of("heads", "history")) {
            lines.add(new String[] {"--url", db, "--revisions", py.toString(), command});
        }
        Map<String, Integer> codes = new LinkedHashMap<>();
        for (String[] line : lines) {
            codes.put(String.join(" ", line), Main.run(line, none, none));
        }
        return codes;
    }

    private static void revision(Path dir, String id, String down, String extraHeader, String upgrade,
                                 String downgrade) {
        String text = "-- revision " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + down + "\n"
                + extraHeader + "\n" + (upgrade.startsWith("-- retort:") ? "" : "-- retort:upgrade\n") + upgrade
                + "\n\n-- retort:downgrade\n" + downgrade + "\n";
        try {
            Files.writeString(dir.resolve(id + "_rev.sql"), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
