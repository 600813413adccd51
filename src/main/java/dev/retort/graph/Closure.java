package dev.retort.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/** Ancestors and descendants: Alembic's _iterate_related_revisions, a depth-first closure over the links. */
final class Closure {
    /** Which links a closure follows. */
    enum Links {
        /** down_revision only (and children through it). */
        VERSIONED,
        /** down_revision and depends_on. */
        WITH_DEPENDENCIES
    }

    /** Whether the targets of one closure may lie on each other's paths. */
    enum Overlap {
        ALLOWED,
        /** Alembic's check_ancestors: "Requested revision X overlaps with other requested revisions". */
        REFUSED
    }

    private Closure() {
    }

    /** The targets and their ancestors, in Alembic's order. */
    static List<Node> ancestors(Collection<Node> targets, Links links, Overlap overlap) {
        return related(requireRevisions(targets), links == Links.WITH_DEPENDENCIES ? n -> n.parentNodes
                : n -> n.downNodes, overlap);
    }

    /** The targets and their descendants, in Alembic's order. */
    static List<Node> descendants(Collection<Node> targets, Links links, Overlap overlap) {
        return related(requireRevisions(targets), links == Links.WITH_DEPENDENCIES ? n -> n.allChildren
                : n -> n.children, overlap);
    }

    /** Depth-first closure in Alembic's order (a stack; a node is listed when first popped). */
    static List<Node> related(Collection<Node> targets, Function<Node, List<Node>> next, Overlap overlap) {
        BitSet seen = new BitSet();
        List<Node> out = new ArrayList<>();
        boolean track = overlap == Overlap.REFUSED && targets.size() > 1;    // one target cannot overlap another
        Deque<Node> todo = new ArrayDeque<>();
        for (Node target : targets) {
            todo.addLast(target);
            Set<Node> perTarget = track ? new HashSet<>() : null;
            while (!todo.isEmpty()) {
                Node rev = todo.pollLast();
                if (track) {
                    perTarget.add(rev);
                }
                if (seen.get(rev.order())) {
                    continue;
                }
                seen.set(rev.order());
                List<Node> more = next.apply(rev);
                for (int i = 0; i < more.size(); i++) {
                    todo.addLast(more.get(i));
                }
                out.add(rev);
            }
            if (track) {
                refuseOverlap(targets, target, perTarget);
            }
        }
        return out;
    }

    private static void refuseOverlap(Collection<Node> targets, Node target, Set<Node> reached) {
        List<String> overlaps = new ArrayList<>();
        for (Node t : targets) {
            if (t != target && reached.contains(t) && !overlaps.contains(t.id())) {
                overlaps.add(t.id());
            }
        }
        if (!overlaps.isEmpty()) {
            throw RevisionError.of("Requested revision " + target.id()
                    + " overlaps with other requested revisions " + String.join(", ", overlaps));
        }
    }

    private static Collection<Node> requireRevisions(Collection<Node> targets) {
        for (Node t : targets) {
            requireRevision(t);
        }
        return targets;
    }

    /** Alembic asserts here (a traceback); retort fails cleanly instead. */
    static Node requireRevision(Node n) {
        if (n == null || n == RevisionMap.BASE) {
            throw RevisionError.of("Relative revision target walks past the base; choose a target that names a"
                    + " revision");
        }
        return n;
    }
}
