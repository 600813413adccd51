package dev.retort.compat;

import dev.retort.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs retort's command line in-process: {@code Main.run(args, out, err)}. */
final class RetortCli {
    private static final long TIMEOUT_SECONDS = 60;
    private static final ExecutorService EXEC = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "retort-cli");
        t.setDaemon(true);
        return t;
    });

    private RetortCli() {
    }

    /** The argument vector: {@code --url sqlite:////abs/db|postgresql://... --revisions /abs/dir COMMAND...}. */
    static List<String> argv(Db.Target db, Path revisions, List<String> command) {
        List<String> args = new ArrayList<>(List.of("--url", db.retortUrl(), "--revisions", revisions.toAbsolutePath().toString()));
        args.addAll(command);
        return args;
    }

    static Outcome run(Db.Target db, Path revisions, List<String> command) {
        List<String> args = argv(db, revisions, command);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream pout = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream perr = new PrintStream(err, true, StandardCharsets.UTF_8);
        int exit = -1;
        String crash = null;
        Future<Integer> f = EXEC.submit(() -> Main.run(args.toArray(String[]::new), pout, perr));
        try {
            exit = f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            crash = "no answer within " + TIMEOUT_SECONDS + " s";
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable t = e.getCause();
            StringWriter sw = new StringWriter();
            t.printStackTrace(new PrintWriter(sw));
            String[] lines = sw.toString().split("\n");
            StringBuilder sb = new StringBuilder(t.toString());
            for (int i = 1; i < Math.min(lines.length, 6); i++) {
                sb.append(" | ").append(lines[i].trim());
            }
            crash = sb.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            crash = "interrupted";
        }
        pout.flush();
        perr.flush();
        return new Outcome("retort", exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), crash);
    }
}
