package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution as a user gets it (runs after {@code mvn package}): target/retort-*.tar.gz
 * unpacked in a temporary directory, {@code bin/retort} run with a bare environment — only HOME,
 * PATH and JAVA_HOME — from a project directory elsewhere.
 */
class DistributionIT {
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String JAVA_HOME = System.getProperty("java.home");

    @TempDir
    Path tmp;

    private Path install;
    private Path project;
    private Path home;

    record Result(int exit, String out, String err) {
    }

    @BeforeEach
    void unpack() throws Exception {
        Path tarball;
        try (Stream<Path> files = Files.list(TARGET)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().matches("retort-.+\\.tar\\.gz")).toList();
            assertEquals(1, found.size(), "one distribution in target/: " + found);
            tarball = found.get(0);
        }
        Path unpacked = Files.createDirectories(tmp.resolve("opt"));
        Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", unpacked.toString())
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        String dir = tarball.getFileName().toString().replace(".tar.gz", "");
        install = unpacked.resolve(dir);
        project = Files.createDirectories(tmp.resolve("project"));
        home = Files.createDirectories(tmp.resolve("home"));
    }

    private Result run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(install.resolve("bin/retort").toString()));
        cmd.addAll(List.of(args));
        return start(env, cmd);
    }

    /** Runs a sh script with bin/retort as $0: the script, not this JVM (whose locale may be C), spells non-ASCII bytes. */
    private Result shell(Map<String, String> env, String script) throws IOException, InterruptedException {
        return start(env, List.of("sh", "-c", script, install.resolve("bin/retort").toString()));
    }

    private Result start(Map<String, String> env, List<String> cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(project.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        int code = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start().waitFor();
        return new Result(code, Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private Map<String, String> bare() {
        return Map.of("HOME", home.toString(), "PATH", "/usr/bin:/bin", "JAVA_HOME", JAVA_HOME);
    }

    private void revision(String id, String down, String sql) throws IOException {
        Files.writeString(project.resolve("revisions").resolve(id + "_rev.sql"),
                "-- rev " + id + "\n--\n-- Revision ID: "
                + id + "\n-- Revises: " + down + "\n\n-- retort:upgrade\n" + sql + "\n\n-- retort:downgrade\n");
    }

    private static String listing(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(p -> dir.relativize(p).toString()).sorted().collect(Collectors.joining("\n"));
        }
    }

    @Test
    void theUnpackedTarballMigratesWithABareEnvironment() throws Exception {
        assertEquals(List.of("LICENSE", "README.md", "bin", "lib"), Files.list(install)
                .map(p -> p.getFileName().toString())
                .sorted().toList());
        assertEquals(Files.readString(Path.of("LICENSE")), Files.readString(install.resolve("LICENSE")));
        try (JarFile jar = new JarFile(install.resolve("lib/retort.jar").toFile())) {
            assertEquals(Files.readString(Path.of("LICENSE")),
                    new String(jar.getInputStream(jar.getEntry("META-INF/LICENSE")).readAllBytes(),
                            StandardCharsets.UTF_8));
        }
        String installed = listing(install);

        Files.createDirectories(project.resolve("revisions"));
        revision("aaaa", "", "CREATE TABLE a (x INTEGER);");
        revision("bbbb", "aaaa", "CREATE TABLE b (x INTEGER);");

        Result up = run(bare(), "upgrade", "head");
        assertEquals(0, up.exit(), up.err());
        assertTrue(up.err().contains("Running upgrade aaaa -> bbbb, rev bbbb"), up.err());
        assertTrue(Files.exists(project.resolve("data/retort.db")), "the default database, relative to the cwd");

        Result current = run(bare(), "current");
        assertEquals(0, current.exit(), current.err());
        assertEquals("bbbb (head)\n", current.out());
        Result heads = run(bare(), "heads");
        assertEquals("bbbb (head)\n", heads.out(), heads.err());

        // the class-data archive goes to the per-user cache, the installation stays as unpacked
        String version = Files.readString(install.resolve("lib/version")).trim();
        assertTrue(!version.isEmpty() && !version.contains("$"), version);
        try (Stream<Path> cached = Files.list(home.resolve(".cache/retort").resolve(version))) {
            assertTrue(cached.anyMatch(p -> p.getFileName().toString().endsWith(".jsa")),
                    "archive in ~/.cache/retort/" + version);
        }
        assertEquals(installed, listing(install));

        // sqlite-jdbc's native library was extracted once into the cache and is loaded from there:
        // with no usable temporary directory its own per-start extraction would fail
        try (Stream<Path> cached = Files.list(home.resolve(".cache/retort").resolve(version))) {
            Path lib = cached.filter(p -> p.getFileName().toString().startsWith("sqlite-jdbc-"))
                    .findFirst().orElseThrow();
            assertTrue(Files.size(lib.resolve("libsqlitejdbc.so")) > 100_000, lib.toString());
        }
        Result cachedLib = run(withOpts("-Djava.io.tmpdir=" + tmp.resolve("no-such-dir")), "current");
        assertEquals("bbbb (head)\n", cachedLib.out(), cachedLib.err());

        // a Java 25+ on the machine gets an AOT cache and no native-access warning
        for (Path jdk : newerJdks()) {
            Map<String, String> env = new java.util.HashMap<>(bare());
            env.put("JAVA_HOME", jdk.toString());
            for (int i = 0; i < 2; i++) {
                Result r = run(env, "current");
                assertEquals("bbbb (head)\n", r.out(), jdk + ": " + r.err());
                assertEquals("", r.err(), jdk + " prints nothing on stderr");
            }
            try (Stream<Path> cached = Files.list(home.resolve(".cache/retort").resolve(version))) {
                assertTrue(cached.anyMatch(p -> p.getFileName().toString().endsWith(".aot")), "AOT cache for " + jdk);
            }
        }
    }

    /** JDKs of version 25 or newer under /usr/lib/jvm (the launcher's AOT-cache path). */
    private static List<Path> newerJdks() throws IOException {
        Path jvm = Path.of("/usr/lib/jvm");
        if (!Files.isDirectory(jvm)) {
            return List.of();
        }
        try (Stream<Path> dirs = Files.list(jvm)) {
            return dirs.filter(d -> !Files.isSymbolicLink(d) && Files.isRegularFile(d.resolve("release"))
                    && Files.isExecutable(d.resolve("bin/java"))).filter(d -> {
                        try {
                            var m = java.util.regex.Pattern.compile("JAVA_VERSION=\"(\\d+)")
                                    .matcher(Files.readString(d.resolve("release")));
                            return m.find() && Integer.parseInt(m.group(1)) >= 25;
                        } catch (IOException e) {
                            return false;
                        }
                    }).sorted().toList();
        }
    }

    /** The launcher's one C1 thread gives way to JAVA_OPTS that turn C2 on, which the JVM refuses with a count of 1. */
    @Test
    void javaOptsThatTurnC2OnStillStart() throws Exception {
        for (String opts : List.of("-XX:TieredStopAtLevel=4", "-XX:+TieredCompilation -XX:CICompilerCount=2")) {
            Result r = run(withOpts(opts + " -XX:+PrintCommandLineFlags"), "--version");
            assertEquals(0, r.exit(), opts + ": " + r.err());
            assertTrue(!r.out().contains("CICompilerCount=1"), opts + ": " + r.out());
        }
        Result plain = run(withOpts("-XX:+PrintCommandLineFlags"), "--version");
        assertTrue(plain.out().contains("-XX:CICompilerCount=1"), "the default: " + plain.out());
    }

    @Test
    void withoutALocaleNonAsciiNamesAndMessagesSurvive() throws Exception {
        // bare(): no LANG or LC_*, the C locale of cron jobs and bare containers
        Result r = shell(bare(), "m=$(printf 'caf\\303\\251'); mkdir -p revisions\n"
                + "\"$0\" --revisions revisions revision -m \"$m\" --rev-id aaaa00000001 >/dev/null || exit 9\n"
                + "head -n 1 \"revisions/aaaa00000001_$m.sql\" || { ls revisions; exit 8; }\n"
                + "\"$0\" --url sqlite:///t.db --revisions revisions upgrade head 2>&1 && \"$0\" --url sqlite:///t.db"
                + " --revisions revisions history");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals("-- caf\u00e9\n"
                + "INFO  [alembic.runtime.migration] Running upgrade  -> aaaa00000001, caf\u00e9\n"
                + "<base> -> aaaa00000001 (head), caf\u00e9\n", r.out());
    }

    @Test
    void aLocaleThatCantReadANameSaysSoAndChangesNothing() throws Exception {
        Map<String, String> c = new java.util.HashMap<>(bare());
        c.put("LC_ALL", "C");   // the caller's decision: the launcher keeps it
        Result r = shell(c, "m=$(printf 'caf\\303\\251'); mkdir -p revisions\n"
                + "\"$0\" --revisions revisions revision -m \"$m\" --rev-id aaaa00000001; echo \"exit $?\"\n"
                + "ls revisions | wc -l\n"
                + "printf '%s\\n' '-- x' '-- Revision ID: bbbb00000001' '-- Revises:' > \"revisions/bbbb00000001_$m.sql\"\n"
                + "\"$0\" --url sqlite:///t.db --revisions revisions upgrade head; echo \"exit $?\"\n"
                + "test -e t.db && echo 'database created'; true");
        assertEquals("exit 2\n0\nexit 1\n", r.out(), r.err());
        List<String> err = r.err().lines().toList();
        assertEquals(2, err.size(), r.err());
        assertTrue(err.get(0).startsWith("FAILED: The value of -m has characters that this locale's encoding ("),
                err.get(0));
        assertTrue(err.get(0).endsWith(") can't read. Run with a UTF-8 locale (LC_ALL=C.UTF-8, or a LANG ending in"
                + " .UTF-8); bin/retort sets LC_CTYPE=C.UTF-8 itself unless LC_ALL is set."), err.get(0));
        assertTrue(err.get(1).startsWith("FAILED: revisions: the name of the file 'bbbb00000001_caf"), err.get(1));
        assertTrue(err.get(1).endsWith("can't represent, so it can't be read. Run with a UTF-8 locale"
                + " (LC_ALL=C.UTF-8, or a LANG ending in .UTF-8), or rename the file."), err.get(1));
    }

    @Test
    void aHomeThatDoesNotExistIsNotCreated() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(bare());
        Path missing = tmp.resolve("nonexistent");
        env.put("HOME", missing.toString());
        Result r = run(env, "--version");
        assertEquals(0, r.exit(), r.err());
        assertTrue(!Files.exists(missing), "the launcher created " + missing);
    }

    private Map<String, String> withOpts(String opts) {
        Map<String, String> env = new java.util.HashMap<>(bare());
        env.put("JAVA_OPTS", opts);
        return env;
    }

    @Test
    void onlyTheCopyCommandGetsCopysJvmOptions() throws Exception {
        Map<String, String> env = withOpts("-XX:+PrintCommandLineFlags");   // the JVM prints its flags on stdout
        String copyHeap = "-XX:MaxHeapSize=" + 160L * 1024 * 1024;
        Files.createDirectories(project.resolve("copy"));       // a revision directory named copy
        for (List<String> args : List.of(List.of("--revisions", "copy", "heads"),
                List.of("--revisions", "copy", "revision", "-m", "copy"), List.of("--rev", "copy", "heads"))) {
            Result r = run(env, args.toArray(String[]::new));
            assertEquals(0, r.exit(), args + ": " + r.err());
            assertTrue(!r.out().contains(copyHeap), args + " is not copy: " + r.out());
        }
        Result copy = run(env, "--revisions", "copy", "copy");
        assertTrue(copy.out().contains(copyHeap), "copy's bounded heap: " + copy.out());
    }

    /** A PATH of java's bin/ alone (no cksum, mv, rm, readlink): it runs without the archive, leaving nothing. */
    @Test
    void aPathWithoutCoreutilsRunsWithoutTheArchive() throws Exception {
        Map<String, String> javaOnly = Map.of("HOME", home.toString(), "PATH", JAVA_HOME + "/bin");
        Files.createDirectories(project.resolve("revisions"));
        revision("a1", "", "CREATE TABLE t (id INTEGER);");
        // the cache directory is there from earlier runs (without mkdir the launcher could not make it)
        Files.createDirectories(home.resolve(".cache/retort").resolve(Files.readString(install.resolve("lib/version"))
                .strip()));
        for (int i = 0; i < 2; i++) {
            Result r = run(javaOnly, "heads");
            assertEquals(0, r.exit(), r.err());
            assertEquals("", r.err(), "no 'cksum: not found'");
        }
        try (Stream<Path> cached = Files.walk(home)) {
            List<String> files = cached.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
                    .filter(n -> n.contains(".jsa") || n.contains(".aot") || n.endsWith(".tmp")).toList();
            assertEquals(List.of(), files, "no archive and no half-written one");
        }
        Path link = Files.createDirectories(tmp.resolve("bin")).resolve("retort");
        Files.createSymbolicLink(link, install.resolve("bin/retort"));
        ProcessBuilder pb = new ProcessBuilder(link.toString(), "heads").directory(project.toFile());
        pb.environment().clear();
        pb.environment().putAll(javaOnly);
        Process p = pb.redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.waitFor(), said);
        assertTrue(said.contains("is a symbolic link, and following it needs readlink (coreutils) on PATH"), said);
    }

    /**
     * Archives of older JDKs, JAVA_OPTS or releases do not pile up: writing one keeps the four
     * written last, also across the cache's version directories; other files stay.
     */
    @Test
    void writingAnArchiveKeepsTheFourNewest() throws Exception {
        Path cache = Files.createDirectories(home.resolve(".cache/retort")
                .resolve(Files.readString(install.resolve("lib/version")).strip()));
        Path older = Files.createDirectories(cache.resolveSibling("0.9.0"));   // an earlier release's
        long hourAgo = System.currentTimeMillis() - 3_600_000;
        for (int i = 1; i <= 5; i++) {   // retort-1 the oldest
            Path dir = i == 1 || i == 4 ? older : cache;
            Path old = Files.writeString(dir.resolve("retort-" + i + (i % 2 == 0 ? ".aot" : ".jsa")), "old");
            Files.setLastModifiedTime(old, FileTime.fromMillis(hourAgo + i * 60_000L));
        }
        for (Path other : List.of(cache.resolve("notes.txt"), older.resolve("sqlite-jdbc-0.so"))) {
            Files.writeString(other, "not an archive");
            Files.setLastModifiedTime(other, FileTime.fromMillis(hourAgo - 60_000L));
        }
        Files.createDirectories(project.resolve("revisions"));
        Result r = run(bare(), "heads");
        assertEquals(0, r.exit(), r.err());
        List<String> names = names(cache);
        assertEquals(List.of("notes.txt", "retort-3.jsa", "retort-5.jsa"), names.stream()
                .filter(n -> !n.startsWith("sqlite-jdbc-") && !n.matches("retort-\\d{4,}\\.jsa")).toList(),
                names.toString());
        assertEquals(1, names.stream().filter(n -> n.matches("retort-\\d{4,}\\.jsa")).count(), "the new archive: " + names);
        assertEquals(List.of("retort-4.aot", "sqlite-jdbc-0.so"), names(older));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void withoutJavaTheLauncherSaysWhatToDo() throws Exception {
        // a PATH with the tools the launcher uses, but no java
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        for (String tool : List.of("sh", "sed", "head", "cksum", "cut", "mkdir", "mv", "rm", "readlink")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(tools.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        Result noJava = run(Map.of("HOME", home.toString(), "PATH", tools.toString()), "current");
        assertEquals(2, noJava.exit(), noJava.err());
        assertTrue(noJava.err().startsWith("retort: java not found: set JAVA_HOME"), noJava.err());

        Result badHome = run(Map.of("HOME", home.toString(), "PATH", tools.toString(),
                "JAVA_HOME", tmp.resolve("nope").toString()),
                "current");
        assertEquals(2, badHome.exit());
        assertTrue(badHome.err().contains("is not an executable; point JAVA_HOME at a Java 17+ installation"),
                badHome.err());

        // an old Java: its release file says 11
        Path old = Files.createDirectories(tmp.resolve("jdk11/bin"));
        Files.writeString(old.resolve("java"), "#!/bin/sh\necho 'openjdk version \"11.0.2\" 2019-01-15' >&2\n");
        old.resolve("java").toFile().setExecutable(true);
        Files.writeString(old.resolve("../release"), "JAVA_VERSION=\"11.0.2\"\n");
        Result tooOld = run(Map.of("HOME", home.toString(), "PATH", tools.toString(),
                "JAVA_HOME", old.getParent().toString()),
                "current");
        assertEquals(2, tooOld.exit());
        assertTrue(tooOld.err().contains("is Java 11.0.2; retort needs Java 17 or newer"), tooOld.err());
        assertTrue(!Files.exists(project.resolve("data")), "nothing ran");
    }
}
