package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.cli.Main;
import dev.retort.testing.PgFixture;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code retort copy} on the command line: exit codes, the report, --json. */
class CopyCommandLineTest {
    @TempDir
    Path tmp;

    record Result(int exit, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void copiesAndPrintsTheVerificationTable() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, false);
        String url = PgFixture.newDatabase();
        Result r = run("copy", "--from", "sqlite:///" + db, "--to", url, "--revisions", revs.toString(),
                "--progress", "lines");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().startsWith("table "), r.out());
        assertTrue(r.out().contains("chat ") && r.out().contains(" ok"), r.out());
        assertTrue(r.err().contains("chat: 40 rows in"), r.err());
        // a second run: the target now holds rows
        Result again = run("copy", "--from", "sqlite:///" + db, "--to", url, "--revisions", revs.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("FAILED: Target tables already hold rows"), again.err());
        Result json = run("copy", "--from", "sqlite:///" + db, "--to", url, "--replace", "--json", "--progress", "none");
        assertEquals(0, json.exit(), json.err());
        JsonNode doc = new ObjectMapper().readTree(json.out());
        assertEquals("copied", doc.get("status").asText());
        assertEquals("existing", doc.get("schema").asText());
        assertEquals(SampleApp.REV2, doc.get("revision").get(0).asText());
        for (JsonNode t : doc.get("tables")) {
            assertTrue(t.get("verified").asBoolean(), t.toString());
            assertEquals(t.get("source_checksum"), t.get("target_checksum"));
        }
    }

    @Test
    void orphansExitFiveWithTheReport() throws Exception {
        Path revs = SampleApp.revisions(tmp.resolve("revisions"));
        Path db = SampleApp.build(tmp.resolve("app.db"), revs, true);
        String url = PgFixture.newDatabase();
        Result r = run("copy", "--from", "sqlite:///" + db, "--to", url, "--revisions", revs.toString(), "--json");
        assertEquals(5, r.exit(), r.err());
        assertTrue(r.err().contains("Orphaned rows") && r.err().contains("DELETE FROM \"chat_file\"")
                && r.err().contains("--skip-orphans"), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("preflight_failed", doc.get("status").asText());
        assertEquals(1, doc.get("preflight").get("left_out").get("knowledge_file").asInt());
        Result skip = run("copy", "--from", "sqlite:///" + db, "--to", url, "--revisions", revs.toString(),
                "--skip-orphans", "--batch-rows", "3");
        assertEquals(0, skip.exit(), skip.err());
        assertTrue(skip.err().contains("Rows to leave out"), skip.err());
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        assertEquals(2, run("copy", "--to", "postgresql://x@localhost/db").exit());
        Path db = tmp.resolve("x.db");
        assertEquals(2, run("copy", "--from", "sqlite:///" + db, "--to", "sqlite:///other.db").exit());
        assertEquals(2, run("copy", "--from", "sqlite:///" + db).exit());
        assertEquals(2, run("copy", "--from", "sqlite:///" + db, "--to", "postgresql://x@localhost/db",
                "--batch-rows", "0").exit());
        Result missing = run("copy", "--from", "sqlite:///" + db, "--to", "postgresql://x@localhost/db");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("no SQLite database at " + db), missing.err());
        java.nio.file.Files.writeString(db, "not a database, but long enough for a header");
        Result notADatabase = run("copy", "--from", "sqlite:///" + db, "--to", "postgresql://x@localhost/db");
        assertEquals(2, notADatabase.exit(), notADatabase.err());
        assertTrue(notADatabase.err().contains(db + " is not a SQLite database"), notADatabase.err());
    }

    /** A value too large for the heap: named by table, row and column, with the heap to give (not an internal error). */
    @Test
    void aValueTooLargeForTheHeapIsNamedWithTheFix(@TempDir Path dir) throws Exception {
        Path db = dir.resolve("blob.db");
        CopyTest.sqlite(db, "CREATE TABLE doc (id INTEGER PRIMARY KEY, body BLOB)",
                "INSERT INTO doc VALUES (1, zeroblob(40 * 1024 * 1024))");
        String url = PgFixture.newDatabase();
        CopyTest.postgres(url, "CREATE TABLE doc (id integer PRIMARY KEY, body bytea)");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "copy", "--from", "sqlite:///" + db,
                "--to", url, "--progress", "none").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.waitFor(), output);
        assertTrue(output.contains("doc rowid 1 column body holds a value too large for the copy's heap")
                && output.contains("JAVA_OPTS=-Xmx1024m") && !output.contains("Internal error"), output);
    }

    @Test
    void aUsageErrorWithJsonIsTheCopysFailureDocument(@TempDir Path dir) throws Exception {
        String missing = "sqlite:///" + dir.resolve("missing.db");
        String url = PgFixture.newDatabase();
        for (String[] args : new String[][] {{"copy", "--from", missing, "--to", url, "--json"},
                {"copy", "--from", missing, "--json"}, {"copy", "--from", missing, "--to", url, "--batch-rows", "0",
                "--json"}, {"copy", "--from", missing, "--json", "--to"}}) {
            Result r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            JsonNode doc = new ObjectMapper().readTree(r.out());
            assertEquals("failed", doc.get("status").asText(), r.out());
            assertEquals(2, doc.get("exit_code").asInt());
            assertEquals(0, doc.get("problem_count").asInt());
        }
    }
}
