package dev.retort.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.retort.api.RetortException;
import dev.retort.diagram.GraphvizSvg;
import dev.retort.diagram.MermaidGrammar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

/** {@code retort graph} end to end on the demo revisions and a real SQLite file. */
class GraphCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;
    Cli cli;

    @BeforeEach
    void demo() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("revisions"));
        try (Stream<Path> files = Files.list(Path.of("revisions"))) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
        cli = new Cli(tmp.resolve("app.db"), dir);
    }

    private static List<String> ids(JsonNode nodes, String field) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(n.get(field).asText()));
        return out;
    }

    @Test
    void theDefaultIsAMermaidFlowchartOfEveryRevisionInHistoryOrder() {
        String out = cli.ok("graph");
        MermaidGrammar.Chart chart = MermaidGrammar.parse(out);
        List<String> history = cli.ok("history").lines().map(l -> l.split(" -> ")[1].split("[ ,]")[0]).toList();
        assertEquals(history.stream().map(id -> "r" + id).toList(), List.copyOf(chart.labels().keySet()));
        assertEquals("427f4a922bb6 (files) (head)\nAdd audit events", chart.labels().get("r427f4a922bb6"));
        assertEquals("72ec0e1e9b8f (branchpoint)\nAdd chats and messages", chart.labels().get("r72ec0e1e9b8f"));
        assertTrue(out.contains("\n    r6e76ac56441a --> rf59700881d5a\n    r6069cd7e6ab6 --> rf59700881d5a\n"), out);
        assertEquals(out, cli.ok("graph", "--format", "mermaid"));
        assertFalse(Files.exists(tmp.resolve("app.db")), "without -i the database is not opened");
    }

    @Test
    void indicateCurrentHighlightsAppliedRevisionsAndMarksTheCurrentHeads() {
        cli.ok("upgrade", "f59700881d5a");
        MermaidGrammar.Chart chart = MermaidGrammar.parse(cli.ok("graph", "-i"));
        assertEquals(Set.of("r427f4a922bb6", "r0e0fd037bff4", "r7c73a20a3c38", "rf5f670d9139f"),
                chart.classes().get("pending"));
        assertEquals(7, chart.classes().get("applied").size());
        assertEquals(Set.of("rf59700881d5a"), chart.classes().get("current"));
        assertEquals("f59700881d5a (files) (current) (mergepoint)\nMerge files and tags",
                chart.labels().get("rf59700881d5a"));

        String dot = cli.ok("graph", "-i", "--format", "dot");
        assertTrue(dot.contains("\"f59700881d5a\" [label=\"f59700881d5a (files) (current) (mergepoint)\\nMerge files"
                + " and tags\", style=\"rounded,filled\", fillcolor=\"#d4edda\", color=\"#1a7f37\","
                + " penwidth=3];"), dot);
    }

    @Test
    void jsonListsNodesAndEdges() throws Exception {
        JsonNode doc = JSON.readTree(cli.ok("graph", "--json"));
        assertEquals(11, doc.get("nodes").size());
        JsonNode merge = doc.get("nodes").get(4);
        assertEquals("f59700881d5a", merge.get("revision").asText());
        assertEquals("Merge files and tags", merge.get("message").asText());
        assertEquals("[\"files\"]", merge.get("labels").toString());
        assertTrue(merge.get("is_merge_point").asBoolean());
        assertFalse(merge.get("is_head").asBoolean());
        assertFalse(merge.get("is_branch_point").asBoolean());
        assertTrue(merge.get("applied").isNull(), "unknown without -i");
        assertEquals(11, doc.get("edges").size());
        assertEquals(JSON.readTree("{\"from\":\"0e0fd037bff4\",\"to\":\"427f4a922bb6\",\"kind\":\"parent\"}"),
                doc.get("edges").get(0));

        cli.ok("upgrade", "090b0b390b43");
        JsonNode applied = JSON.readTree(cli.ok("graph", "--json", "-i"));
        List<String> yes = new ArrayList<>();
        applied.get("nodes").forEach(n -> {
            if (n.get("applied").asBoolean()) {
                yes.add(n.get("revision").asText() + (n.get("is_current").asBoolean() ? " current" : ""));
            }
        });
        assertEquals(List.of("090b0b390b43 current", "d6a98527ac7c"), yes);
    }

    @Test
    void dependsOnIsADashedEdgeAndItsKindInJson() throws IOException {
        Files.writeString(cli.revisions().resolve("aaaa00000001_report.sql"), "-- Reports need sessions\n--\n"
                + "-- Revision ID: aaaa00000001\n-- Revises: 427f4a922bb6\n-- Depends On: 5ac249e38889\n\n"
                + "-- retort:upgrade\nSELECT 1;\n\n-- retort:downgrade\nSELECT 1;\n");
        assertTrue(cli.ok("graph").contains("\n    r5ac249e38889 -.-> raaaa00000001\n"));
        assertTrue(cli.ok("graph", "--format", "dot")
                .contains("\n    \"5ac249e38889\" -> \"aaaa00000001\" [style=dashed];\n"));
        assertTrue(cli.ok("graph", "--json").contains("\"kind\" : \"depends_on\""));
    }

    @Test
    void aRangeSelectsWhatHistoryRangeSelects() throws Exception {
        cli.ok("upgrade", "72ec0e1e9b8f");
        for (String range : List.of("72ec0e1e9b8f:f59700881d5a", "6069:", ":5ac249e38889", "current:", "-2:",
                "base:6e76ac56441a")) {
            List<String> graph = ids(JSON.readTree(cli.ok("graph", "--json", "-r", range)).get("nodes"), "revision");
            List<String> history = ids(JSON.readTree(cli.ok("history", "--json", "-r", range)).get("revisions"),
                    "revision");
            assertEquals(history, graph, range);
        }
        for (String range : List.of("-2:current", "current:+2", "nope:", "a:b:c", "72ec")) {
            Cli.Result graph = cli.run("graph", "-r", range);
            Cli.Result history = cli.run("history", "-r", range);
            assertEquals(1, graph.exit(), range);
            assertEquals(history.err(), graph.err(), range);
            assertTrue(graph.err().startsWith("FAILED: "), graph.err());
        }
        MermaidGrammar.Chart chart = MermaidGrammar.parse(cli.ok("graph", "-r", "72ec0e1e9b8f:f59700881d5a"));
        assertEquals(4, chart.labels().size());
        assertEquals(4, chart.edges().size(), "edges to revisions outside the range are left out");
    }

    @Test
    void dotIsAcceptedByGraphvizAndSvgRunsIt() throws Exception {
        Document fromDot = GraphvizSvg.of(cli.ok("graph", "--format", "dot"));
        assertEquals(11, GraphvizSvg.groups(fromDot, "node").size());
        String svg = cli.ok("graph", "--format", "svg");
        Document doc = GraphvizSvg.parse(svg.getBytes(StandardCharsets.UTF_8));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        Map<String, String> nodes = GraphvizSvg.groups(doc, "node");
        assertEquals("427f4a922bb6 (files) (head)\nAdd audit events", nodes.get("427f4a922bb6"));
        assertEquals(11, GraphvizSvg.groups(doc, "edge").size());
    }

    @Test
    void outputWritesTheFileWholeAndSaysSo() throws IOException {
        GraphvizSvg.assumeAvailable();
        Path file = tmp.resolve("graph.svg");
        Files.writeString(file, "old");
        String out = cli.ok("graph", "--format", "svg", "--output", file.toString());
        assertEquals("Generating " + file.toAbsolutePath() + " ...  done\n", out);
        assertTrue(Files.readString(file).contains("<svg"));
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
        }
        cli.ok("graph", "-o", file.toString());
        assertEquals(cli.ok("graph"), Files.readString(file));
        assertEquals("", cli.ok("graph", "--json", "-o", file.toString()), "stdout: no text that is not JSON");
        assertTrue(Files.readString(file).startsWith("{"));

        Cli.Result r = cli.run("graph", "--output", tmp.resolve("missing/graph.md").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("missing does not exist; create it first"), r.err());
    }

    @Test
    void badFormatsAreUsageErrors() {
        Cli.Result r = cli.run("graph", "--format", "png");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--format takes mermaid, dot or svg, not 'png'"), r.err());
        Cli.Result both = cli.run("graph", "--json", "--format", "dot");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("graph takes --json or --format, not both"), both.err());
        assertEquals(2, cli.run("graph", "extra").exit());
    }

    @Test
    void svgWithoutGraphvizOnPathSaysWhatToDo() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("bin"));
        RetortException e = assertThrows(RetortException.class, () -> Graphviz.svg("digraph {}", empty.toString()));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("'dot', which is not on PATH; install Graphviz"), e.getMessage());
        assertThrows(RetortException.class, () -> Graphviz.svg("digraph {}", null));
    }

    @Test
    void aDotThatGraphvizRejectsFailsWithItsMessage() {
        GraphvizSvg.assumeAvailable();
        RetortException e = assertThrows(RetortException.class,
                () -> Graphviz.svg("digraph { \"a -> }", System.getenv("PATH")));
        assertEquals(1, e.exitCode());
        assertTrue(e.getMessage().contains("-Tsvg failed (exit 1): ") && e.getMessage().contains("syntax error"),
                e.getMessage());
    }

    @Test
    void indicateCurrentWithAnUnknownVersionRowFailsCleanly() throws SQLException {
        cli.ok("upgrade", "d6a98527ac7c");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + tmp.resolve("app.db"))) {
            c.createStatement().executeUpdate("UPDATE alembic_version SET version_num = 'deadbeef0000'");
        }
        Cli.Result r = cli.run("graph", "-i");
        assertEquals(1, r.exit(), r.err());
        assertTrue(r.err().startsWith("FAILED: ") && r.err().contains("deadbeef0000"), r.err());
        assertEquals("", r.out());
    }
}
