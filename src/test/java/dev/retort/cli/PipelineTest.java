package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a release pipeline asks: check's exit codes, the audit history, and the JSON documents. */
class PipelineTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Path dir;
    Cli cli;

    @BeforeEach
    void graph() throws IOException {
        dir = Files.createDirectories(tmp.resolve("revisions"));
        write("a", "", "CREATE TABLE ta (x INTEGER);");
        write("b", "a", "CREATE TABLE tb (x INTEGER);");
        write("c", "b", "CREATE TABLE tc (x INTEGER);");
        cli = new Cli(tmp.resolve("db.sqlite"), dir);
    }

    private void write(String id, String down, String up) throws IOException {
        Files.writeString(dir.resolve(id + "_rev.sql"), "-- rev " + id + "\n--\n-- Revision ID: " + id + "\n-- Revises: "
                + down + "\n\n-- retort:upgrade\n" + up + "\n\n-- retort:downgrade\nDROP TABLE t" + id + ";\n");
    }

    private JsonNode json(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--json");
        Cli.Result r = cli.run(all.toArray(String[]::new));
        return JSON.readTree(r.out());
    }

    /** A project just made by init: no revision files, nothing applied — up to date, and the line says so. */
    @Test
    void checkWithoutRevisionsSaysSo() throws Exception {
        Path empty = Files.createDirectories(tmp.resolve("no-revisions"));
        Cli fresh = new Cli(tmp.resolve("fresh.sqlite"), empty);
        fresh.ok("upgrade", "head");
        Cli.Result r = fresh.run("check");
        assertEquals(0, r.exit(), r.err());
        assertEquals("Database is up to date: no revisions yet (base)\n", r.out());
    }

    @Test
    void checkExitCodesForUpToDatePendingAndMismatch() throws Exception {
        Files.createFile(tmp.resolve("db.sqlite")); // an empty SQLite database (a missing one is exit 7)
        Cli.Result r = cli.run("check");
        assertEquals(3, r.exit(), "an empty database has pending revisions");
        assertEquals("3 pending revision(s):\n  upgrade  -> a, rev a\n  upgrade a -> b, rev b\n  upgrade b -> c, rev c\n",
                r.out());
        assertFalse(Files.exists(tmp.resolve("db.sqlite")) && tablesExist(), "check changes nothing");
        cli.ok("upgrade", "head");
        r = cli.run("check");
        assertEquals(0, r.exit(), r.out());
        assertEquals("Database is up to date: c (head)\n", r.out());

        Files.writeString(dir.resolve("b_rev.sql"), Files.readString(dir.resolve("b_rev.sql"))
                .replace("tb (x INTEGER)", "tb (x INTEGER, y TEXT)"));
        r = cli.run("check");
        assertEquals(4, r.exit());
        assertTrue(r.out().contains("revision b (" + dir.resolve("b_rev.sql") + ") was changed after it was applied"),
                r.out());
        Files.writeString(dir.resolve("b_rev.sql"), Files.readString(dir.resolve("b_rev.sql"))
                .replace("tb (x INTEGER, y TEXT)", "tb (x INTEGER)").replace("\n", "\r\n"));
        assertEquals(0, cli.run("check").exit(), "line endings do not count as a change");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("db.sqlite"))) {
            c.createStatement().execute("UPDATE alembic_version SET version_num = 'ffff0000'");
        }
        r = cli.run("check");
        assertEquals(4, r.exit());
        assertTrue(r.out().contains("the version table holds 'ffff0000', which no revision file defines"), r.out());
    }

    private boolean tablesExist() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("db.sqlite"))) {
            return c.createStatement().executeQuery("SELECT 1 FROM sqlite_master").next();
        }
    }

    @Test
    void historyRecordsEveryStepWithChecksumUserAndOutcome() throws Exception {
        cli.ok("upgrade", "b");
        cli.ok("stamp", "c");
        cli.ok("stamp", "b");
        cli.ok("downgrade", "a");
        write("d", "c", "CREATE TABLE td (x INTEGER);\nINSERT INTO nope VALUES (1);");
        assertEquals(1, cli.run("upgrade", "head").exit());
        JsonNode h = json("history", "--applied").get("history");
        assertEquals(8, h.size(), h.toString());
        assertEquals("upgrade", h.get(0).get("direction").asText());
        assertEquals("a", h.get(0).get("revision").asText());
        assertEquals(64, h.get(0).get("checksum").asText().length());
        assertEquals(System.getProperty("user.name"), h.get(0).get("os_user").asText());
        assertTrue(h.get(0).get("success").asBoolean());
        assertEquals("stamp", h.get(2).get("direction").asText());
        assertEquals("downgrade", h.get(4).get("direction").asText());
        assertTrue(h.get(6).get("success").asBoolean(), "c ran in the failing run and stays");
        JsonNode failed = h.get(7);
        assertEquals("upgrade", failed.get("direction").asText());
        assertFalse(failed.get("success").asBoolean());
        assertTrue(failed.get("error").asText().contains("nope"), failed.toString());
        String text = cli.ok("history", "--applied");
        assertTrue(text.contains("upgrade    -> a  ") && text.contains("FAILED: "), text);
    }

    @Test
    void jsonDocumentsHaveStableShapes() throws Exception {
        JsonNode up = json("upgrade", "head");
        assertEquals("upgrade", up.get("command").asText());
        assertEquals(List.of(), List.copyOf(strings(up.get("heads_before"))));
        assertEquals(List.of("c"), strings(up.get("heads_after")));
        assertEquals(3, up.get("steps").size());
        JsonNode step = up.get("steps").get(1);
        for (String f : List.of("direction", "revision", "from", "to", "message", "duration_ms")) {
            assertNotNull(step.get(f), f);
        }
        assertTrue(up.get("duration_ms").asLong() >= 0);

        JsonNode cur = json("current");
        assertEquals(List.of("c"), strings(cur.get("heads_in_database")));
        assertEquals("c", cur.get("current").get(0).get("revision").asText());
        assertTrue(cur.get("url").asText().startsWith("sqlite:///"));

        JsonNode heads = json("heads").get("heads");
        assertEquals("c", heads.get(0).get("revision").asText());
        assertTrue(heads.get(0).get("is_head").asBoolean());
        assertEquals(List.of("b"), strings(heads.get(0).get("down_revisions")));

        JsonNode hist = json("history").get("revisions");
        assertEquals(List.of("c", "b", "a"), List.of(hist.get(0).get("revision").asText(),
                hist.get(1).get("revision").asText(), hist.get(2).get("revision").asText()));
        assertEquals(0, json("branches").get("branch_points").size());
        assertEquals("b", json("show", "b").get("revisions").get(0).get("revision").asText());

        JsonNode check = json("check");
        assertEquals("up_to_date", check.get("status").asText());
        assertEquals(0, check.get("exit_code").asInt());

        JsonNode down = json("downgrade", "-1");
        assertEquals(List.of("b"), strings(down.get("heads_after")));
        JsonNode stamp = json("stamp", "a");
        assertEquals("stamp", stamp.get("command").asText());
        assertEquals(List.of("a"), strings(stamp.get("heads_after")));

        Cli.Result bad = cli.run("upgrade", "nowhere", "--json");
        assertEquals(1, bad.exit());
        JsonNode err = JSON.readTree(bad.out());
        assertEquals("Can't locate revision identified by 'nowhere'", err.get("error").asText());
        assertEquals(1, err.get("exit_code").asInt());
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }
}
