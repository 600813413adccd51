package dev.retort.api;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * What {@code graph} shows: one node per revision in history order (newest first, so a picture
 * diffs cleanly), the edges between them and, with {@code graph -i}, the database's state.
 * {@code dev.retort.diagram} renders it as Mermaid or DOT.
 *
 * @param nodes     the revisions, in history order
 * @param edges     down revision to revision, then depends_on, ordered by the upper node
 * @param indicated true when the database's state was read ({@code graph -i})
 */
public record RevisionGraph(List<Node> nodes, List<Edge> edges, boolean indicated) {
    public RevisionGraph {
        nodes = List.copyOf(nodes);
        edges = List.copyOf(edges);
    }

    /** A node's flags, in the order its text lists them (as {@code history} does). */
    public enum Mark { HEAD, EFFECTIVE_HEAD, CURRENT, BRANCH_POINT, MERGE_POINT, BASE }

    /** Whether a revision is applied to the database; UNKNOWN when the database was not asked. */
    public enum Applied { UNKNOWN, YES, NO }

    /**
     * One revision.
     *
     * @param message its message (Alembic's doc), "" if none
     * @param labels  its branch labels (propagated, sorted, as {@code history} shows them)
     * @param marks   head, merge point, ..., and current (a tip of the database's version rows)
     */
    public record Node(String revision, String message, List<String> labels, Set<Mark> marks, Applied applied) {
        public Node {
            labels = List.copyOf(labels);
            marks = Collections.unmodifiableSet(marks.isEmpty() ? EnumSet.noneOf(Mark.class) : EnumSet.copyOf(marks));
        }

        public boolean has(Mark mark) {
            return marks.contains(mark);
        }
    }

    /** PARENT: a down revision; DEPENDS_ON: a {@code depends_on} reference. */
    public enum Kind { PARENT, DEPENDS_ON }

    /** An edge from a lower revision ({@code from}) to the revision that revises or depends on it. */
    public record Edge(String from, String to, Kind kind) {
    }
}
