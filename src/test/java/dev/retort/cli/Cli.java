package dev.retort.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the CLI in-process against a SQLite file and a revisions directory. */
record Cli(Path db, Path revisions) {
    record Result(int exit, String out, String err) {
    }

    Result run(String... args) {
        List<String> all = new ArrayList<>(List.of("--url", "sqlite:///" + db.toAbsolutePath(),
                "--revisions", revisions.toString()));
        all.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Runs a command that must succeed and returns its stdout. */
    String ok(String... args) {
        Result r = run(args);
        if (r.exit() != 0) {
            throw new AssertionError("exit " + r.exit() + " for " + String.join(" ", args) + "\n" + r.err());
        }
        return r.out();
    }
}
