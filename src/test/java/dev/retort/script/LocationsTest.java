package dev.retort.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.retort.Retort;
import dev.retort.api.CheckResult;
import dev.retort.api.RetortException;
import dev.retort.api.RevisionInfo;
import dev.retort.db.Checksum;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.loader.launch.Archive;
import org.springframework.boot.loader.launch.JarLauncher;

/**
 * {@code classpath:} and {@code filesystem:} locations, read through real class loaders over real
 * directories and jars (built here with java.util.jar), Spring Boot's fat jar through Boot's own
 * launcher classes.
 */
class LocationsTest {
    @TempDir
    Path tmp;

    static String sql(String id, String down, String upgrade) {
        return "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: " + down + "\n\n-- retort:upgrade\n"
                + upgrade + "\n\n-- retort:downgrade\nSELECT 1;\n";
    }

    /** Writes a jar holding {@code files} (name to text), with every directory's own entry, as the jar tool does. */
    static Path jar(Path file, Map<String, String> files) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(file))) {
            List<String> dirs = new ArrayList<>();
            for (Map.Entry<String, String> f : files.entrySet()) {
                String name = f.getKey();
                for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
                    String dir = name.substring(0, i + 1);
                    if (!dirs.contains(dir)) {
                        dirs.add(dir);
                        out.putNextEntry(new JarEntry(dir));
                        out.closeEntry();
                    }
                }
                out.putNextEntry(new JarEntry(name));
                out.write(f.getValue().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            }
        }
        return file;
    }

    private static URLClassLoader loader(Path... entries) throws IOException {
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = entries[i].toUri().toURL();
        }
        return new URLClassLoader(urls, null);
    }

    private static Retort load(ClassLoader cl, String... locations) {
        return Retort.configure().locations(locations).classLoader(cl).load();
    }

    private static List<String> ids(List<RevisionInfo> revisions) {
        return revisions.stream().map(RevisionInfo::id).toList();
    }

    @Test
    void aDirectoryOnTheClassPath() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes/db/revisions")).getParent().getParent();
        Files.writeString(classes.resolve("db/revisions/a1_x.sql"), sql("a1", "", "SELECT 1;"));
        Files.writeString(classes.resolve("db/revisions/b2_x.sql"), sql("b2", "a1", "SELECT 2;"));
        Files.createDirectories(classes.resolve("db/revisions/deeper"));
        Files.writeString(classes.resolve("db/revisions/deeper/c3_x.sql"), sql("c3", "b2", "SELECT 3;"));
        try (URLClassLoader cl = loader(classes)) {
            Retort r = load(cl, "classpath:db/revisions");
            assertEquals(List.of("b2"), ids(r.heads(false)), "sub-directories are not descended");
            RevisionInfo b2 = r.show("b2").get(0);
            assertEquals("classpath:db/revisions/b2_x.sql (in " + classes + ")", b2.location());
            assertEquals(null, b2.path(), "a classpath revision has no file to write next to");
            assertEquals(List.of("b2"), ids(load(cl, "classpath:/db/revisions/").heads(false)),
                    "leading and trailing slashes are the same location");
        }
    }

    @Test
    void aJarOnTheClassPath() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;"));
        files.put("db/revisions/b2_x.sql", sql("b2", "a1", "SELECT 2;"));
        files.put("db/revisions/deeper/c3_x.sql", sql("c3", "b2", "SELECT 3;"));
        files.put("db/revisions/notes.txt", "not a revision");
        files.put("db/other/d4_x.sql", sql("d4", "b2", "SELECT 4;"));
        Path jar = jar(tmp.resolve("revs.jar"), files);
        try (URLClassLoader cl = loader(jar)) {
            Retort r = load(cl, "classpath:db/revisions");
            assertEquals(List.of("b2", "a1"), ids(r.history(null)));
            assertEquals("classpath:db/revisions/a1_x.sql (in " + jar + ")", r.show("a1").get(0).location());
        }
    }

    @Test
    void twoJarsHoldingOneLocationAreBothRead() throws IOException {
        Path one = jar(tmp.resolve("one.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        Path two = jar(tmp.resolve("two.jar"), Map.of("db/revisions/b2_x.sql", sql("b2", "a1", "SELECT 2;")));
        try (URLClassLoader cl = loader(one, two)) {
            Retort r = load(cl, "classpath:db/revisions");
            assertEquals(List.of("b2"), ids(r.heads(false)));
            assertTrue(r.show("b2").get(0).location().endsWith("(in " + two + ")"));
        }
    }

    @Test
    void aJarOnTheClassPathTwiceThroughASymbolicLinkIsReadOnce() throws IOException {
        Path jar = jar(tmp.resolve("one.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        Path link = Files.createSymbolicLink(tmp.resolve("linked.jar"), jar);
        try (URLClassLoader cl = loader(jar, link)) {
            Retort r = load(cl, "classpath:db/revisions");
            assertEquals(List.of("a1"), ids(r.heads(false)), "not 'Revision a1 is present more than once'");
            assertTrue(r.show("a1").get(0).location().endsWith("(in " + jar + ")"));
        }
    }

    @Test
    void theSameIdInTwoJarsIsAnErrorNamingBoth() throws IOException {
        Path one = jar(tmp.resolve("one.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        Path two = jar(tmp.resolve("two.jar"), Map.of("db/revisions/a1_y.sql", sql("a1", "", "SELECT 2;")));
        try (URLClassLoader cl = loader(one, two)) {
            RetortException e = assertThrows(RetortException.class, () -> load(cl, "classpath:db/revisions"));
            assertEquals("Revision a1 is present more than once: in classpath:db/revisions/a1_x.sql (in " + one
                    + ") and in classpath:db/revisions/a1_y.sql (in " + two + "); give each revision its own id",
                    e.getMessage());
        }
    }

    @Test
    void locationsAreReadInTheOrderGiven() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("b2_x.sql"), sql("b2", "a1", "SELECT 2;"));
        Path one = jar(tmp.resolve("one.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        try (URLClassLoader cl = loader(one)) {
            Retort r = load(cl, "filesystem:" + dir, "classpath:db/revisions");
            assertEquals(List.of("b2"), ids(r.heads(false)));
            assertEquals(dir.resolve("b2_x.sql"), r.show("b2").get(0).path());
            assertEquals(dir.resolve("b2_x.sql").toString(), r.show("b2").get(0).location());
            assertEquals(List.of("filesystem:" + dir, "classpath:db/revisions"), r.settings().locations());
        }
    }

    @Test
    void aClasspathLocationFoundNowhereIsAUsageError() throws IOException {
        try (URLClassLoader cl = loader(Files.createDirectories(tmp.resolve("empty")))) {
            RetortException e = assertThrows(RetortException.class, () -> load(cl, "classpath:db/revisions"));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("Location 'classpath:db/revisions' is not on the class path"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("give a filesystem: location"), e.getMessage());
        }
    }

    /** Flyway's s3: or a typo is not taken for a directory named "s3:bucket" (which then "doesn't exist"). */
    @Test
    void anUnknownPrefixIsAUsageErrorNamingIt() {
        for (String l : List.of("s3:bucket/revisions", "classpth:db/revisions")) {
            RetortException e = assertThrows(RetortException.class, () -> Location.parse(l));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().contains("retort reads classpath: and filesystem: locations, not "
                    + l.substring(0, l.indexOf(':') + 1)), e.getMessage());
        }
        assertEquals(Path.of("odd:name"), ((Location.Filesystem) Location.parse("filesystem:odd:name")).dir());
        assertEquals(Path.of("C:/revisions"), ((Location.Filesystem) Location.parse("C:/revisions")).dir());
    }

    @Test
    void aClasspathFileIsNotALocation() throws IOException {
        Path jar = jar(tmp.resolve("revs.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        Path classes = Files.createDirectories(tmp.resolve("classes/db/revisions"));
        Files.writeString(classes.resolve("a1_x.sql"), sql("a1", "", "SELECT 1;"));
        for (Path entry : List.of(jar, tmp.resolve("classes"))) {
            try (URLClassLoader cl = loader(entry)) {
                RetortException e = assertThrows(RetortException.class,
                        () -> load(cl, "classpath:db/revisions/a1_x.sql"));
                assertEquals(2, e.exitCode());
                assertTrue(e.getMessage().startsWith("Location 'classpath:db/revisions/a1_x.sql' is a file ("),
                        e.getMessage());
                assertTrue(e.getMessage().endsWith("not a directory; give the directory that holds the revision"
                        + " files"), e.getMessage());
            }
        }
    }

    @Test
    void aLocationWithoutAPathIsAUsageError() {
        RetortException e = assertThrows(RetortException.class, () -> Retort.configure().locations("classpath:/"));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("e.g. classpath:db/revisions"), e.getMessage());
        assertEquals(2, assertThrows(RetortException.class, () -> Retort.configure().locations("filesystem:"))
                .exitCode());
    }

    /**
     * A jar's class loader finds only the exact resource name, a directory's resolves {@code //},
     * {@code .} and {@code ..}: unnormalised, {@code classpath:db//revisions} read the directory's
     * revisions and silently none of the jar's.
     */
    @Test
    void aClasspathLocationIsReadWholeHoweverItIsSpelled() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("classes/db/revisions")).getParent().getParent();
        Files.writeString(classes.resolve("db/revisions/a1_x.sql"), sql("a1", "", "SELECT 1;"));
        Path jar = jar(tmp.resolve("revs.jar"), Map.of("db/revisions/b2_x.sql", sql("b2", "a1", "SELECT 2;")));
        try (URLClassLoader cl = loader(classes, jar)) {
            for (String spelled : List.of("classpath:db//revisions", "classpath:./db/revisions/.",
                    "classpath:/db/revisions//")) {
                assertEquals(List.of("b2", "a1"), ids(load(cl, spelled).history(null)), spelled);
            }
            for (String bad : List.of("classpath:db/../db/revisions", "classpath:../classes/db/revisions",
                    "classpath:db\\revisions")) {
                RetortException e = assertThrows(RetortException.class, () -> load(cl, bad), bad);
                assertEquals(2, e.exitCode(), bad);
                assertTrue(e.getMessage().startsWith("'" + bad + "': "), e.getMessage());
                assertTrue(e.getMessage().contains("e.g. classpath:db/revisions"), e.getMessage());
            }
        }
    }

    @Test
    void aBareLocationIsAFilesystemOne() {
        assertEquals(new Location.Filesystem(Path.of("revisions")), Location.parse("revisions"));
        assertEquals(new Location.Filesystem(Path.of("/x/revisions")), Location.parse("filesystem:/x/revisions"));
        assertEquals(new Location.Classpath("db/revisions"), Location.parse("classpath:db/revisions"));
    }

    /** A class path served over HTTP: a real URLClassLoader finds the directory, but retort cannot list it. */
    @Test
    void anUnknownProtocolIsAnErrorNamingIt() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/cp/", exchange -> {
            byte[] body = "a1_x.sql\n".getBytes(StandardCharsets.UTF_8);
            if (exchange.getRequestMethod().equals("HEAD")) {
                exchange.sendResponseHeaders(200, -1);     // the class loader asks whether it exists
                exchange.close();
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try (URLClassLoader cl = new URLClassLoader(
                new URL[] {new URL("http://127.0.0.1:" + server.getAddress().getPort() + "/cp/")}, null)) {
            RetortException e = assertThrows(RetortException.class, () -> load(cl, "classpath:db/revisions"));
            assertTrue(e.getMessage().startsWith("Location 'classpath:db/revisions' is at http://127.0.0.1:"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("whose protocol 'http' retort cannot list"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A class path URL's user info is masked wherever retort names it: a revision's location (shown,
     * and written to the history table's file column) and the errors naming the URL.
     */
    @Test
    void aPasswordInAClassPathUrlIsNeverShown() throws IOException {
        byte[] jarBytes = Files.readAllBytes(jar(tmp.resolve("revs.jar"),
                Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;"))));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestURI().getPath().endsWith(".jar") ? jarBytes : new byte[0];
            exchange.sendResponseHeaders(200, exchange.getRequestMethod().equals("HEAD") ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String base = "http://deploy:s3cret-pw@127.0.0.1:" + server.getAddress().getPort();
        try (URLClassLoader jarCl = new URLClassLoader(new URL[] {new URL(base + "/revs.jar")}, null);
             URLClassLoader dirCl = new URLClassLoader(new URL[] {new URL(base + "/cp/")}, null)) {
            String where = load(jarCl, "classpath:db/revisions").show("a1").get(0).location();
            assertEquals("classpath:db/revisions/a1_x.sql (in http://deploy:XXXXX@127.0.0.1:"
                    + server.getAddress().getPort() + "/revs.jar)", where);
            RetortException e = assertThrows(RetortException.class, () -> load(dirCl, "classpath:db/revisions"));
            assertTrue(e.getMessage().contains("http://deploy:XXXXX@127.0.0.1:"), e.getMessage());
            assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
        } finally {
            server.stop(0);
        }
    }

    /**
     * A class loader given a {@code file:} URL as written ({@code file:/home/me/c++ work/classes/}, the
     * space not escaped, so not a URI): its resources' URLs are decoded by hand, and a {@code +} is a
     * plus there, not a space (URLDecoder's form encoding made it one, and the directory was skipped).
     */
    @Test
    void aClassPathDirectoryWithAPlusAndASpaceInItsName() throws IOException {
        Path classes = Files.createDirectories(tmp.resolve("c++ work/classes/db/revisions")).getParent().getParent();
        Files.writeString(classes.resolve("db/revisions/a1_x.sql"), sql("a1", "", "SELECT 1;"));
        try (URLClassLoader cl = new URLClassLoader(new URL[] {new URL("file:" + classes + "/")}, null)) {
            Retort r = load(cl, "classpath:db/revisions");
            assertEquals(List.of("a1"), ids(r.heads(false)));
            assertEquals("classpath:db/revisions/a1_x.sql (in " + classes + ")", r.show("a1").get(0).location());
        }
    }

    /** app.jar: a1 creates users, b2 posts. */
    private Path usersAndPostsJar() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("db/revisions/a1_users.sql", sql("a1", "", "CREATE TABLE users (id INTEGER PRIMARY KEY);"));
        files.put("db/revisions/b2_posts.sql", sql("b2", "a1", "CREATE TABLE posts (id INTEGER PRIMARY KEY);"));
        return jar(tmp.resolve("app.jar"), files);
    }

    @Test
    void anUpgradeFromAJarOnSqlite() throws Exception {
        Path jar = usersAndPostsJar();
        Path db = tmp.resolve("app.db");
        try (URLClassLoader cl = loader(jar)) {
            Retort r = Retort.configure().url("sqlite:///" + db).locations("classpath:db/revisions").classLoader(cl)
                    .log(line -> { }).load();
            assertEquals(List.of("b2"), r.upgrade("head").headsAfter());
            assertEquals(CheckResult.Status.UP_TO_DATE, r.check().status());
            assertEquals("classpath:db/revisions/b2_posts.sql (in " + jar + ")",
                    r.appliedHistory().get(1).file());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE name IN ('users', 'posts')"
                             + " ORDER BY name)")) {
            rs.next();
            assertEquals("posts,users", rs.getString(1));
        }
    }

    @Test
    void aFailingRevisionInAJarIsNamedWithItsLine() throws Exception {
        Path jar = jar(tmp.resolve("app.jar"),
                Map.of("db/revisions/a1_bad.sql", sql("a1", "", "SELECT 1;\nCREATE TABLE;")));
        try (URLClassLoader cl = loader(jar)) {
            Retort r = Retort.configure().url("sqlite:///" + tmp.resolve("app.db"))
                    .locations("classpath:db/revisions").classLoader(cl).log(line -> { }).load();
            RetortException e = assertThrows(RetortException.class, () -> r.upgrade("head"));
            assertTrue(e.getMessage().startsWith("Revision a1 (classpath:db/revisions/a1_bad.sql (in " + jar
                    + "), line 8)"), e.getMessage());
        }
    }

    @Test
    void aRevisionMovedIntoAJarKeepsItsChecksum() throws Exception {
        String text = sql("a1", "", "CREATE TABLE users (id INTEGER PRIMARY KEY);");
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("a1_users.sql"), text);
        Path db = tmp.resolve("app.db");
        Retort.configure().url("sqlite:///" + db).revisions(dir).log(line -> { }).load().upgrade("head");
        Path jar = jar(tmp.resolve("app.jar"), Map.of("db/revisions/a1_users.sql", text));
        try (URLClassLoader cl = loader(jar)) {
            Retort fromJar = Retort.configure().url("sqlite:///" + db).locations("classpath:db/revisions")
                    .classLoader(cl).log(line -> { }).load();
            CheckResult check = fromJar.check();
            assertEquals(List.of(), check.changed());
            assertEquals(CheckResult.Status.UP_TO_DATE, check.status());
            Revision onDisk = ScriptDirectory.load(List.of(dir)).get(0);
            Revision inJar = ScriptDirectory.load(List.of(Location.parse("classpath:db/revisions")), cl).get(0);
            assertEquals(Checksum.of(onDisk, true, dev.retort.api.Dialect.SQLITE),
                    Checksum.of(inJar, true, dev.retort.api.Dialect.SQLITE));
        }
    }

    @Test
    void noRevisionIsWrittenIntoTheClassPath() throws IOException {
        Path jar = jar(tmp.resolve("app.jar"), Map.of("db/revisions/a1_x.sql", sql("a1", "", "SELECT 1;")));
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Files.writeString(dir.resolve("b2_x.sql"), sql("b2", "", "SELECT 2;"));
        try (URLClassLoader cl = loader(jar)) {
            Retort.NewRevision next = new Retort.NewRevision("next", null, false, null, List.of(), "c3");
            RetortException e = assertThrows(RetortException.class,
                    () -> load(cl, "classpath:db/revisions").revision(next));
            assertEquals(2, e.exitCode());
            assertTrue(e.getMessage().startsWith("Can't write a revision into the class path: revision a1 is"
                    + " classpath:db/revisions/a1_x.sql (in " + jar + ")."), e.getMessage());
            assertTrue(e.getMessage().contains("--revisions filesystem:DIR"), e.getMessage());

            Retort both = load(cl, "classpath:db/revisions", "filesystem:" + dir);
            assertThrows(RetortException.class, () -> both.merge(List.of("a1", "b2"), "merge", null, "m4"),
                    "the first head is the jar's");
            Path merged = both.merge(List.of("b2", "a1"), "merge", null, "m4");
            assertEquals(dir, merged.getParent(), "written next to the first head's file");
            Path written = both.revision(new Retort.NewRevision("next", "b2", true, null, List.of(), "c3"));
            assertEquals(dir, written.getParent());
            assertFalse(Files.exists(tmp.resolve("revisions/a1_x.sql")));
        }
    }

    /** The command line's {@code --revisions classpath:...} reads the launcher's class path (the context class loader). */
    @Test
    void theCommandLineReadsAClasspathLocation() throws IOException {
        Path jar = usersAndPostsJar();
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader cl = loader(jar)) {
            thread.setContextClassLoader(cl);
            dev.retort.cli.Cli cli = new dev.retort.cli.Cli(tmp.resolve("app.db"), Path.of("classpath:db/revisions"));
            cli.ok("upgrade", "head");
            assertEquals("b2 (head)\n", cli.ok("current"));
            String b2 = "classpath:db/revisions/b2_posts.sql (in " + jar + ")";
            assertTrue(cli.ok("show", "b2").contains("Path: " + b2 + "\n"), cli.ok("show", "b2"));
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(cli.ok("--json", "show", "b2"));
            assertEquals(b2, json.findValue("path").asText(), json.toString());
            dev.retort.cli.Cli.Result refused = cli.run("revision", "-m", "next");
            assertEquals(2, refused.exit());
            assertTrue(refused.err().contains("Can't write a revision into the class path"), refused.err());
            dev.retort.cli.Cli.Result copy = cli.run("copy", "--from", "sqlite:///" + tmp.resolve("app.db"), "--to",
                    "postgresql://localhost:1/none");
            assertEquals(2, copy.exit());
            assertTrue(copy.err().contains("copy reads revision files from directories only, not from"
                    + " 'classpath:db/revisions'"), copy.err());
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    // ---------------------------------------------------------------- Spring Boot

    /** Boot's launcher, as {@code java -jar app.jar} starts it: its class path and class loader. */
    static final class BootLauncher extends JarLauncher {
        BootLauncher(Archive archive) throws Exception {
            super(archive);
        }

        ClassLoader classLoader() throws Exception {
            return createClassLoader(getClassPathUrls());
        }
    }

    /** A jar entry stored uncompressed, as Boot requires of its nested jars. */
    private static void stored(JarOutputStream out, String name, byte[] bytes) throws IOException {
        JarEntry e = new JarEntry(name);
        e.setMethod(ZipEntry.STORED);
        CRC32 crc = new CRC32();
        crc.update(bytes);
        e.setCrc(crc.getValue());
        e.setSize(bytes.length);
        e.setCompressedSize(bytes.length);
        out.putNextEntry(e);
        out.write(bytes);
        out.closeEntry();
    }

    /**
     * A fat jar as Boot's repackager writes it: the application's own revisions in
     * {@code BOOT-INF/classes/db/revisions}, a library's in {@code BOOT-INF/lib/revs.jar}.
     */
    private Path fatJar() throws IOException {
        Path lib = jar(tmp.resolve("revs.jar"), Map.of("db/revisions/b2_x.sql", sql("b2", "a1", "SELECT 2;")));
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, JarLauncher.class.getName());
        manifest.getMainAttributes().putValue("Start-Class", "example.App");
        manifest.getMainAttributes().putValue("Spring-Boot-Classes", "BOOT-INF/classes/");
        manifest.getMainAttributes().putValue("Spring-Boot-Lib", "BOOT-INF/lib/");
        Path app = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), manifest)) {
            for (String dir : List.of("BOOT-INF/", "BOOT-INF/classes/", "BOOT-INF/classes/db/",
                    "BOOT-INF/classes/db/revisions/", "BOOT-INF/lib/")) {
                out.putNextEntry(new JarEntry(dir));
                out.closeEntry();
            }
            out.putNextEntry(new JarEntry("BOOT-INF/classes/db/revisions/a1_x.sql"));
            out.write(sql("a1", "", "SELECT 1;").getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            stored(out, "BOOT-INF/lib/revs.jar", Files.readAllBytes(lib));
        }
        Files.delete(lib);
        return app;
    }

    @Test
    void aSpringBootFatJarAndItsNestedJar() throws Exception {
        Path app = fatJar();
        // what Boot's Launcher.launch does first: its handlers for jar: and nested: URLs (JVM-wide,
        // so put back afterwards for the other tests of this JVM)
        String handlers = System.getProperty(HANDLER_PACKAGES);
        org.springframework.boot.loader.net.protocol.Handlers.register();
        try (Archive archive = Archive.create(app.toFile())) {
            ClassLoader boot = new BootLauncher(archive).classLoader();
            List<URL> found = java.util.Collections.list(boot.getResources("db/revisions"));
            assertEquals(2, found.size(), found.toString());
            assertTrue(found.stream().allMatch(u -> u.toString().startsWith("jar:nested:")), found.toString());

            Retort r = load(boot, "classpath:db/revisions");
            assertEquals(List.of("b2"), ids(r.heads(false)));
            assertEquals("classpath:db/revisions/a1_x.sql (in " + app + "!/BOOT-INF/classes/)",
                    r.show("a1").get(0).location());
            assertEquals("classpath:db/revisions/b2_x.sql (in " + app + "!/BOOT-INF/lib/revs.jar)",
                    r.show("b2").get(0).location());
            // read twice: the loader's own jar files stay open and usable
            assertEquals(List.of("b2"), ids(load(boot, "classpath:db/revisions").heads(false)));
        } finally {
            if (handlers == null) {
                System.clearProperty(HANDLER_PACKAGES);
            } else {
                System.setProperty(HANDLER_PACKAGES, handlers);
            }
            try {
                URL.setURLStreamHandlerFactory(null);  // with no factory set, this only empties URL's handler cache
            } catch (Error factorySet) {
                // as Boot's Handlers: then the cache stays
            }
        }
    }

    private static final String HANDLER_PACKAGES = "java.protocol.handler.pkgs";
}
