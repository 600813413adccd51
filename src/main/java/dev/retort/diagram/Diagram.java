package dev.retort.diagram;

import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Applied;
import dev.retort.api.RevisionGraph.Edge;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.api.RevisionGraph.Mark;
import dev.retort.graph.Node;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Builds the {@link RevisionGraph} a picture shows from the graph's nodes: one node per revision,
 * in the order given (history order, so a picture diffs cleanly), and the edges between them. Pure:
 * the renderers ({@link Mermaid}, {@link Dot}) only format the result.
 */
public final class Diagram {
    private Diagram() {
    }

    /** The picture of these revisions (history order) without the database's state. */
    public static RevisionGraph of(List<Node> revisions) {
        return build(revisions, null, null);
    }

    /**
     * The picture with the database's state: {@code applied} are the ids applied to it (the version
     * rows and their ancestors), {@code current} the tips {@code current} prints.
     */
    public static RevisionGraph of(List<Node> revisions, Set<String> applied, Set<String> current) {
        return build(revisions, Set.copyOf(applied), Set.copyOf(current));
    }

    private static RevisionGraph build(List<Node> revisions, Set<String> applied, Set<String> current) {
        // depends_on names an id or a declared branch label exactly (Alembic's _revision_map[dep]);
        // only revisions in the picture can be an edge's end
        Map<String, String> keys = new HashMap<>(revisions.size() * 2);
        for (Node n : revisions) {
            keys.put(n.id(), n.id());
        }
        for (Node n : revisions) {
            n.revision().branchLabels().forEach(label -> keys.putIfAbsent(label, n.id()));
        }
        List<RevisionGraph.Node> boxes = new ArrayList<>(revisions.size());
        List<Edge> edges = new ArrayList<>(revisions.size() + 16);
        for (Node n : revisions) {
            boxes.add(box(n, applied, current));
            int first = edges.size();
            for (String down : n.downRevisions()) {
                if (keys.containsKey(down) && !linked(edges, first, down)) {
                    edges.add(new Edge(down, n.id(), Kind.PARENT));
                }
            }
            for (String dep : n.revision().dependsOn()) {
                String id = keys.get(dep);
                if (id != null && !linked(edges, first, id)) {
                    edges.add(new Edge(id, n.id(), Kind.DEPENDS_ON));
                }
            }
        }
        return new RevisionGraph(boxes, edges, applied != null);
    }

    /** Is {@code from} already linked to the current revision (its edges start at {@code first})? */
    private static boolean linked(List<Edge> edges, int first, String from) {
        for (int i = first; i < edges.size(); i++) {
            if (edges.get(i).from().equals(from)) {
                return true;
            }
        }
        return false;
    }

    private static RevisionGraph.Node box(Node n, Set<String> applied, Set<String> current) {
        Set<Mark> marks = EnumSet.noneOf(Mark.class);
        if (n.isRealHead()) {
            marks.add(Mark.HEAD);
        } else if (n.isHead()) {
            marks.add(Mark.EFFECTIVE_HEAD);
        }
        if (current != null && current.contains(n.id())) {
            marks.add(Mark.CURRENT);
        }
        if (n.isBranchPoint()) {
            marks.add(Mark.BRANCH_POINT);
        }
        if (n.isMergePoint()) {
            marks.add(Mark.MERGE_POINT);
        }
        if (n.isBase()) {
            marks.add(Mark.BASE);
        }
        Applied state = applied == null ? Applied.UNKNOWN : applied.contains(n.id()) ? Applied.YES : Applied.NO;
        return new RevisionGraph.Node(n.id(), n.revision().doc(), List.copyOf(n.labels()), marks, state);
    }

    /** How many leading characters of {@code raw} are neither control characters nor {@code special}. */
    static int plainRun(String raw, String special) {
        int i = 0;
        while (i < raw.length() && raw.charAt(i) >= ' ' && special.indexOf(raw.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** The first line of a box: id, labels and marks, as {@code history} writes them. */
    static String title(RevisionGraph.Node b) {
        StringBuilder s = new StringBuilder();
        title(b, s, StringBuilder::append);
        return s.toString();
    }

    /** Appends the first line of a box, its id and labels through a format's {@code escape}. */
    static void title(RevisionGraph.Node b, StringBuilder out, BiConsumer<StringBuilder, String> escape) {
        escape.accept(out, b.revision());
        if (!b.labels().isEmpty()) {
            out.append(" (");
            for (int i = 0; i < b.labels().size(); i++) {
                escape.accept(out.append(i == 0 ? "" : ", "), b.labels().get(i));
            }
            out.append(')');
        }
        for (Mark m : b.marks()) {
            out.append(" (").append(text(m)).append(')');
        }
    }

    /** The word a box shows for a mark, e.g. {@code mergepoint} (as {@code history} writes it). */
    static String text(Mark m) {
        return switch (m) {
            case HEAD -> "head";
            case EFFECTIVE_HEAD -> "effective head";
            case CURRENT -> "current";
            case BRANCH_POINT -> "branchpoint";
            case MERGE_POINT -> "mergepoint";
            case BASE -> "base";
        };
    }
}
