package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.retort.testing.PgFixture;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No password in any output: every command's error paths (a failing revision, a bad target, a
 * lock held by another run, an unreachable server, a missing database, --json, --debug stack
 * traces, --wait-timeout) with passwords full of {@code / # @ ? : % + =}, given pasted as they
 * are, percent-encoded, as a JDBC {@code password=} parameter and through DATABASE_PASSWORD.
 * Log records of the drivers (java.util.logging, where pgjdbc warns about URLs) are checked too.
 */
class PasswordLeakTest {
    /** A base64 password pasted as it is, the issue's example, and one of every special character. */
    static final List<String> PASSWORDS = List.of("Zm9v/YmFy+cXV4=", "p@ss/w#rd", "K9/#@?:%+=q:Wz");

    @TempDir
    Path tmp;
    Path revisions;
    final List<String> logged = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (logged) {
                logged.add(new SimpleFormatter().format(r));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void setUp() throws IOException {
        revisions = Files.createDirectories(tmp.resolve("revisions"));
        Cli.revision(revisions, "a", "", "CREATE TABLE t1 (x INTEGER);", "DROP TABLE t1;");
        Cli.revision(revisions, "b", "a", "INSERT INTO no_such_table VALUES (1);", "");
        Logger.getLogger("").addHandler(capture);
    }

    @AfterEach
    void tearDown() {
        Logger.getLogger("").removeHandler(capture);
    }

    /** user, host:port and database of a fresh fixture database. */
    private record Server(String user, String hostPort, String db) {
        static Server fresh() {
            Matcher m = Pattern.compile("postgresql://([^:@]+)(?::[^@]*)?@([^/]+)/(.+)")
                    .matcher(PgFixture.newDatabase());
            assertTrue(m.matches());
            return new Server(m.group(1), m.group(2), m.group(3));
        }

        /** The URL forms a user writes, each with the password. */
        List<String> urls(String password) {
            String enc = URLEncoder.encode(password, StandardCharsets.UTF_8);
            return List.of("postgresql://" + user + ":" + password + "@" + hostPort + "/" + db,
                    "postgresql+psycopg2://" + user + ":" + enc.replace("+", "%20") + "@" + hostPort + "/" + db,
                    "jdbc:postgresql://" + hostPort + "/" + db + "?user=" + user + "&password=" + enc);
        }
    }

    /** The password as given and decoded, and every 5-character piece of it holding a special character. */
    static Set<String> secrets(String password) {
        Set<String> s = new LinkedHashSet<>();
        s.add(password);
        s.add(URLEncoder.encode(password, StandardCharsets.UTF_8));
        for (int i = 0; i + 5 <= password.length(); i++) {
            String piece = password.substring(i, i + 5);
            if (!piece.matches("[A-Za-z0-9]*")) {
                s.add(piece);
            }
        }
        return s;
    }

    private void assertNoLeak(String password, String what, String text) {
        for (String secret : secrets(password)) {
            if (text.contains(secret)) {
                fail(what + " shows '" + secret + "' of the password:\n" + text);
            }
        }
    }

    private Cli.Result run(String password, String url, String... args) {
        Cli.Result r = new Cli(url, revisions).run(args);
        assertNoLeak(password, String.join(" ", args) + " with " + url.replace(password, "<password>"),
                r.out() + "\n" + r.err());
        return r;
    }

    private void noLeakInLogs(String password) {
        synchronized (logged) {
            assertNoLeak(password, "a java.util.logging record", String.join("\n", logged));
        }
    }

    @Test
    void everyCommandOnAReachableServer() throws Exception {
        for (String password : PASSWORDS) {
            for (String url : Server.fresh().urls(password)) {
                for (String flag : new String[] {"--json", "--debug"}) {
                    assertEquals(0, run(password, url, "current", "-v", flag).exit(), url);
                    assertEquals(1, run(password, url, "upgrade", "head", flag).exit(), "b fails");
                    assertEquals(3, run(password, url, "check", flag).exit());
                    assertEquals(0, run(password, url, "history", "-i", flag).exit());
                    assertEquals(0, run(password, url, "history", "--applied", flag).exit());
                    assertEquals(1, run(password, url, "stamp", "nope", flag).exit());
                    assertEquals(1, run(password, url, "downgrade", "nope", flag).exit());
                    assertEquals(0, run(password, url, "upgrade", "head", "--sql", flag).exit());
                    assertEquals(0, run(password, url, "downgrade", "base", flag).exit());
                    run(password, url, "copy", "--from", "sqlite:///" + tmp.resolve("missing.db"), "--to", url, flag);
                    run(password, url, "copy", "--from", "sqlite:///" + emptySqlite(), "--to", url, flag);
                }
            }
            noLeakInLogs(password);
        }
    }

    private Path emptySqlite() throws IOException {
        Path f = tmp.resolve("empty.db");
        if (!Files.exists(f)) {
            Files.createFile(f);
        }
        return f;
    }

    @Test
    void aLockHeldByAnotherRun() throws Exception {
        String password = PASSWORDS.get(1);
        Server s = Server.fresh();
        try (Connection holder = PgFixture.connect("postgresql://x@h/" + s.db());
             PreparedStatement ps = holder.prepareStatement("SELECT pg_advisory_lock(?)")) {
            ps.setLong(1, lockKey("alembic_version"));
            ps.execute();
            for (String url : s.urls(password)) {
                Cli.Result r = run(password, url, "--lock-timeout", "0.3", "upgrade", "a", "--debug");
                assertEquals(1, r.exit());
                assertTrue(r.err().contains("waiting for the migration lock"), r.err());
            }
        }
        noLeakInLogs(password);
    }

    /** AdvisoryLock's key: the first 8 bytes of SHA-256 of "retort:" + the qualified table name. */
    static long lockKey(String qualified) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256")
                .digest(("retort:" + qualified).getBytes(StandardCharsets.UTF_8));
        long k = 0;
        for (int i = 0; i < 8; i++) {
            k = (k << 8) | (d[i] & 0xff);
        }
        return k;
    }

    @Test
    void anUnreachableServerAndAMissingDatabase() {
        for (String password : PASSWORDS) {
            Server s = Server.fresh();
            List<String> urls = new ArrayList<>(new Server(s.user(), "localhost:1", s.db()).urls(password));
            urls.addAll(new Server(s.user(), s.hostPort(), "no_such_db").urls(password));
            for (String url : urls) {
                for (String flag : new String[] {"--json", "--debug"}) {
                    assertEquals(1, run(password, url, "current", flag).exit());
                    assertEquals(1, run(password, url, "upgrade", "head", flag).exit());
                    assertEquals(1, run(password, url, "check", flag).exit());
                    assertEquals(1, run(password, url, "stamp", "a", flag).exit());
                    assertEquals(1, run(password, url, "history", "--applied", flag).exit());
                    assertEquals(1, run(password, url, "--wait-timeout", "0.2", "downgrade", "base", flag).exit());
                    run(password, url, "copy", "--from", "sqlite:///" + tmp.resolve("x.db"), "--to", url, flag);
                }
            }
            // long enough for a second attempt on a loaded machine: the "Waiting up to" line is printed
            Cli.Result waited = run(password, urls.get(0), "--wait-timeout", "2", "current", "--debug");
            assertTrue(waited.err().contains("Waiting up to 2 s for "), waited.err());
            noLeakInLogs(password);
        }
    }

    /** The net under every message: a driver error that quotes the password (here: a bad value) is redacted. */
    /**
     * A password that is also a word of the output (postgres) is masked where it stands as a word,
     * never inside a longer one (postgresql://, postgres_settings), and the --sql script, written
     * offline from the revision files, is printed as the revisions hold it. In a separate process:
     * a password parsed here would stay masked in every later test of this JVM.
     */
    @Test
    void aPasswordThatIsAWordLeavesTheScriptAndTheUrlsAsTheyAre() throws Exception {
        Path own = Files.createDirectories(tmp.resolve("words"));
        Cli.revision(own, "c", "", "CREATE TABLE postgres_settings (k text);\nGRANT SELECT ON postgres_settings TO postgres;",
                "DROP TABLE postgres_settings;");
        String url = "postgresql://app:postgres@127.0.0.1:1/shop";     // nothing listens on port 1
        Cli.Result sql = separate(own, "--url", url, "upgrade", "c", "--sql");
        assertEquals(0, sql.exit(), sql.err());
        assertTrue(sql.out().contains("CREATE TABLE postgres_settings (k text);\n\nGRANT SELECT ON postgres_settings TO"
                + " postgres;"), sql.out());
        Cli.Result json = separate(own, "--url", url, "--json", "upgrade", "c", "--sql");
        assertTrue(json.out().contains("GRANT SELECT ON postgres_settings TO postgres;"), json.out());
        Cli.Result failed = separate(own, "--url", url, "--json", "current");
        assertEquals(1, failed.exit(), failed.err());
        assertTrue(failed.err().contains("postgresql://app:XXXXX@127.0.0.1:1/shop"), failed.err());
        assertFalse(failed.err().contains("XXXXXql"), failed.err());
        assertTrue(failed.out().contains("\"exit_code\""), failed.out());
    }

    private Cli.Result separate(Path revisionsDir, String... args) throws Exception {
        return separate(revisionsDir, Map.of(), args);
    }

    /** The command line in a JVM of its own (DATABASE_URL unset, {@code env} added), stdout and stderr apart. */
    private Cli.Result separate(Path revisionsDir, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "--revisions",
                revisionsDir.toString()));
        cmd.addAll(List.of(args));
        Path err = Files.createTempFile(tmp, "stderr", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile()).redirectError(err.toFile());
        pb.environment().remove("DATABASE_URL");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Cli.Result(p.waitFor(), out, Files.readString(err));
    }

    @Test
    void aDriverMessageHoldingThePasswordIsRedactedWhereItIsPrinted() throws Exception {
        String password = PASSWORDS.get(2);
        Cli.revision(revisions, "b", "a", "SELECT CAST('" + password + "' AS INTEGER);", "");
        String url = Server.fresh().urls(password).get(0);
        for (String flag : new String[] {"--json", "--debug"}) {
            Cli.Result r = run(password, url, "upgrade", "head", flag);
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("invalid input syntax for type integer: \"XXXXX\""), r.err());
            assertTrue(run(password, url, "history", "--applied", flag).out().contains("XXXXX"), "the stored error");
        }
    }

    @Test
    void urlsThatCannotBeReadAreRefusedWithoutEcho() {
        String password = "p@ss/w#rd";
        for (String url : List.of("postgresql://u:" + password + "@bad host/db", "postgresql://u:" + password,
                "mysql://u:" + password + "@h/db", "jdbc:postgresql://h/db?password=p@ss/w#rd%zz")) {
            Cli.Result r = run(password, url, "current", "--json");
            assertEquals(2, r.exit(), r.err());
        }
    }

    /**
     * A separate JVM, as users run it: the real stderr carries pgjdbc's own warnings; the password
     * comes pasted in the URL, and through DATABASE_TYPE/DATABASE_PASSWORD.
     */
    @Test
    void aSeparateProcessWithThePasswordInTheUrlOrTheEnvironment() throws Exception {
        for (String password : List.of(PASSWORDS.get(0), PASSWORDS.get(2))) {
            Server s = Server.fresh();
            String raw = s.urls(password).get(0);
            Map<String, String> env = Map.of("DATABASE_TYPE", "postgresql", "DATABASE_USER", s.user(),
                    "DATABASE_PASSWORD", password, "DATABASE_HOST", s.hostPort().split(":")[0],
                    "DATABASE_PORT", s.hostPort().split(":")[1], "DATABASE_NAME", s.db());
            assertEquals(1, process(password, Map.of(), "--url", raw, "upgrade", "head", "--debug"));
            assertEquals(0, process(password, env, "current", "-v"), "DATABASE_PASSWORD is used");
            assertEquals(1, process(password, env, "upgrade", "head", "--json", "--debug"));
            Map<String, String> unreachable = new java.util.HashMap<>(env);
            unreachable.put("DATABASE_PORT", "1");
            assertEquals(1, process(password, unreachable, "--wait-timeout", "0.3", "check", "--debug"));
        }
        // an @ in a password= parameter, as pasted from a JDBC set-up: not the end of a user info
        String atInParameter = "jdbc:postgresql://127.0.0.1:1/appdb?user=app&password=se@cret";
        assertEquals(1, process("se@cret", Map.of(), "--url", atInParameter, "current", "--debug"));
        // pgjdbc warns about this URL on java.util.logging, past retort's redaction: the command line turns it off
        assertEquals(1, process("k3ypass99", Map.of(), "--url",
                "postgresql://app:pw12345@127.0.0.1:1/shop/extra?sslmode=disable&sslpassword=k3ypass99", "current"));
        assertFalse(lastOutput.contains("WARNING"), lastOutput);
    }

    private String lastOutput;

    private int process(String password, Map<String, String> env, String... args) throws Exception {
        Cli.Result r = separate(revisions, env, args);
        String output = r.out() + r.err();
        assertNoLeak(password, "retort " + String.join(" ", args).replace(password, "<password>"), output);
        lastOutput = output;
        return r.exit();
    }
}
