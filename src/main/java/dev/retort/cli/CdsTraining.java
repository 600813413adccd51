package dev.retort.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * comments for the statement splitter) in a temporary directory: {@code revision} and {@code merge}
 * to write it, {@code upgrade} and
 * {@code downgrade} on SQLite, {@code current}, {@code heads}, {@code branches}, {@code history},
 * {@code show}, {@code graph} (mermaid, dot, JSON), {@code check} (also as {@code --json}), offline
 * SQL for SQLite and PostgreSQL, and the graph commands on an Alembic {@code .py} directory.
 * Nothing outside the temporary directory is touched; the exit status is 0 whatever the commands returned.
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
        Path py = Files.createDirectories(dir.resolve("versions"));
        Files.writeString(py.resolve("e5e5e5e5e5e5_first.py"), "\"\"\"first\n\nRevision ID: e5e5e5e5e5e5\n\"\"\"\n"
                + "revision = 'e5e5e5e5e5e5'\ndown_revision: str | None = None\nbranch_labels = ('py',)\n"
                + "depends_on = None\n\n\ndef upgrade():\n    pass\n");
        String db = "sqlite:///" + dir.resolve("training.db");
        String[] common = {"--url", db, "--revisions", sql.toString()};
        PrintStream none = new PrintStream(OutputStream.nullOutputStream());
        Map<String, Integer> codes = new LinkedHashMap<>();
        // the revision files are written by the revision and merge commands, then given SQL
        List<List<String>> writes = List.of(
                List.of("revision", "-m", "create account", "--rev-id", "a1a1a1a1a1a1"),
                List.of("revision", "-m", "index", "--rev-id", "b2b2b2b2b2b2"),
                List.of("revision", "-m", "note", "--head", "a1a1a1a1a1a1", "--splice", "--branch-label", "extra",
                        "--rev-id", "c3c3c3c3c3c3"),
                List.of("merge", "heads", "-m", "merge", "--rev-id", "d4d4d4d4d4d4"));
        run(codes, common, writes, none);
        sections(sql, "a1a1a1a1a1a1", "CREATE TABLE account (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n"
                + "-- a comment; with a semicolon\nINSERT INTO account (name) VALUES ('it''s; here');",
                "DROP TABLE account;");
        sections(sql, "b2b2b2b2b2b2", "CREATE INDEX ix_account_name ON account (name);", "DROP INDEX ix_account_name;");
        sections(sql, "c3c3c3c3c3c3", "\n-- retort:upgrade postgresql\nALTER TABLE account ADD COLUMN note TEXT DEFAULT '';"
                        + "\n\n-- retort:upgrade sqlite\nALTER TABLE account ADD COLUMN note TEXT /* sqlite */ DEFAULT '';",
                "ALTER TABLE account DROP COLUMN note;");

        List<List<String>> commands = List.of(
                List.of("upgrade", "c3c3c3c3c3c3"), List.of("upgrade", "head"),
                List.of("current", "-v"), List.of("heads"), List.of("branches"), List.of("history", "-i"),
                List.of("show", "extra@head"), List.of("graph", "-i"), List.of("graph", "--format", "dot"),
                List.of("graph", "--json"), List.of("check", "--json"), List.of("history", "--applied"),
                List.of("downgrade", "c3c3c3c3c3c3"), List.of("upgrade", "heads"), List.of("stamp", "head"),
                List.of("upgrade", "base:head", "--sql"), List.of("downgrade", "head:base", "--sql"),
                List.of("--url", "postgresql://training@localhost/training", "upgrade", "head", "--sql"));
        run(codes, common, commands, none);
        run(codes, new String[] {"--url", db, "--revisions", py.toString()}, List.of(List.of("heads"), List.of("history")),
                none);
        return codes;
    }

    /** Runs each command after the {@code common} options, recording its exit status under its command line. */
    private static void run(Map<String, Integer> codes, String[] common, List<List<String>> commands,
                            PrintStream none) {
        for (List<String> command : commands) {
            String[] line = Stream.concat(Stream.of(common), command.stream()).toArray(String[]::new);
            codes.put(String.join(" ", line), Main.run(line, none, none));
        }
    }

    /** Replaces the empty sections that {@code revision} wrote with SQL. */
    private static void sections(Path dir, String id, String upgrade, String downgrade) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            Path file = files.filter(f -> f.getFileName().toString().startsWith(id + "_")).findFirst().orElseThrow();
            String text = Files.readString(file);
            String empty = "-- retort:upgrade\n\n-- retort:downgrade\n";
            Files.writeString(file, text.substring(0, text.indexOf(empty)) + "-- retort:upgrade\n" + upgrade
                    + "\n\n-- retort:downgrade\n" + downgrade + "\n");
        }
    }
}
