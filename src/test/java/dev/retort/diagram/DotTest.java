package dev.retort.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RevisionGraph;
import dev.retort.graph.Node;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * DOT output, fed to the real Graphviz ({@code dot -Tsvg}, Debian's graphviz): it must accept it,
 * and the SVG it draws must hold one node per revision with its label text exactly, and the edges.
 */
class DotTest {

    private static Document check(RevisionGraph d) throws Exception {
        Document svg = GraphvizSvg.of(Dot.render(d));
        Map<String, String> nodes = GraphvizSvg.groups(svg, "node");
        Map<String, String> expected = new LinkedHashMap<>();
        for (RevisionGraph.Node b : d.nodes()) {
            expected.put(b.revision(), Diagram.title(b) + (b.message().isEmpty() ? "" : "\n" + b.message()));
        }
        assertEquals(expected, nodes, "every revision drawn once with its label");
        assertEquals(d.edges().stream().map(e -> e.from() + "->" + e.to()).sorted().toList(),
                GraphvizSvg.groups(svg, "edge").keySet().stream().sorted().toList(),
                "every edge drawn (in Graphviz's order)");
        return svg;
    }

    private static Document check(List<Node> history) throws Exception {
        return check(Diagram.of(history));
    }

    @Test
    void graphvizDrawsTheDemoRevisions() throws Exception {
        check(Graphs.history(Graphs.demo()));
    }

    @Test
    void graphvizDrawsTwoHeadsAThreeWayMergeLabelsAndDependsOn() throws Exception {
        check(Graphs.twoHeads());
        check(Graphs.threeWayMerge());
        check(Graphs.dependsOn());
        String dot = Dot.render(Diagram.of(Graphs.dependsOn()));
        assertTrue(dot.contains("    \"x\" -> \"b\" [style=dashed];\n"), dot);
        assertTrue(dot.contains("    \"a\" -> \"b\";\n"), dot);
    }

    @Test
    void quotesBackslashesAndNonAsciiSurviveGraphviz() throws Exception {
        check(Graphs.nasty());
        String dot = Dot.render(Diagram.of(Graphs.nasty()));
        assertTrue(dot.contains("Quote \\\" apos ' back\\\\slash C:\\\\New \\\\N"), dot);
        assertTrue(dot.contains("ü ✓ 漢字"), dot);
    }

    @Test
    void oddRevisionIdsAreQuotedIds() throws Exception {
        // a DOT keyword, a space and a semicolon, a quote (a backslash would stay doubled in Graphviz's node name)
        RevisionGraph d = Diagram.of(Graphs.history(Graphs.rev("node", "a keyword", ""),
                Graphs.rev("a b;c", "spaced", "node"), Graphs.rev("q\"1", "quoted", "a b;c")));
        check(d);
    }

    @Test
    void theDatabaseStateIsDrawn() throws Exception {
        RevisionGraph d = Diagram.of(Graphs.twoHeads(), Set.of("a", "b"), Set.of("b"));
        check(d);
        String dot = Dot.render(d);
        assertTrue(dot.contains("    \"b\" [label=\"b (head) (current)\\nleft\", peripheries=2,"
                + " style=\"rounded,filled\", fillcolor=\"#d4edda\", color=\"#1a7f37\", penwidth=3];\n"), dot);
        assertTrue(dot.contains("    \"c\" [label=\"c (head)\\nright\", peripheries=2, style=\"rounded,dashed\","
                + " color=\"#999999\"];\n"), dot);
    }

    @Test
    void aMalformedDotFailsTheCheck() {
        GraphvizSvg.assumeAvailable();
        assertThrows(AssertionError.class, () -> GraphvizSvg.of("digraph { \"a -> b }"));
    }
}
