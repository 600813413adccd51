package dev.retort.graph;

import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The graph cut into segments — maximal linear runs (one parent, whose only child is the next) —
 * so that an ancestor set is a few contiguous ranges of bits. The topological sort asks for the
 * ancestors of each line it follows; this answers in time proportional to the segments, not the
 * revisions.
 */
final class Segments {
    /** Per node (map position): its position when nodes are numbered segment by segment, oldest first. */
    private final int[] chainIndex;
    /** Per node: its segment. */
    private final int[] segmentOf;
    /** Per segment: the chain index of its oldest node. */
    private final int[] segStart;
    /** Per segment: the segments of its oldest node's parents. */
    private final int[][] segParents;

    /** Indexes the nodes; a node continues its parent's segment when it is that parent's only child. */
    Segments(List<Node> nodes) {
        int size = nodes.size();
        chainIndex = new int[size];
        segmentOf = new int[size];
        int[] onlyChild = onlyChildren(nodes);
        int[] starts = new int[size];
        int[] bottoms = new int[size];
        int segments = 0;
        int next = 0;
        for (Node n : nodes) {
            if (n.parentNodes.size() == 1 && onlyChild[n.parentNodes.get(0).order()] == n.order()) {
                continue;               // not the bottom of its segment
            }
            int seg = segments++;
            starts[seg] = next;
            bottoms[seg] = n.order();
            for (int x = n.order(); x >= 0; x = onlyChild[x]) {
                segmentOf[x] = seg;
                chainIndex[x] = next++;
            }
        }
        segStart = Arrays.copyOf(starts, segments);
        segParents = new int[segments][];
        for (int seg = 0; seg < segments; seg++) {
            // parents of a segment's bottom are the tops of their segments: store their segments
            List<Node> ps = nodes.get(bottoms[seg]).parentNodes;
            segParents[seg] = new int[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                segParents[seg][i] = segmentOf[ps.get(i).order()];
            }
        }
    }

    /** Per node: the map position of its only child through normalized parents (which has no other parent), or -1. */
    private static int[] onlyChildren(List<Node> nodes) {
        int[] parentEdgeChildren = new int[nodes.size()];
        for (Node n : nodes) {
            for (Node p : n.parentNodes) {
                parentEdgeChildren[p.order()]++;
            }
        }
        int[] onlyChild = new int[nodes.size()];
        Arrays.fill(onlyChild, -1);
        for (Node n : nodes) {
            if (n.parentNodes.size() == 1 && parentEdgeChildren[n.parentNodes.get(0).order()] == 1) {
                onlyChild[n.parentNodes.get(0).order()] = n.order();
            }
        }
        return onlyChild;
    }

    /** The node's bit in {@link #ancestorBits} sets. */
    int bit(Node n) {
        return chainIndex[n.order()];
    }

    /**
     * ancestors(n) including n, through normalized parents, as chain indexes: the part of n's
     * segment up to n, and every ancestor segment whole.
     */
    BitSet ancestorBits(Node n) {
        int size = chainIndex.length;
        BitSet out = new BitSet(size);
        int seg = segmentOf[n.order()];
        out.set(segStart[seg], chainIndex[n.order()] + 1);
        BitSet seen = new BitSet(segStart.length);
        seen.set(seg);
        int[] stack = new int[16];
        int top = 0;
        stack[top++] = seg;
        while (top > 0) {
            for (int p : segParents[stack[--top]]) {
                if (!seen.get(p)) {
                    seen.set(p);
                    out.set(segStart[p], p + 1 < segStart.length ? segStart[p + 1] : size);
                    if (top == stack.length) {
                        stack = Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = p;
                }
            }
        }
        return out;
    }
}
