package dev.retort.graph;

import static dev.retort.graph.Closure.Links.VERSIONED;
import static dev.retort.graph.Closure.Overlap.ALLOWED;

import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Builds a revision map's nodes in the steps Alembic's RevisionMap takes (alembic-behaviour.md §2):
 * index the ids, add the declared labels, link down revisions and dependencies, normalise the
 * dependencies, find heads and bases, refuse cycles, spread the labels. Every error names the
 * revision and its file.
 */
final class MapBuilder {
    /** What the steps produce: the nodes in map order and the indexes over them. */
    record Built(List<Node> nodes, Map<String, Node> byId, LinkedHashMap<String, Node> byKey,
                 List<Node> heads, List<Node> realHeads, List<Node> bases) {
    }

    private final List<Node> nodes;
    private final Map<String, Node> byId;
    /** ids (map order) then declared labels: Alembic's _revision_map keys. */
    private final LinkedHashMap<String, Node> byKey;
    /** Per node: its depends_on entries as revision ids. */
    private final List<List<String>> resolvedDeps;

    private MapBuilder(int size) {
        nodes = new ArrayList<>(size);
        byId = new HashMap<>(size * 2);
        byKey = new LinkedHashMap<>(size * 2);
        resolvedDeps = new ArrayList<>(size);
    }

    static Built build(List<Revision> revisions) {
        MapBuilder b = new MapBuilder(revisions.size());
        try {
            revisions.forEach(b::index);
            b.nodes.forEach(b::addDeclaredLabels);
            b.nodes.forEach(b::link);
            b.nodes.forEach(b::normaliseDependencies);
            Built built = b.headsAndBases();
            detectCycles(built);
            b.nodes.forEach(MapBuilder::spreadLabels);
            return built;
        } catch (RevisionError e) {
            throw e.withSuffix(filesNamedIn(e.getMessage(), revisions)
                    + ". Fix the revision files' Revises / Depends On / Branch Labels headers.");
        }
    }

    /** "; files: a.sql, b.sql" for the revisions a message mentions ("" if none has a file). */
    private static String filesNamedIn(String message, List<Revision> revisions) {
        List<String> files = revisions.stream().filter(r -> r.location() != null)
                .filter(r -> message.matches("(?s).*[ (,']" + Pattern.quote(r.id()) + "[),' ].*|.*[ (]"
                        + Pattern.quote(r.id()) + "$"))
                .map(Revision::location).toList();
        return files.isEmpty() ? "" : "; files: " + String.join(", ", files);
    }

    /** Step 1: a node per revision, refusing self-loops, illegal ids and duplicate ids. */
    private void index(Revision r) {
        refuseSelfLoopsAndIllegalId(r);
        Node n = new Node(r, nodes.size());
        Node clash = byId.put(r.id(), n);
        if (clash != null) {
            throw new RetortException("Revision " + r.id() + " is present more than once: in "
                    + where(clash.revision()) + " and in " + where(r) + "; give one of them a new Revision ID");
        }
        nodes.add(n);
        byKey.put(r.id(), n);
    }

    private static void refuseSelfLoopsAndIllegalId(Revision r) {
        String loop = Revision.selfLoopMessage(r.id(), r.downRevisions());
        if (loop != null) {
            throw RevisionError.of(RevisionError.Kind.LOOP, loop);
        }
        String depLoop = Revision.dependencySelfLoopMessage(r.id(), r.dependsOn());
        if (depLoop != null) {
            throw RevisionError.of(RevisionError.Kind.DEPENDENCY_LOOP, depLoop);
        }
        String illegal = Revision.illegalIdMessage(r.id());
        if (illegal != null) {
            throw RevisionError.of(illegal);
        }
    }

    /** Step 2: declared branch labels become keys, after every id. */
    private void addDeclaredLabels(Node n) {
        for (String label : n.revision().branchLabels()) {
            Node used = byKey.get(label);
            if (used != null) {
                throw RevisionError.of(branchInUse(label, n.id(), used));
            }
            byKey.put(label, n);
        }
    }

    /** Alembic's message for a branch label that another revision already declares. */
    static String branchInUse(String label, String id, Node owner) {
        return "Branch name '" + label + "' in revision " + id + " already used by revision " + owner.id();
    }

    /** Step 3: depends_on entries resolved to ids (labels allowed), then every down link in both directions. */
    private void link(Node n) {
        List<String> resolved = new ArrayList<>();
        for (String dep : n.revision().dependsOn()) {
            Node d = byKey.get(dep);
            if (d == null) {
                throw new RetortException("Revision " + n.id() + " (" + where(n.revision()) + ") depends on '"
                        + dep + "', which is neither a revision id nor a branch label;"
                        + " fix its Depends On / depends_on");
            }
            addUnique(resolved, d.id());
        }
        resolvedDeps.add(resolved);
        List<String> allDown = new ArrayList<>();    // down revisions, then dependencies
        n.downRevisions().forEach(down -> addUnique(allDown, down));
        resolved.forEach(dep -> addUnique(allDown, dep));
        for (String down : allDown) {
            Node d = byId.get(down);
            if (d == null) {
                throw new RetortException("Revision " + n.id() + " (" + where(n.revision()) + ") revises '" + down
                        + "', which does not exist; fix its Revises / down_revision"
                        + " or restore the missing revision file");
            }
            d.allChildren.add(n);
            n.allDownNodes.add(d);
            if (n.downRevisions().contains(down)) {
                n.downNodes.add(d);
                d.children.add(n);
            }
        }
    }

