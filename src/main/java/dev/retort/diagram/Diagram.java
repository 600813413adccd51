package dev.retort.diagram;

import dev.retort.graph.Node;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * What a picture of the revision graph shows: one box per revision, in the order given (history
 * order, so a picture diffs cleanly), and the edges between boxes. Pure: the renderers
 * ({@link Mermaid}, {@link Dot}) only format it.
 *
 * @param boxes the revisions, in history order (newest first)
 * @param edges down revision to revision, then depends_on, ordered by the upper box
 * @param indicated true when the database's state is shown ({@code graph -i})
 */
public record Diagram(List<Box> boxes, List<Edge> edges, boolean indicated) {

    public Diagram {
        boxes = List.copyOf(boxes);
        edges = List.copyOf(edges);
    }

    /** The flags a box shows, in the order its text lists them (as {@code history} does). */
    public enum Mark {
        HEAD("head"), EFFECTIVE_HEAD("effective head"), CURRENT("current"), BRANCH_POINT("branchpoint"),
        MERGE_POINT("mergepoint"), BASE("base");

        private final String text;

        Mark(String text) {
            this.text = text;
        }

        /** The word shown in the box, e.g. {@code mergepoint}. */
        public String text() {
            return text;
        }
    }

    /** Whether a revision is applied to the database; UNKNOWN when the database was not asked. */
    public enum Applied { UNKNOWN, YES, NO }

    /**
     * One revision.
     *
     * @param revision its id
     * @param message  its message (Alembic's doc), "" if none
     * @param labels   its branch labels (propagated, sorted, as {@code history} shows them)
     * @param marks    head, merge point, ..., and current (a tip of the database's version rows)
     */
    public record Box(String revision, String message, List<String> labels, Set<Mark> marks, Applied applied) {
        public Box {
            labels = List.copyOf(labels);
            marks = Collections.unmodifiableSet(marks.isEmpty() ? EnumSet.noneOf(Mark.class) : EnumSet.copyOf(marks));
        }

        public boolean has(Mark mark) {
            return marks.contains(mark);
        }
    }

    public enum Kind {
        PARENT, DEPENDS_ON;

        /** The name in {@code --json}: {@code parent} or {@code depends_on}. */
        public String jsonName() {
            return name().toLowerCase();
        }
    }

    /** An edge from a lower revision ({@code from}) to the revision that revises or depends on it. */
    public record Edge(String from, String to, Kind kind) {
    }

    /** The picture of these revisions (history order) without the database's state. */
    public static Diagram of(List<Node> revisions) {
        return build(revisions, null, null);
    }

    /**
     * The picture with the database's state: {@code applied} are the ids applied to it (the version
     * rows and their ancestors), {@code current} the tips {@code current} prints.
     */
    public static Diagram of(List<Node> revisions, Set<String> applied, Set<String> current) {
        return build(revisions, Set.copyOf(applied), Set.copyOf(current));
    }

    private static Diagram build(List<Node> revisions, Set<String> applied, Set<String> current) {
        // depends_on names an id or a declared branch label exactly (Alembic's _revision_map[dep]);
        // only revisions in the picture can be an edge's end
        Map<String, String> keys = new HashMap<>(revisions.size() * 2);
        for (Node n : revisions) {
            keys.put(n.id(), n.id());
        }
        for (Node n : revisions) {
            n.revision().branchLabels().forEach(label -> keys.putIfAbsent(label, n.id()));
        }
        List<Box> boxes = new ArrayList<>(revisions.size());
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
        return new Diagram(boxes, edges, applied != null);
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

    private static Box box(Node n, Set<String> applied, Set<String> current) {
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
        return new Box(n.id(), n.revision().doc(), List.copyOf(n.labels()), marks, state);
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
    static String title(Box b) {
        StringBuilder s = new StringBuilder();
        title(b, s, StringBuilder::append);
        return s.toString();
    }

    /** Appends the first line of a box, its id and labels through a format's {@code escape}. */
    static void title(Box b, StringBuilder out, BiConsumer<StringBuilder, String> escape) {
        escape.accept(out, b.revision());
        if (!b.labels().isEmpty()) {
            out.append(" (");
            for (int i = 0; i < b.labels().size(); i++) {
                escape.accept(out.append(i == 0 ? "" : ", "), b.labels().get(i));
            }
            out.append(')');
        }
        for (Mark m : b.marks()) {
            out.append(" (").append(m.text()).append(')');
        }
    }
}
