package dev.retort.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against a database URL and a revisions directory. */
public record Cli(String url, Path revisions) {
    /** A SQLite file. */
    public Cli(Path db, Path revisions) {
        this("sqlite:///" + db.toAbsolutePath(), revisions);
    }

    public record Result(int exit, String out, String err) {
    }

    public Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", url,
                "--revisions", revisions.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Writes a minimal SQL revision {@code ID_x.sql} (message "rev ID") into {@code dir}. */
    public static void revision(Path dir, String id, String down, String upgrade, String downgrade)
            throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve(id + "_x.sql"), "-- rev " + id + "\n--\n-- Revision ID: " + id
                + "\n-- Revises: " + down + "\n\n-- retort:upgrade\n" + upgrade + "\n\n-- retort:downgrade\n"
                + downgrade + "\n");
    }

    /** Runs a command that must succeed and returns its stdout. */
    public String ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("exit " + r.exit() + " for " + String.join(" ", args) + "\n" + r.err());
        }
        return r.out();
    }
}
