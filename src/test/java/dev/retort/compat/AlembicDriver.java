package dev.retort.compat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * One long-lived Python process running real Alembic 1.8.1 in-process
 * ({@code src/test/resources/compat/alembic_driver.py}). Each {@link #run} call is one
 * {@code alembic ARGS...} command line; spawning {@code python3 -m alembic} per command would
 * cost 0.3–0.5 s each.
 *
 * <p>Only {@code /usr/bin/python3} is used (the Debian {@code python3-alembic} package). When
 * it cannot import alembic the compatibility tests are skipped with a visible message, unless
 * {@code RETORT_REQUIRE_ALEMBIC=1} is set (CI), in which case they fail.
 */
final class AlembicDriver implements AutoCloseable {
    static final String PYTHON = "/usr/bin/python3";
    static final String EXPECTED_VERSION = "1.8.1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long CALL_TIMEOUT_SECONDS = 120;

    /** Exit status, stdout and stderr of one Alembic command line. */
    record Result(int exit, String stdout, String stderr) {
    }

    private static String unavailableReason; // null = available; computed once
    private static boolean checked;
    private static boolean skipAnnounced;

    private final Process process;
    private final Writer toPython;
    private final BufferedReader fromPython;
    private final Path scratch;

    private AlembicDriver(Process process, Path scratch) {
        this.process = process;
        this.scratch = scratch;
        this.toPython = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.fromPython = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Skips the calling test (JUnit assumption, plus a line on stderr) when Alembic 1.8.1 is not
     * importable by /usr/bin/python3 — or fails it when RETORT_REQUIRE_ALEMBIC=1.
     */
    static void assumeAvailable() {
        String reason = unavailableReason();
        if (reason == null) {
            return;
        }
        String message = "Alembic compatibility tests need real Alembic " + EXPECTED_VERSION
                + " (Debian package python3-alembic, run with " + PYTHON + "): " + reason;
        if ("1".equals(System.getenv("RETORT_REQUIRE_ALEMBIC"))) {
            Assertions.fail(message + " — and RETORT_REQUIRE_ALEMBIC=1 is set, so this is a failure");
        }
        if (!skipAnnounced) {
            skipAnnounced = true;
            System.err.println("SKIPPED: " + message
                    + ". Install it with `apt-get install python3-alembic` (set RETORT_REQUIRE_ALEMBIC=1 to make this fatal).");
        }
        Assumptions.abort(message);
    }

    static synchronized String unavailableReason() {
        if (checked) {
            return unavailableReason;
        }
        checked = true;
        if (!Files.isExecutable(Path.of(PYTHON))) {
            unavailableReason = PYTHON + " not found";
            return unavailableReason;
        }
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import alembic; print(alembic.__version__)")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                unavailableReason = "`" + PYTHON + " -c 'import alembic'` did not finish";
            } else if (p.exitValue() != 0) {
                String last = out.isEmpty() ? "" : out.substring(out.lastIndexOf('\n') + 1);
                unavailableReason = "`" + PYTHON + " -c 'import alembic'` failed: " + last;
            } else if (!out.equals(EXPECTED_VERSION)) {
                unavailableReason = "found Alembic " + out + ", but these tests pin the behaviour of " + EXPECTED_VERSION;
            }
        } catch (IOException e) {
            unavailableReason = "cannot run " + PYTHON + ": " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            unavailableReason = "interrupted";
        }
        return unavailableReason;
    }

    /** Starts the driver process. Call {@link #assumeAvailable()} first. */
    static AlembicDriver start() throws IOException {
        Path scratch = Files.createTempDirectory("retort-alembic-driver");
        Path script = scratch.resolve("alembic_driver.py");
        try (InputStream in = AlembicDriver.class.getResourceAsStream("/compat/alembic_driver.py")) {
            if (in == null) {
                throw new IOException("resource /compat/alembic_driver.py missing from the test classpath");
            }
            Files.copy(in, script, StandardCopyOption.REPLACE_EXISTING);
        }
        ProcessBuilder pb = new ProcessBuilder(PYTHON, "-u", script.toString());
        // Fixed hash seed: Alembic prints some sets (labels, "Branches into", current) and picks
        // merge rows by set order; a fixed seed makes its side of a failure reproducible.
        pb.environment().put("PYTHONHASHSEED", "0");
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        pb.environment().put("PYTHONIOENCODING", "utf-8");
        pb.environment().remove("ALEMBIC_CONFIG");
        pb.environment().remove("PYTHONPATH");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        AlembicDriver driver = new AlembicDriver(pb.start(), scratch);
        Result v = driver.request(JSON.createObjectNode().put("version", true));
        if (!EXPECTED_VERSION.equals(v.stdout())) {
            driver.close();
            throw new IOException("driver reports Alembic " + v.stdout() + ", expected " + EXPECTED_VERSION);
        }
        return driver;
    }

    /** Runs {@code alembic ARGV...} with the given working directory. */
    Result run(Path cwd, List<String> argv) {
        ObjectNode req = JSON.createObjectNode();
        req.put("cwd", cwd.toAbsolutePath().toString());
        var arr = req.putArray("argv");
        argv.forEach(arr::add);
        return request(req);
    }

    Result run(Path cwd, String... argv) {
        return run(cwd, List.of(argv));
    }

    private synchronized Result request(ObjectNode req) {
        try {
            toPython.write(JSON.writeValueAsString(req));
            toPython.write('\n');
            toPython.flush();
            CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
                try {
                    return fromPython.readLine();
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            String reply = line.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (reply == null) {
                throw new IllegalStateException("Alembic driver exited (status "
                        + (process.isAlive() ? "?" : process.exitValue()) + ") on " + req);
            }
            JsonNode node = JSON.readTree(reply);
            int exit = node.get("exit").asInt();
            if (exit == -1) {
                throw new IllegalStateException("Alembic driver protocol error: " + node.get("stderr").asText());
            }
            return new Result(exit, node.get("stdout").asText(), node.get("stderr").asText());
        } catch (TimeoutException e) {
            process.destroyForcibly();
            throw new IllegalStateException("Alembic driver did not answer within " + CALL_TIMEOUT_SECONDS + " s: " + req);
        } catch (Exception e) {
            if (e instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException("Alembic driver failed on " + req + ": " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            toPython.close();
        } catch (IOException ignored) {
            // process may already be gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            for (Path p : new ArrayList<>(List.of(scratch.resolve("alembic_driver.py"), scratch))) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // temp dir
        }
    }
}
