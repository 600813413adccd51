package dev.retort.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Loading benchmark (not a test): writes N small revision files (a linear chain, one in ten an
 * Alembic .py file) to a temp directory and times {@link ScriptDirectory#load} cold and warm, then
 * the same files packed into a jar as a {@code classpath:} location.
 *
 * <pre>
 * mvn -q -o test-compile
 * java -cp target/classes:target/test-classes dev.retort.script.ScriptDirectoryBench [N]
 * </pre>
 */
public final class ScriptDirectoryBench {
    private ScriptDirectoryBench() {
    }

    public static void main(String[] args) throws IOException {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path dir = Files.createTempDirectory("retort-bench");
        try {
            String previous = "";
            for (int i = 0; i < n; i++) {
                String id = String.format("%012x", i * 7919L + 1);
                if (i % 10 == 9) {
                    Files.writeString(dir.resolve(id + "_step_" + i + ".py"), "\"\"\"Step " + i + "\n\nRevision ID: "
                            + id + "\nRevises: " + previous + "\nCreate Date: 2026-11-22 03:14:18.180469\n\n\"\"\"\n"
                            + "from alembic import op\nimport sqlalchemy as sa\n\n\nrevision = '" + id
                            + "'\ndown_revision = " + (previous.isEmpty() ? "None" : "'" + previous + "'")
                            + "\nbranch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n"
                            + "    op.add_column('t', sa.Column('c" + i + "', sa.Integer()))\n\n\n"
                            + "def downgrade() -> None:\n    op.drop_column('t', 'c" + i + "')\n");
                } else {
                    RevisionWriter.write(dir, id, "Step " + i, previous.isEmpty() ? List.of() : List.of(previous),
                            List.of(), List.of(), java.time.LocalDateTime.of(2026, 11, 22, 3, 14, 18, 180_469_000));
                }
                previous = id;
            }
            com.sun.management.OperatingSystemMXBean os =
                    (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
            long best = Long.MAX_VALUE;
            long bestCpu = Long.MAX_VALUE;
            for (int round = 0; round < 20; round++) {
                long c0 = os.getProcessCpuTime();
                long t0 = System.nanoTime();
                List<Revision> revisions = ScriptDirectory.load(List.of(dir));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                long cpuMs = (os.getProcessCpuTime() - c0) / 1_000_000;
                if (revisions.size() != n) {
                    throw new IllegalStateException("loaded " + revisions.size());
                }
                best = Math.min(best, ms);
                bestCpu = Math.min(bestCpu, cpuMs);
                System.out.printf("round %2d: %d files in %d ms wall, %d ms CPU (all threads)%n", round, n, ms, cpuMs);
            }
            long baseline = Long.MAX_VALUE;
            for (int round = 0; round < 20; round++) {
                long t0 = System.nanoTime();
                long bytes = 0;
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        bytes += Files.readAllBytes(f).length;
                    }
                }
                baseline = Math.min(baseline, (System.nanoTime() - t0) / 1_000_000 + (bytes < 0 ? 1 : 0));
            }
            System.out.printf("best warm load: %d ms wall, %d ms CPU for %d files (%.1f us/file wall); "
                    + "%d processors, load average %.1f%n", best, bestCpu, n, best * 1000.0 / n,
                    os.getAvailableProcessors(), os.getSystemLoadAverage());
            System.out.printf("baseline (list + read every file's bytes, one thread): %d ms; load/baseline = %.2f%n",
                    baseline, (double) best / Math.max(1, baseline));
            System.out.printf("best warm load of the same files as classpath:db/revisions in a jar: %d ms wall%n",
                    jarLoad(dir, n));
        } finally {
            Files.deleteIfExists(dir.resolveSibling(dir.getFileName() + ".jar"));
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Packs the directory's files into a jar under {@code db/revisions/} and times the classpath load (best of 20). */
    private static long jarLoad(Path dir, int n) throws IOException {
        Path jar = dir.resolveSibling(dir.getFileName() + ".jar");
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(dir)) {
            out.putNextEntry(new java.util.jar.JarEntry("db/"));
            out.putNextEntry(new java.util.jar.JarEntry("db/revisions/"));
            for (Path f : (Iterable<Path>) files::iterator) {
                out.putNextEntry(new java.util.jar.JarEntry("db/revisions/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
            }
        }
        long best = Long.MAX_VALUE;
        try (java.net.URLClassLoader cl = new java.net.URLClassLoader(new java.net.URL[] {jar.toUri().toURL()}, null)) {
            for (int round = 0; round < 20; round++) {
                long t0 = System.nanoTime();
                List<Revision> revisions = ScriptDirectory.load(List.of(Location.parse("classpath:db/revisions")), cl);
                best = Math.min(best, (System.nanoTime() - t0) / 1_000_000);
                if (revisions.size() != n) {
                    throw new IllegalStateException("loaded " + revisions.size() + " from the jar");
                }
            }
        }
        return best;
    }
}