    /**
     * Step 4: Alembic's _normalized_dependencies (a dependency an ancestor already has is dropped),
     * and the normalized parents: down revisions, then those dependencies.
     */
    private void normaliseDependencies(Node n) {
        List<String> resolved = resolvedDeps.get(n.order());
        if (!resolved.isEmpty()) {
            Set<String> inherited = new HashSet<>();
            for (Node a : Closure.ancestors(List.of(n), VERSIONED, ALLOWED)) {
                if (a != n) {
                    inherited.addAll(resolvedDeps.get(a.order()));
                }
            }
            for (String d : resolved) {
                if (!inherited.contains(d)) {
                    n.normalizedDeps.add(d);
                }
            }
        }
        n.downRevisions().forEach(x -> addUnique(n.parents, x));
        n.normalizedDeps.forEach(x -> addUnique(n.parents, x));
        n.parents.forEach(x -> n.parentNodes.add(byId.get(x)));
    }

    /** Step 5: heads, real heads and bases, in map order. */
    private Built headsAndBases() {
        return new Built(List.copyOf(nodes), byId, byKey, nodes.stream().filter(Node::isHead).toList(),
                nodes.stream().filter(Node::isRealHead).toList(), nodes.stream().filter(Node::isBase).toList());
    }

    /** Step 6: Alembic's _detect_cycles, through down revisions and then through all links. */
    private static void detectCycles(Built g) {
        if (g.nodes().isEmpty()) {
            return;
        }
        if (g.heads().isEmpty() || g.bases().isEmpty()) {
            throw RevisionError.cycle(RevisionError.Kind.CYCLE, idsOf(g.nodes()));
        }
        checkSpace(g.nodes(), RevisionError.Kind.CYCLE, g.heads(), n -> n.downNodes, g.bases(), n -> n.children);
        if (g.nodes().stream().allMatch(n -> n.revision().dependsOn().isEmpty())) {
            return;     // without dependencies the dependency graph is the same graph
        }
        List<Node> realBases = g.bases().stream().filter(n -> n.revision().dependsOn().isEmpty()).toList();
        if (g.realHeads().isEmpty() || realBases.isEmpty()) {
            throw RevisionError.cycle(RevisionError.Kind.DEPENDENCY_CYCLE, idsOf(g.nodes()));
        }
        checkSpace(g.nodes(), RevisionError.Kind.DEPENDENCY_CYCLE, g.realHeads(), n -> n.allDownNodes, realBases,
                n -> n.allChildren);
    }

    /** Every node must lie below a top and above a bottom; the others are on a cycle. */
    private static void checkSpace(List<Node> nodes, RevisionError.Kind kind, List<Node> tops,
                                   Function<Node, List<Node>> down, List<Node> bottoms, Function<Node, List<Node>> up) {
        BitSet space = positions(Closure.related(tops, down, ALLOWED));
        space.and(positions(Closure.related(bottoms, up, ALLOWED)));
        if (space.cardinality() != nodes.size()) {
            List<String> missing = nodes.stream().filter(n -> !space.get(n.order())).map(Node::id).sorted().toList();
            throw RevisionError.cycle(kind, missing);
        }
    }

    private static BitSet positions(List<Node> ns) {
        BitSet out = new BitSet();
        ns.forEach(n -> out.set(n.order()));
        return out;
    }

    /** Step 7: Alembic's _add_branches: labels spread to descendants and down the unbranched line. */
    private static void spreadLabels(Node n) {
        List<String> own = n.revision().branchLabels();
        if (own.isEmpty()) {
            return;
        }
        n.labels.addAll(own);
        Node last = n;
        for (Node d : Closure.descendants(List.of(n), VERSIONED, ALLOWED)) {
            d.labels.addAll(own);
            last = d;
        }
        Node parent = last;
        while (parent != null && !parent.isRealBranchPoint() && !parent.isMergePoint()) {
            parent.labels.addAll(own);
            parent = parent.downRevisions().isEmpty() ? null : parent.downNodes.get(0);
        }
    }

    static List<String> idsOf(List<Node> ns) {
        return ns.stream().map(Node::id).toList();
    }

    private static String where(Revision r) {
        return r.location() == null ? "revision " + r.id() : r.location();
    }

    private static void addUnique(List<String> list, String x) {
        if (!list.contains(x)) {
            list.add(x);
        }
    }
}
