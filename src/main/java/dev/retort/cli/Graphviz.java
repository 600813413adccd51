package dev.retort.cli;

import dev.retort.api.RetortException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Graphviz's {@code dot} as a subprocess: DOT text in, SVG out ({@code graph --format svg}). */
final class Graphviz {
    static final String MISSING = "--format svg runs Graphviz's 'dot', which is not on PATH; install Graphviz"
            + " (Debian/Ubuntu: apt-get install graphviz; macOS: brew install graphviz), or write"
            + " --format dot (or the default, mermaid) and render it elsewhere";

    private Graphviz() {
    }

    /** The first executable {@code dot} in a PATH value, if any. */
    static Optional<Path> find(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            for (String name : List.of("dot", "dot.exe")) {
                Path dot = dir.isEmpty() ? null : Path.of(dir, name);
                if (dot != null && Files.isRegularFile(dot) && Files.isExecutable(dot)) {
                    return Optional.of(dot);
                }
            }
        }
        return Optional.empty();
    }

    /**
     * Renders DOT text as SVG with the {@code dot} found on {@code path}.
     *
     * @throws RetortException exit 2 when there is no {@code dot}; exit 1 when it fails
     */
    static byte[] svg(String dotText, String path) {
        Path dot = find(path).orElseThrow(() -> RetortException.usage(MISSING));
        Path dir = null;
        try {
            // input and errors through files: no pipe to fill while the other is read
            dir = Files.createTempDirectory("retort-graph");
            Path in = Files.writeString(dir.resolve("graph.dot"), dotText, StandardCharsets.UTF_8);
            Path errors = dir.resolve("dot.err");
            Process p = new ProcessBuilder(dot.toString(), "-Tsvg", in.toString())
                    .redirectError(errors.toFile()).start();
            p.getOutputStream().close();
            byte[] svg;
            try (InputStream stdout = p.getInputStream()) {
                svg = stdout.readAllBytes();
            }
            int code = p.waitFor();
            if (code != 0) {
                throw new RetortException(dot + " -Tsvg failed (exit " + code + "): "
                        + Files.readString(errors, StandardCharsets.UTF_8).strip());
            }
            return svg;
        } catch (IOException e) {
            throw new RetortException("Can't run " + dot + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetortException("Interrupted while " + dot + " was running", e);
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing the command for
        }
    }
}
