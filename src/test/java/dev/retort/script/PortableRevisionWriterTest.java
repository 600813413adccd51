package dev.retort.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code revision --format yaml}, {@code revision_format: yaml} in retort.yaml, and {@code merge} following it. */
class PortableRevisionWriterTest {
    @TempDir
    Path tmp;

    @Test
    void revisionFormatYamlWritesAPortableRevisionThatLoadsAndRuns() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        String out = cli.ok("revision", "-m", "first one\n\nwith a description", "--rev-id", "000111222333", "--format", "yaml");
        assertTrue(out.contains("000111222333_first_one_with_a_description.yaml"), out);
        String text = Files.readString(dir.resolve("000111222333_first_one_with_a_description.yaml"));
        assertTrue(text.startsWith("message: \"first one\"\ndescription: \"with a description\"\n"
                + "revision: \"000111222333\"\nrevises: null\ncreate_date: \"20"), text);
        assertTrue(text.endsWith("upgrade: []\n# downgrade: omitted = the reverse of upgrade's operations, in reverse"
                + " order; write downgrade: [] if there is nothing to undo\n"), text);
        cli.ok("revision", "-m", "second", "--rev-id", "bbb000000002", "--format", "yaml", "--branch-label", "x");
        assertTrue(Files.readString(dir.resolve("bbb000000002_second.yaml")).contains(
                "revises: \"000111222333\"\ncreate_date: "), "the down revision");
        assertEquals("000111222333 -> bbb000000002 (x) (head), second\n<base> -> 000111222333 (x), first one\n",
                cli.ok("history"));
        cli.ok("upgrade", "head");
        assertEquals("bbb000000002 (head)", cli.ok("current").strip());
        // the operations a user writes into the template's upgrade list are undone by a downgrade
        Path third = dir.resolve(cli.ok("revision", "-m", "third", "--rev-id", "ccc000000003", "--format", "yaml")
                .replaceAll("(?s).*/(ccc000000003_third\\.yaml).*", "$1"));
        Files.writeString(third, Files.readString(third).replace("upgrade: []\n",
                "upgrade:\n  - create_table: {name: tt, columns: [{name: id, type: integer}]}\n"));
        cli.ok("upgrade", "head");
        assertTrue(tables().contains("tt"), tables().toString());
        cli.ok("downgrade", "bbb000000002");
        assertFalse(tables().contains("tt"), tables().toString());
        assertEquals(2, cli.run("revision", "-m", "x", "--format", "xml").exit());
    }

    @Test
    void revisionFormatInRetortYamlAndMergeFollowsIt() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        Path config = tmp.resolve("retort.yaml");
        Files.writeString(config, "revisions: revisions\nrevision_format: yaml\n");
        Cli cli = new Cli(tmp.resolve("app.db"), dir);
        cli.ok("--config", config.toString(), "revision", "-m", "base", "--rev-id", "aaa000000001");
        cli.ok("--config", config.toString(), "revision", "-m", "left", "--rev-id", "bbb000000002");
        cli.ok("--config", config.toString(), "revision", "-m", "right", "--rev-id", "ccc000000003", "--head",
                "aaa000000001", "--splice");
        cli.ok("--config", config.toString(), "merge", "heads", "-m", "join", "--rev-id", "ddd000000004");
        assertTrue(Files.readString(dir.resolve("ddd000000004_join.yaml")).contains(
                "revises: [\"bbb000000002\", \"ccc000000003\"]"));
        // --format overrides the file
        cli.ok("--config", config.toString(), "revision", "-m", "sql one", "--rev-id", "eee000000005", "--format", "sql");
        assertTrue(Files.exists(dir.resolve("eee000000005_sql_one.sql")));
        assertEquals("eee000000005 (head)", cli.ok("--config", config.toString(), "heads").strip());
        Files.writeString(config, "revision_format: xml\n");
        Cli.Result bad = cli.run("--config", config.toString(), "heads");
        assertEquals(2, bad.exit(), bad.err());
        assertTrue(bad.err().contains(":1: revision_format: expected sql or yaml, found 'xml'"), bad.err());
    }

    private List<String> tables() throws Exception {
        List<String> names = new java.util.ArrayList<>();
        try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("app.db"));
             java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }
}
