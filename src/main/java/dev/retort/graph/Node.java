package dev.retort.graph;

import dev.retort.script.Revision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A revision placed in the graph: its links and the flags Alembic derives from them. Built once by
 * {@link MapBuilder}; read-only afterwards.
 */
public final class Node {
    private final Revision revision;
    private final int order;
    /** depends_on entries (as ids) not already depended on by an ancestor. */
    final List<String> normalizedDeps = new ArrayList<>();
    /** down revisions followed by normalized dependencies, duplicates removed. */
    final List<String> parents = new ArrayList<>();
    /** The same links as nodes: down revisions, all down revisions, normalized parents. */
    final List<Node> downNodes = new ArrayList<>();
    final List<Node> allDownNodes = new ArrayList<>();
    final List<Node> parentNodes = new ArrayList<>();
    final List<Node> children = new ArrayList<>();
    final List<Node> allChildren = new ArrayList<>();
    final Set<String> labels = new TreeSet<>();

    Node(Revision revision, int order) {
        this.revision = revision;
        this.order = order;
    }

    public Revision revision() {
        return revision;
    }

    public String id() {
        return revision.id();
    }

    /** Position in map (file load) order. */
    public int order() {
        return order;
    }

    public List<String> downRevisions() {
        return revision.downRevisions();
    }

    /** Alembic's _normalized_down_revisions: down revisions then normalized dependencies. */
    public List<String> parents() {
        return Collections.unmodifiableList(parents);
    }

    /** Children through down_revision only, in map order. */
    public List<Node> children() {
        return Collections.unmodifiableList(children);
    }

    /** Propagated branch labels, sorted. */
    public Set<String> labels() {
        return Collections.unmodifiableSet(labels);
    }

    public boolean isHead() {
        return children.isEmpty();
    }

    public boolean isRealHead() {
        return allChildren.isEmpty();
    }

    public boolean isBase() {
        return revision.downRevisions().isEmpty();
    }

    public boolean isBranchPoint() {
        return children.size() > 1;
    }

    boolean isRealBranchPoint() {
        return allChildren.size() > 1;
    }

    public boolean isMergePoint() {
        return revision.downRevisions().size() > 1;
    }

    @Override
    public String toString() {
        return id();
    }
}
