package dev.retort.graph;

import static dev.retort.graph.Closure.Links.VERSIONED;
import static dev.retort.graph.Closure.Links.WITH_DEPENDENCIES;
import static dev.retort.graph.Closure.Overlap.ALLOWED;

import dev.retort.script.Revision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The revision graph with Alembic 1.8.1's semantics: the map (built by {@link MapBuilder}),
 * identifier resolution, heads and bases, and the walk of relative identifiers. Ordering a range
 * is {@link Traversal}'s; what commands ask with Alembic's command messages is {@link Queries}'s.
 * Pure: no I/O. Every error is a {@link dev.retort.api.RetortException}.
 *
 * <p>Results of {@link #getRevisions(Target)} may hold {@code null} (Alembic's None) and
 * {@link #BASE} (the string "base" produced by walking below a base), as in Alembic.
 */
public final class RevisionMap {
    /** The "base" marker produced by walking down past a base revision. */
    public static final Node BASE = new Node(Revision.of("base", List.of(), List.of(), List.of()), -1);

    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private final List<Node> nodes;
    private final Map<String, Node> byId;
    /** ids (map order) then declared labels: Alembic's _revision_map keys. */
    private final LinkedHashMap<String, Node> byKey;
    private final List<Node> heads;
    private final List<Node> realHeads;
    private final List<Node> bases;
    private final Segments segments;

    /** Builds the map; validation errors name the offending revision and its file. */
    public RevisionMap(List<Revision> revisions) {
        MapBuilder.Built g = MapBuilder.build(revisions);
        nodes = g.nodes();
        byId = g.byId();
        byKey = g.byKey();
        heads = g.heads();
        realHeads = g.realHeads();
        bases = g.bases();
        segments = new Segments(nodes);
    }

    // ------------------------------------------------------------------ accessors

    /** All revisions in map order. */
    public List<Node> nodes() {
        return nodes;
    }

    /** Versioned heads (no child through down_revision), in map order. */
    public List<Node> heads() {
        return heads;
    }

    /** Real heads (no child at all), in map order. */
    public List<Node> realHeads() {
        return realHeads;
    }

    public List<Node> bases() {
        return bases;
    }

    /** The revision with exactly this id, or null. */
    public Node byId(String id) {
        return byId.get(id);
    }

    /** The revision whose id or declared branch label is exactly this key, or null. */
    public Node keyOwner(String key) {
        return byKey.get(key);
    }

    /** Keys (ids in map order, then declared labels) with their revisions. */
    Collection<Node> keyOwners() {
        return byKey.values();
    }

    Segments segments() {
        return segments;
    }

    List<Node> ancestors(Collection<Node> targets, Closure.Links links) {
        return Closure.ancestors(targets, links, ALLOWED);
    }

    List<Node> descendants(Collection<Node> targets, Closure.Links links) {
        return Closure.descendants(targets, links, ALLOWED);
    }

    // ------------------------------------------------------------------ ranges

    /**
     * Alembic's iterate_revisions: the revisions between two bounds, newest first.
     *
     * @param warn receives Alembic's warnings (e.g. "downgrade -1 from multiple heads is ambiguous")
     */
    public List<Node> iterate(Target upper, Target lower, Set<IterateOption> options, Consumer<String> warn) {
        return new Traversal(this).iterate(upper, lower, options, warn);
    }

    // ------------------------------------------------------------------ resolution

    /** A resolved revision number: the ids (empty = base) and the branch given with '@'. */
    private record Resolved(List<String> ids, String branch) {
    }

    /** Alembic's _resolve_revision_number for one identifier (null = base). */
    private Resolved resolveNumber(String id) {
        String branch = null;
        if (id != null && id.contains("@")) {
            int at = id.indexOf('@');
            branch = id.substring(0, at);
            id = id.substring(at + 1);
        }
        if ("heads".equals(id)) {
            if (branch != null && !branch.isEmpty()) {
                return new Resolved(MapBuilder.idsOf(filterForLineage(heads, branch, VERSIONED)), branch);
            }
            return new Resolved(MapBuilder.idsOf(realHeads), branch);
        }
        if ("head".equals(id)) {
            Node current = currentHead(branch);
            return new Resolved(current == null ? List.of() : List.of(current.id()), branch);
        }
        if (id == null || "base".equals(id)) {
            return new Resolved(List.of(), branch);
        }
        return new Resolved(List.of(id), branch);
    }

    /** Alembic's get_current_head(branch): the single versioned head, optionally on a branch. */
    Node currentHead(String branch) {
        List<Node> hs = heads;
        if (branch != null && !branch.isEmpty()) {
            hs = filterForLineage(hs, branch, VERSIONED);
        }
        if (hs.size() > 1) {
            throw RevisionError.multipleHeads(MapBuilder.idsOf(hs),
                    branch != null && !branch.isEmpty() ? branch + "@head" : "head");
        }
        return hs.isEmpty() ? null : hs.get(0);
    }

    /** Alembic's get_revisions: the revisions a target stands for (a tuple: each of its ids). */
    public List<Node> getRevisions(Target target) {
        if (target instanceof Target.Tuple t) {
            List<Node> out = new ArrayList<>();
            for (String id : t.ids()) {
                out.addAll(getRevisions(id));
            }
            return out;
        }
        return getRevisions(target instanceof Target.Symbol s ? s.text() : null);
    }

    private List<Node> getRevisions(String id) {
        Resolved r = resolveNumber(id);
        if (r.ids().size() == 1 && INTEGER.matcher(r.ids().get(0)).matches()) {
            int steps = parseInt(r.ids().get(0));
            if (steps < 0) {
                List<Node> selectHeads = getRevisions("heads");
                if (r.branch() != null) {
                    selectHeads = selectHeads.stream().filter(h -> h.labels.contains(r.branch())).toList();
                }
                List<Node> out = new ArrayList<>();
                for (Node h : selectHeads) {
                    out.add(walk(h, steps, null, true));
                }
                return out;
            }
        }
        List<Node> out = new ArrayList<>();
        for (String rid : r.ids()) {
            out.add(revisionForIdent(rid, r.branch()));
        }
        return out;
    }

    private static int parseInt(String s) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return Integer.MAX_VALUE; // not a small integer: treated as an identifier
        }
    }

    /** Alembic's get_revision: at most one revision (null = base). */
    public Node getRevision(String id) {
        Resolved r = resolveNumber(id);
        if (r.ids().size() > 1) {
            throw RevisionError.multipleHeads(r.ids(), String.valueOf(id));
        }
        return revisionForIdent(r.ids().isEmpty() ? null : r.ids().get(0), r.branch());
    }

    /** The revision of a branch given before '@': an exact key, else a unique prefix. */
    Node resolveBranch(String label) {
        Node exact = byKey.get(label);
        if (exact != null) {
            return exact;
        }
        try {
            return revisionForIdent(label, null);
        } catch (RevisionError e) {
            if (e.kind() != RevisionError.Kind.RESOLUTION_ERROR) {
                throw e;
            }
            throw RevisionError.resolution("No such branch: '" + label + "'", label);
        }
    }

    /** @param ident an exact key or prefix; null means base (returns null) */
    private Node revisionForIdent(String ident, String checkBranch) {
        boolean check = checkBranch != null && !checkBranch.isEmpty();
        Node branchRev = check ? resolveBranch(checkBranch) : null;
        Node revision = null;
        if (ident != null) {
            revision = byKey.get(ident);
            if (revision == null) {
                revision = byPrefix(ident, branchRev == null ? null : checkBranch);
            }
        }
        if (check && revision != null && !sharesLineage(revision, List.of(branchRev.id()), VERSIONED)) {
            throw RevisionError.resolution("Revision " + revision.id() + " is not a member of branch '"
                    + checkBranch + "'", ident);
        }
        return revision;
    }

    /** The one key longer than three characters that starts with the prefix (on the branch, if given). */
    private Node byPrefix(String prefix, String branch) {
        List<String> keys = new ArrayList<>();
        for (String k : byKey.keySet()) {
            if (k.length() > 3 && k.startsWith(prefix)) {
                keys.add(k);
            }
        }
        if (branch != null) {
            keys = keys.stream().filter(k -> sharesLineage(byKey.get(k), List.of(branch), VERSIONED)).toList();
        }
        if (keys.isEmpty()) {
            throw RevisionError.resolution("No such revision or branch '" + prefix + "'"
                    + (prefix.length() < 4 ? "; please ensure at least four characters are present for"
                    + " partial revision identifier matches" : ""), prefix);
        }
        if (keys.size() > 1) {
            List<String> quoted = keys.subList(0, Math.min(3, keys.size())).stream()
                    .map(k -> "'" + k + "'").toList();
            throw RevisionError.resolution("Multiple revisions start with '" + prefix + "': "
                    + String.join(", ", quoted) + "...", prefix);
        }
        return byKey.get(keys.get(0));
    }

    /** Alembic's filter_for_lineage: the targets related (ancestor or descendant) to checkAgainst. */
    List<Node> filterForLineage(List<Node> targets, String checkAgainst, Closure.Links links) {
        Resolved r = resolveNumber(checkAgainst);
        List<String> shares = new ArrayList<>();
        if (r.branch() != null && !r.branch().isEmpty()) {
            shares.add(r.branch());
        }
        shares.addAll(r.ids());
        return targets.stream().filter(t -> sharesLineage(t, shares, links)).toList();
    }

    private boolean sharesLineage(Node target, List<String> against, Closure.Links links) {
        if (against.isEmpty()) {
            return true;
        }
        Set<Node> tests = new HashSet<>();
        for (String a : against) {
            tests.add(revisionForIdent(a, null));
        }
        for (Node n : descendants(List.of(target), links)) {
            if (tests.contains(n)) {
                return true;
            }
        }
        for (Node n : ancestors(List.of(target), links)) {
            if (tests.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** Every revision the rows imply: the rows and all their ancestors, dependencies included. */
    public Set<Node> applied(List<String> rows) {
        List<Node> top = getRevisions(Target.of(rows)).stream().filter(n -> n != null && n != BASE).toList();
        return new LinkedHashSet<>(ancestors(top, WITH_DEPENDENCIES));
    }

    /** Alembic's _get_all_current: the applied state reduced to its branch tips (map order). */
    public List<Node> currentTips(List<String> rows) {
        Set<Node> top = new LinkedHashSet<>(getRevisions(Target.of(rows)));
        top.remove(null);
        top.addAll(ancestors(new ArrayList<>(top), WITH_DEPENDENCIES));
        return tips(top);
    }

    /** An applied set (closed under ancestors) reduced to its branch tips, in map order. */
    public List<Node> tips(Set<Node> applied) {
        return nodes.stream().filter(applied::contains)
                .filter(n -> n.children.stream().noneMatch(applied::contains)).toList();
    }

    // ------------------------------------------------------------------ walking

    /**
     * Alembic's _walk: steps up (+) or down (-) one unambiguous link at a time.
     *
     * @param start      a revision, or null (base)
     * @param noOverwalk return null instead of stopping at the end of the line
     */
    Node walk(Node start, int steps, String branch, boolean noOverwalk) {
        Node initial = start;
        for (int i = 0; i < Math.abs(steps); i++) {
            List<Node> children;
            if (steps > 0) {
                if (initial == BASE) {
                    throw RevisionError.of("Can't walk up from base with a relative target; name a revision");
                }
                List<Node> up = initial == null ? bases : initial.children;
                children = branch != null && !branch.isEmpty() ? filterForLineage(up, branch, VERSIONED) : up;
            } else if (initial == BASE) {
                children = List.of();
            } else {
                children = initial == null ? heads : getRevisions(Target.of(initial.downRevisions()));
                if (children.isEmpty()) {
                    children = List.of(BASE);
                }
            }
            if (children.isEmpty()) {
                return noOverwalk ? null : initial;
            }
            if (children.size() > 1) {
                throw RevisionError.of("Ambiguous walk");
            }
            initial = children.get(0);
        }
        return initial;
    }
}
