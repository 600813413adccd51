package dev.retort.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.graph.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Mermaid output: valid by {@link MermaidGrammar}, and every label and edge as the diagram says. */
class MermaidTest {

    /** Parses the chart of these revisions and checks it says exactly what the diagram says. */
    private static MermaidGrammar.Chart check(RevisionGraph d) {
        String text = Mermaid.render(d);
        MermaidGrammar.Chart chart = MermaidGrammar.parse(text);
        assertEquals(d.nodes().stream().map(b -> Mermaid.nodeId(b.revision())).toList(),
                List.copyOf(chart.labels().keySet()), "one node per revision, in history order");
        for (RevisionGraph.Node b : d.nodes()) {
            String expected = Diagram.title(b) + (b.message().isEmpty() ? "" : "\n" + b.message());
            assertEquals(expected, chart.labels().get(Mermaid.nodeId(b.revision())), "label of " + b.revision());
        }
        assertEquals(d.edges().stream().map(e -> new MermaidGrammar.Edge(Mermaid.nodeId(e.from()),
                e.kind() == Kind.DEPENDS_ON, Mermaid.nodeId(e.to()))).toList(), chart.edges());
        return chart;
    }

    private static MermaidGrammar.Chart check(List<Node> history) {
        return check(Diagram.of(history));
    }

    @Test
    void theDemoRevisionsAreAValidChart() {
        MermaidGrammar.Chart chart = check(Graphs.history(Graphs.demo()));
        assertEquals(11, chart.labels().size());
        assertEquals("f59700881d5a (files) (mergepoint)\nMerge files and tags", chart.labels().get("rf59700881d5a"));
        assertEquals(Map.of("head", Set.of("r427f4a922bb6")), chart.classes());
    }

    @Test
    void twoHeadsAreBothMarked() {
        MermaidGrammar.Chart chart = check(Graphs.twoHeads());
        assertEquals(Set.of("rb", "rc"), chart.classes().get("head"));
        assertEquals("a (branchpoint) (base)\ncreate", chart.labels().get("ra"));
    }

    @Test
    void aThreeWayMergeLabelsAndDependsOn() {
        check(Graphs.threeWayMerge());
        MermaidGrammar.Chart deps = check(Graphs.dependsOn());
        assertEquals(3, deps.edges().stream().filter(MermaidGrammar.Edge::dashed).count());
    }

    @Test
    void everyCharacterThatMermaidOrHtmlReadsIsEscapedAndNonAsciiKept() {
        String text = Mermaid.render(Diagram.of(Graphs.nasty()));
        check(Graphs.nasty());
        assertTrue(text.contains("ü ✓ 漢字"), text);
        assertTrue(text.contains("Quote #quot; apos ' back\\slash"), text);
        assertTrue(text.contains("#35;35; #35;quot; #lt;b#gt;tag#lt;/b#gt; #amp; #amp;amp;"), text);
    }

    @Test
    void theDatabaseStateIsShownAsClasses() {
        MermaidGrammar.Chart chart = check(Diagram.of(Graphs.twoHeads(), Set.of("a", "b"), Set.of("b")));
        assertEquals(Set.of("ra", "rb"), chart.classes().get("applied"));
        assertEquals(Set.of("rc"), chart.classes().get("pending"));
        assertEquals(Set.of("rb"), chart.classes().get("current"));
    }

    @Test
    void nodeIdsAreOneToOneAndNeverAKeyword() {
        assertEquals("rend", Mermaid.nodeId("end"));
        assertEquals("ra__b", Mermaid.nodeId("a_b"));
        assertEquals("ra_2e_b", Mermaid.nodeId("a.b"));
        assertEquals("ra_20_b_fc_", Mermaid.nodeId("a bü"));
        assertTrue(!Mermaid.nodeId("a_2e_b").equals(Mermaid.nodeId("a.b")));
        check(Graphs.history(Graphs.rev("odd.id_1 x", "one", ""), Graphs.rev("end", "two", "odd.id_1 x")));
    }

    @Test
    void theGrammarRejectsWhatMermaidWouldMisread() {
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("flowchart BT\n    ra[\"say \"hi\"\"]\n"));
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("flowchart BT\n    ra[\"a <b> c\"]\n"));
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("flowchart BT\n    ra[\"issue #12\"]\n"));
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("flowchart BT\n    ra[\"x\"]\n    ra[\"y\"]\n"));
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("flowchart BT\n    ra[\"x\"]\n    ra --> rb\n"));
        assertThrows(AssertionError.class,
                () -> MermaidGrammar.parse("flowchart BT\n    ra[\"x\"]\n    class ra head\n"));
        assertThrows(AssertionError.class, () -> MermaidGrammar.parse("graph TD\n    ra[\"x\"]\n"));
        MermaidGrammar.parse("flowchart BT\n    ra[\"x #quot;y#quot;<br/>#35;12\"]\n    rb[\"z\"]\n    ra -.-> rb\n");
    }
}
