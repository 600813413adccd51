package dev.retort.diagram;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Applied;
import dev.retort.api.RevisionGraph.Edge;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.api.RevisionGraph.Mark;
import dev.retort.graph.Node;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the picture shows: boxes in history order, their marks, and the edges between them. */
class DiagramTest {

    private static List<String> ids(RevisionGraph d) {
        return d.nodes().stream().map(RevisionGraph.Node::revision).toList();
    }

    private static RevisionGraph.Node box(RevisionGraph d, String id) {
        return d.nodes().stream().filter(b -> b.revision().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void boxesFollowHistoryOrderAndEdgesGoFromDownRevisionToRevision() {
        RevisionGraph d = Diagram.of(Graphs.twoHeads());
        assertEquals(List.of("b", "c", "a"), ids(d), "history order: newest first, ties in file order");
        assertEquals(List.of(new Edge("a", "b", Kind.PARENT), new Edge("a", "c", Kind.PARENT)), d.edges(),
                "ordered by the upper box");
        assertEquals(EnumSet.of(Mark.HEAD), box(d, "b").marks());
        assertEquals(EnumSet.of(Mark.HEAD), box(d, "c").marks());
        assertEquals(EnumSet.of(Mark.BRANCH_POINT, Mark.BASE), box(d, "a").marks());
        assertEquals("create", box(d, "a").message());
        assertEquals(Applied.UNKNOWN, box(d, "a").applied());
        assertFalse(d.indicated());
    }

    @Test
    void aThreeWayMergeHasThreeParentEdgesInWrittenOrderAndLabelsPropagate() {
        RevisionGraph d = Diagram.of(Graphs.threeWayMerge());
        assertEquals(List.of(new Edge("b1", "m", Kind.PARENT), new Edge("b2", "m", Kind.PARENT),
                new Edge("b3", "m", Kind.PARENT)), d.edges().stream().filter(e -> e.to().equals("m")).toList());
        assertEquals(EnumSet.of(Mark.MERGE_POINT), box(d, "m").marks());
        assertEquals(List.of("reports"), box(d, "b2").labels());
        assertEquals(List.of("reports"), box(d, "d").labels(), "a label covers the revisions above it");
        assertEquals(List.of(), box(d, "b1").labels());
        assertEquals("b2 (reports)", Diagram.title(box(d, "b2")));
        assertEquals("m (reports) (mergepoint)", Diagram.title(box(d, "m")));
        assertEquals(6, d.nodes().size());
        assertEquals(7, d.edges().size());
    }

    @Test
    void dependsOnIsAnEdgeOfItsOwnKindResolvedByIdOrLabelOnceOnly() {
        RevisionGraph d = Diagram.of(Graphs.dependsOn());
        List<Edge> deps = d.edges().stream().filter(e -> e.kind() == Kind.DEPENDS_ON).toList();
        assertEquals(List.of(new Edge("a", "c", Kind.DEPENDS_ON), new Edge("x", "c", Kind.DEPENDS_ON),
                new Edge("x", "b", Kind.DEPENDS_ON)), deps, "as written, the label resolved to its revision");
        assertEquals(EnumSet.of(Mark.EFFECTIVE_HEAD, Mark.BASE), box(d, "x").marks(), "only depended on");
    }

    @Test
    void aDependencyThatIsAlsoTheDownRevisionIsDrawnOnce() {
        RevisionGraph d = Diagram.of(Graphs.history(Graphs.rev("a", "one", ""),
                Graphs.rev("b", "two", "a", List.of(), List.of("a"))));
        assertEquals(List.of(new Edge("a", "b", Kind.PARENT)), d.edges());
    }

    @Test
    void anEffectiveHeadIsOnlyDependedOn() {
        RevisionGraph d = Diagram.of(Graphs.history(Graphs.rev("a", "one", ""), Graphs.rev("b", "two", ""),
                Graphs.rev("c", "three", "a", List.of(), List.of("b"))));
        assertEquals(EnumSet.of(Mark.EFFECTIVE_HEAD, Mark.BASE), box(d, "b").marks());
        assertEquals(EnumSet.of(Mark.HEAD), box(d, "c").marks());
    }

    @Test
    void edgesToRevisionsOutsideTheRangeAreLeftOut() {
        List<Node> all = Graphs.threeWayMerge();
        List<Node> top = all.stream().filter(n -> Set.of("d", "m", "b2").contains(n.id())).toList();
        RevisionGraph d = Diagram.of(top);
        assertEquals(List.of(new Edge("m", "d", Kind.PARENT), new Edge("b2", "m", Kind.PARENT)), d.edges());
    }

    @Test
    void theDatabaseStateMarksAppliedPendingAndCurrent() {
        RevisionGraph d = Diagram.of(Graphs.twoHeads(), Set.of("a", "b"), Set.of("b"));
        assertEquals(Applied.YES, box(d, "a").applied());
        assertEquals(Applied.YES, box(d, "b").applied());
        assertEquals(Applied.NO, box(d, "c").applied());
        assertEquals(EnumSet.of(Mark.HEAD, Mark.CURRENT), box(d, "b").marks());
        assertEquals("b (head) (current)", Diagram.title(box(d, "b")));
        assertEquals(true, d.indicated());
    }
}
