package dev.retort.graph;

import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The revision graph with Alembic 1.8.1's semantics: identifier resolution, heads and bases,
 * branch labels, and the traversal that orders upgrade, downgrade and history. Pure: no I/O.
 *
 * <p>Identifiers passed to the traversal methods are either a {@code String} (a command-line
 * identifier such as {@code head}, {@code ae10+2}, {@code label@-1}), a {@code List<String>} (a
 * tuple of ids, e.g. the version rows), or {@code null} (base). Results of
 * {@link #getRevisions(Object)} may hold {@code null} (Alembic's None) and {@link #BASE} (the
 * string "base" produced by walking below a base), as in Alembic.
 */
public final class RevisionMap {
    /** The "base" marker produced by walking down past a base revision. */
    public static final Node BASE = new Node(Revision.of("base", List.of(), List.of(), List.of()), -1);

    private static final Pattern RELATIVE =
            Pattern.compile("(?:(.+?)@)?(\\w+)?([+-]\\d+)", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern INTEGER = Pattern.compile("\\s*[+-]?\\d+\\s*");

    private final List<Node> nodes;
    /**
     * The graph cut into segments — maximal linear runs (one parent, whose only child is the next)
     * — so an ancestor set is a few contiguous ranges: chainIndex numbers nodes so that each
     * segment is contiguous, oldest first; segStart/segParents describe each segment.
     */
    private final int[] chainIndex;
    private final int[] segmentOf;
    private final int[] segStart;
    private final int[][] segParents;
    private final Map<String, Node> byId;
    /** ids (map order) then declared labels: Alembic's _revision_map keys. */
    private final LinkedHashMap<String, Node> byKey;
    private final List<Node> heads;
    private final List<Node> realHeads;
    private final List<Node> bases;

    /** Builds the map; validation errors name the offending revision and its file. */
    public RevisionMap(List<Revision> revisions) {
        int size = revisions.size();
        Node[] all = new Node[size];
        byId = new HashMap<>(size * 2);
        byKey = new LinkedHashMap<>(size * 2);
        for (int i = 0; i < size; i++) {
            Revision r = revisions.get(i);
            checkRevision(r);
            Node n = new Node(r, i);
            Node clash = byId.put(r.id(), n);
            if (clash != null) {
                throw new RetortException("Revision " + r.id() + " is present more than once: in "
                        + where(clash.revision()) + " and in " + where(r)
                        + "; give one of them a new Revision ID");
            }
            all[i] = n;
            byKey.put(r.id(), n);
        }
        nodes = List.of(all);
        boolean anyDeps = false;
        for (Node n : all) {
            for (String label : n.revision().branchLabels()) {
                Node used = byKey.get(label);
                if (used != null) {
                    throw RevisionError.of(branchInUse(label, n.id(), used));
                }
                byKey.put(label, n);
            }
            anyDeps |= !n.revision().dependsOn().isEmpty();
        }
        List<List<String>> resolvedDeps = new ArrayList<>(size);   // depends_on entries as revision ids
        for (Node n : all) {
            List<String> resolved = new ArrayList<>();
            for (String dep : n.revision().dependsOn()) {
                Node d = byKey.get(dep);
                if (d == null) {
                    throw new RetortException("Revision " + n.id() + " (" + where(n.revision())
                            + ") depends on '" + dep + "', which is neither a revision id nor a branch label;"
                            + " fix its Depends On / depends_on");
                }
                addUnique(resolved, d.id());
            }
            resolvedDeps.add(resolved);
            List<String> allDown = new ArrayList<>();    // down revisions, then dependencies
            for (String down : n.downRevisions()) {
                addUnique(allDown, down);
            }
            for (String dep : resolved) {
                addUnique(allDown, dep);
            }
            for (String down : allDown) {
                Node d = byId.get(down);
                if (d == null) {
                    throw new RetortException("Revision " + n.id() + " (" + where(n.revision())
                            + ") revises '" + down + "', which does not exist; fix its Revises / down_revision"
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
        for (Node n : all) {
            List<String> resolved = resolvedDeps.get(n.order());
            if (!resolved.isEmpty()) {
                Set<String> inherited = new HashSet<>();
                for (Node a : ancestors(List.of(n), false, false)) {
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
        List<Node> headList = new ArrayList<>();
        List<Node> realHeadList = new ArrayList<>();
        List<Node> baseList = new ArrayList<>();
        for (Node n : all) {
            if (n.isHead()) {
                headList.add(n);
            }
            if (n.isRealHead()) {
                realHeadList.add(n);
            }
            if (n.isBase()) {
                baseList.add(n);
            }
        }
        heads = List.copyOf(headList);
        realHeads = List.copyOf(realHeadList);
        bases = List.copyOf(baseList);

        // Segments: a node continues its parent's segment when it is that parent's only child
        // through normalized parents and has no other parent.
        chainIndex = new int[size];
        segmentOf = new int[size];
        int[] parentEdgeChildren = new int[size];
        for (Node n : all) {
            for (Node p : n.parentNodes) {
                parentEdgeChildren[p.order()]++;
            }
        }
        int[] onlyChild = new int[size];
        java.util.Arrays.fill(onlyChild, -1);
        for (Node n : all) {
            if (n.parentNodes.size() == 1 && parentEdgeChildren[n.parentNodes.get(0).order()] == 1) {
                onlyChild[n.parentNodes.get(0).order()] = n.order();
            }
        }
        int[] starts = new int[size];
        int[] bottoms = new int[size];
        int segments = 0;
        int next = 0;
        for (Node n : all) {
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
        segStart = java.util.Arrays.copyOf(starts, segments);
        segParents = new int[segments][];
        for (int seg = 0; seg < segments; seg++) {
            // parents of a segment's bottom are the tops of their segments: store their segments
            List<Node> ps = all[bottoms[seg]].parentNodes;
            segParents[seg] = new int[ps.size()];
            for (int i = 0; i < ps.size(); i++) {
                segParents[seg][i] = segmentOf[ps.get(i).order()];
            }
        }
        detectCycles(anyDeps);
        addBranchLabels();
    }

    /** Alembic's message for a branch label that another revision already declares. */
    static String branchInUse(String label, String id, Node owner) {
        return "Branch name '" + label + "' in revision " + id + " already used by revision " + owner.id();
    }

    /** Alembic's verify_rev_id: '@', '-' and '+' are not allowed in a revision id. */
    public static void verifyRevisionId(String id) {
        String illegal = Revision.illegalIdMessage(id, "@-+");
        if (illegal != null) {
            throw RevisionError.of(illegal);
        }
    }

    /** The revision whose id or declared branch label is exactly this key, or null. */
    public Node keyOwner(String key) {
        return byKey.get(key);
    }

    private static void checkRevision(Revision r) {
        if (r.downRevisions().contains(r.id())) {
            throw RevisionError.cycle(RevisionError.Kind.LOOP, List.of(r.id()));
        }
        if (r.dependsOn().contains(r.id())) {
            throw RevisionError.cycle(RevisionError.Kind.DEPENDENCY_LOOP, List.of(r.id()));
        }
        verifyRevisionId(r.id());
    }

    private static String where(Revision r) {
        return r.path() == null ? "revision " + r.id() : r.path().toString();
    }

    private static void addUnique(List<String> list, String x) {
        if (!list.contains(x)) {
            list.add(x);
        }
    }

    private void detectCycles(boolean anyDeps) {
        if (nodes.isEmpty()) {
            return;
        }
        if (heads.isEmpty() || bases.isEmpty()) {
            throw RevisionError.cycle(RevisionError.Kind.CYCLE, idsOf(nodes));
        }
        checkSpace(RevisionError.Kind.CYCLE, heads, n -> n.downNodes, bases, n -> n.children);
        if (!anyDeps) {
            return;     // without dependencies the dependency graph is the same graph
        }
        List<Node> realBases = bases.stream().filter(n -> n.revision().dependsOn().isEmpty()).toList();
        if (realHeads.isEmpty() || realBases.isEmpty()) {
            throw RevisionError.cycle(RevisionError.Kind.DEPENDENCY_CYCLE, idsOf(nodes));
        }
        checkSpace(RevisionError.Kind.DEPENDENCY_CYCLE, realHeads, n -> n.allDownNodes, realBases,
                n -> n.allChildren);
    }

    private void checkSpace(RevisionError.Kind kind, List<Node> tops, Function<Node, List<Node>> down,
                            List<Node> bottoms, Function<Node, List<Node>> up) {
        BitSet space = positions(related(tops, down, false));
        space.and(positions(related(bottoms, up, false)));
        if (space.cardinality() != nodes.size()) {
            List<String> missing = nodes.stream().filter(n -> !space.get(n.order())).map(Node::id).sorted().toList();
            throw RevisionError.cycle(kind, missing);
        }
    }

    /** The map positions of these nodes. */
    private BitSet positions(List<Node> ns) {
        BitSet out = new BitSet(nodes.size());
        ns.forEach(n -> out.set(n.order()));
        return out;
    }

    /** Alembic's _add_branches: labels spread to descendants and down the unbranched line. */
    private void addBranchLabels() {
        for (Node n : nodes) {
            List<String> own = n.revision().branchLabels();
            if (own.isEmpty()) {
                continue;
            }
            n.labels.addAll(own);
            Node last = n;
            for (Node d : descendants(List.of(n), false, false)) {
                d.labels.addAll(own);
                last = d;
            }
            Node parent = last;
            while (parent != null && !parent.isRealBranchPoint() && !parent.isMergePoint()) {
                parent.labels.addAll(own);
                parent = parent.downRevisions().isEmpty() ? null : parent.downNodes.get(0);
            }
        }
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

    // ------------------------------------------------------------------ related nodes

    /** Depth-first closure in Alembic's order (a stack; a node is listed when first popped). */
    private List<Node> related(Collection<Node> targets, Function<Node, List<Node>> next, boolean check) {
        BitSet seen = new BitSet(nodes.size());
        List<Node> out = new ArrayList<>();
        boolean track = check && targets.size() > 1;    // one target cannot overlap another
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
                List<String> overlaps = new ArrayList<>();
                for (Node t : targets) {
                    if (t != target && perTarget.contains(t) && !overlaps.contains(t.id())) {
                        overlaps.add(t.id());
                    }
                }
                if (!overlaps.isEmpty()) {
                    throw RevisionError.of("Requested revision " + target.id()
                            + " overlaps with other requested revisions " + String.join(", ", overlaps));
                }
            }
        }
        return out;
    }

    List<Node> ancestors(Collection<Node> targets, boolean includeDependencies, boolean check) {
        return related(requireRevisions(targets), includeDependencies ? n -> n.parentNodes : n -> n.downNodes, check);
    }

    List<Node> descendants(Collection<Node> targets, boolean includeDependencies, boolean check) {
        return related(requireRevisions(targets), includeDependencies ? n -> n.allChildren : n -> n.children, check);
    }

    private static Collection<Node> requireRevisions(Collection<Node> targets) {
        for (Node t : targets) {
            requireRevision(t);
        }
        return targets;
    }

    /** Alembic asserts here (a traceback); retort fails cleanly instead. */
    private static Node requireRevision(Node n) {
        if (n == null || n == BASE) {
            throw RevisionError.of("Relative revision target walks past the base; choose a target that names a"
                    + " revision");
        }
        return n;
    }

    // ------------------------------------------------------------------ resolution

    /** A resolved revision number: the ids (empty = base) and the branch given with '@'. */
    private record Resolved(List<String> ids, String branch, boolean tuple) {
    }

    private Resolved resolveNumber(Object id) {
        String branch = null;
        if (id instanceof String s && s.contains("@")) {
            int at = s.indexOf('@');
            branch = s.substring(0, at);
            id = s.substring(at + 1);
        }
        if ("heads".equals(id)) {
            if (branch != null && !branch.isEmpty()) {
                return new Resolved(idsOf(filterForLineage(heads, branch, false)), branch, false);
            }
            return new Resolved(idsOf(realHeads), branch, false);
        }
        if ("head".equals(id)) {
            Node current = currentHead(branch);
            return new Resolved(current == null ? List.of() : List.of(current.id()), branch, false);
        }
        if (id == null || "base".equals(id)) {
            return new Resolved(List.of(), branch, false);
        }
        if (id instanceof String s) {
            return new Resolved(List.of(s), branch, false);
        }
        @SuppressWarnings("unchecked")
        List<String> tuple = (List<String>) id;
        return new Resolved(tuple, branch, true);
    }

    private static List<String> idsOf(List<Node> ns) {
        return ns.stream().map(Node::id).toList();
    }

    /** Alembic's get_current_head(branch): the single versioned head, optionally on a branch. */
    Node currentHead(String branch) {
        List<Node> hs = heads;
        if (branch != null && !branch.isEmpty()) {
            hs = filterForLineage(hs, branch, false);
        }
        if (hs.size() > 1) {
            throw RevisionError.multipleHeads(idsOf(hs), branch != null && !branch.isEmpty() ? branch + "@head" : "head");
        }
        return hs.isEmpty() ? null : hs.get(0);
    }

    /** Alembic's get_revisions: an identifier, a tuple of them, or null. */
    public List<Node> getRevisions(Object id) {
        if (id instanceof Collection<?> c && !(id instanceof String)) {
            List<Node> out = new ArrayList<>();
            for (Object o : c) {
                out.addAll(getRevisions(o));
            }
            return out;
        }
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
    public Node getRevision(Object id) {
        if (id instanceof Node n) {
            return n;
        }
        Resolved r = resolveNumber(id);
        if (r.ids().size() > 1) {
            throw RevisionError.multipleHeads(r.ids(), pyStr(id));
        }
        return revisionForIdent(r.ids().isEmpty() ? null : r.ids().get(0), r.branch());
    }

    private Node resolveBranch(String label) {
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
                List<String> keys = new ArrayList<>();
                for (String k : byKey.keySet()) {
                    if (k.length() > 3 && k.startsWith(ident)) {
                        keys.add(k);
                    }
                }
                if (branchRev != null) {
                    keys = keys.stream().filter(k -> sharesLineage(byKey.get(k), List.of(checkBranch), false)).toList();
                }
                if (keys.isEmpty()) {
                    throw RevisionError.resolution("No such revision or branch '" + ident + "'"
                            + (ident.length() < 4 ? "; please ensure at least four characters are present for"
                            + " partial revision identifier matches" : ""), ident);
                }
                if (keys.size() > 1) {
                    List<String> quoted = keys.subList(0, Math.min(3, keys.size())).stream()
                            .map(k -> "'" + k + "'").toList();
                    throw RevisionError.resolution("Multiple revisions start with '" + ident + "': "
                            + String.join(", ", quoted) + "...", ident);
                }
                revision = byKey.get(keys.get(0));
            }
        }
        if (check && revision != null && !sharesLineage(revision, List.of(branchRev.id()), false)) {
            throw RevisionError.resolution("Revision " + revision.id() + " is not a member of branch '"
                    + checkBranch + "'", ident);
        }
        return revision;
    }

    /** Alembic's filter_for_lineage: the targets related (ancestor or descendant) to checkAgainst. */
    List<Node> filterForLineage(List<Node> targets, Object checkAgainst, boolean includeDependencies) {
        Resolved r = resolveNumber(checkAgainst);
        List<String> shares = new ArrayList<>();
        if (r.branch() != null && !r.branch().isEmpty()) {
            shares.add(r.branch());
        }
        shares.addAll(r.ids());
        return targets.stream().filter(t -> sharesLineage(t, shares, includeDependencies)).toList();
    }

    private boolean sharesLineage(Node target, List<String> against, boolean includeDependencies) {
        if (against.isEmpty()) {
            return true;
        }
        Set<Node> tests = new HashSet<>();
        for (String a : against) {
            tests.add(revisionForIdent(a, null));
        }
        for (Node n : descendants(List.of(target), includeDependencies, false)) {
            if (tests.contains(n)) {
                return true;
            }
        }
        for (Node n : ancestors(List.of(target), includeDependencies, false)) {
            if (tests.contains(n)) {
                return true;
            }
        }
        return false;
    }

    /** Every revision the rows imply: the rows and all their ancestors, dependencies included. */
    public Set<Node> applied(List<String> rows) {
        List<Node> top = getRevisions(rows).stream().filter(n -> n != null && n != BASE).toList();
        return new LinkedHashSet<>(ancestors(top, true, false));
    }

    /** Alembic's _get_all_current: the applied state reduced to its branch tips (map order). */
    public List<Node> currentTips(List<String> rows) {
        Set<Node> top = new LinkedHashSet<>(getRevisions(rows));
        top.remove(null);
        top.addAll(ancestors(new ArrayList<>(top), true, false));
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
     * @param start a revision, an identifier string (resolved with get_revision) or null (base)
     */
    Node walk(Object start, int steps, String branch, boolean noOverwalk) {
        Node initial = start instanceof String s ? getRevision(s) : (Node) start;
        for (int i = 0; i < Math.abs(steps); i++) {
            List<Node> children;
            if (steps > 0) {
                if (initial == BASE) {
                    throw RevisionError.of("Can't walk up from base with a relative target; name a revision");
                }
                List<Node> up = initial == null ? bases : initial.children;
                children = branch != null && !branch.isEmpty() ? filterForLineage(up, branch, false) : up;
            } else if (initial == BASE) {
                children = List.of();
            } else {
                children = initial == null ? heads : getRevisions(initial.downRevisions());
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

    private static RevisionError didNotProduce(String relative, int n) {
        return RevisionError.of("Relative revision " + relative + " didn't produce " + Math.abs(n) + " migrations");
    }

    /** Result of parsing a downgrade target: the branch given, and the revision (null = base). */
    record DowngradeTarget(String branch, Node revision) {
    }

    DowngradeTarget parseDowngradeTarget(Object current, String target, boolean assertRelativeLength,
                                         Consumer<String> warn) {
        if (target == null) {
            return new DowngradeTarget(null, null);
        }
        Matcher m = RELATIVE.matcher(target);
        if (m.lookingAt()) {
            String branch = m.group(1);
            String symbol = m.group(2);
            String relative = m.group(3);
            int rel = Integer.parseInt(relative);
            if (rel >= 0) {
                if (symbol == null) {
                    throw didNotProduce(relative, rel);
                }
                Node rev = walk(symbol, rel, branch, assertRelativeLength);
                if (rev == null) {
                    throw RevisionError.of("Walked too far");
                }
                return new DowngradeTarget(branch, rev);
            }
            boolean relativeRevision = symbol == null;
            if (relativeRevision) {
                if (branch != null) {
                    List<String> cr = toTuple(current);
                    List<Node> onBranch = filterForLineage(getRevisionsOf(cr), branch, false);
                    if (onBranch.isEmpty()) {
                        onBranch = filterForLineage(currentTips(cr), branch, false);
                    }
                    if (onBranch.size() != 1) {
                        throw RevisionError.of("Relative revision " + relative + " on branch '" + branch
                                + "' is ambiguous: " + onBranch.size() + " current heads are on that branch");
                    }
                    symbol = onBranch.get(0).id();
                } else {
                    List<String> cr = toTuple(current);
                    if (cr.isEmpty()) {
                        throw didNotProduce(relative, rel);
                    }
                    if (new HashSet<>(cr).size() > 1) {
                        warn.accept("downgrade -1 from multiple heads is ambiguous; this usage will be disallowed"
                                + " in a future release.");
                    }
                    symbol = cr.get(0);
                    branch = symbol;
                }
            }
            Node start = branch == null ? getRevision(symbol) : getRevision(branch + "@" + symbol);
            Node rev = walk(start, rel, null, assertRelativeLength);
            if (rev == null) {
                throw relativeRevision ? didNotProduce(relative, rel) : RevisionError.of("Walked too far");
            }
            return new DowngradeTarget(branch, rev);
        }
        int at = target.lastIndexOf('@');
        String branch = at <= 0 ? null : target.substring(0, at);
        return new DowngradeTarget(branch, getRevision(target.substring(at + 1)));
    }

    /** The rows as strings: a tuple of one id per row, as Alembic's to_tuple gives. */
    private static List<String> toTuple(Object current) {
        if (current == null) {
            return List.of();
        }
        if (current instanceof String s) {
            return List.of(s);
        }
        @SuppressWarnings("unchecked")
        List<String> l = (List<String>) current;
        return l;
    }

    private List<Node> getRevisionsOf(List<String> ids) {
        List<Node> out = new ArrayList<>();
        for (Node n : getRevisions(ids)) {
            out.add(requireRevision(n));
        }
        return out;
    }

    List<Node> parseUpgradeTarget(Object current, Object target, boolean assertRelativeLength) {
        Matcher m = target instanceof String s ? RELATIVE.matcher(s) : null;
        if (m == null || !m.lookingAt()) {
            return getRevisions(target);
        }
        List<String> cur = toTuple(current);
        String branch = m.group(1);
        String symbol = m.group(2);
        String relativeText = m.group(3);
        int relative = Integer.parseInt(relativeText);
        if (relative > 0) {
            if (symbol != null) {
                return listOf(walk(getRevision(symbol), relative, branch, assertRelativeLength));
            }
            // Alembic walks from the current revisions as given (strings, resolved by the walk)
            List<Object> startRevs = new ArrayList<>(cur);
            if (cur.isEmpty()) {
                startRevs.add(null);
            }
            if (branch != null) {
                List<Node> given = cur.isEmpty() ? new ArrayList<>() : getRevisionsOf(cur);
                startRevs = new ArrayList<>(filterForLineage(given, branch, false));
                if (startRevs.isEmpty()) {
                    List<Node> active = filterForLineage(ancestors(given, true, false), branch, false);
                    Set<String> downs = new HashSet<>();
                    active.forEach(a -> downs.addAll(a.parents));
                    for (Node a : active) {
                        if (!downs.contains(a.id())) {
                            startRevs.add(a);
                        }
                    }
                    if (startRevs.isEmpty()) {
                        startRevs.add(null);
                    }
                }
            }
            if (startRevs.size() > 1) {
                throw RevisionError.of("Ambiguous upgrade from multiple current revisions");
            }
            Node rev = walk(startRevs.get(0), relative, branch, assertRelativeLength);
            if (rev == null) {
                throw didNotProduce(relativeText, relative);
            }
            return listOf(rev);
        }
        if (symbol == null) {
            throw didNotProduce(String.valueOf(relative), relative);
        }
        Node start = branch == null ? getRevision(symbol) : getRevision(branch + "@" + symbol);
        return listOf(walk(start, relative, null, assertRelativeLength));
    }

    private static List<Node> listOf(Node n) {
        List<Node> l = new ArrayList<>(1);
        l.add(n);
        return l;
    }

    // ------------------------------------------------------------------ collecting and ordering

    /** Revisions to visit and the start points of the ordering. */
    record Collected(Set<Node> revisions, List<Node> starts) {
    }

    Collected collectDowngrade(Object upper, String target, boolean inclusive, boolean implicitBase,
                               boolean assertRelativeLength, Consumer<String> warn) {
        DowngradeTarget dt = parseDowngradeTarget(upper, target, assertRelativeLength, warn);
        Node targetRev = dt.revision() == BASE ? null : dt.revision();
        List<Node> roots = new ArrayList<>();
        if (targetRev == null) {
            for (Map.Entry<String, Node> e : byKey.entrySet()) {
                if (e.getValue().isBase()) {
                    roots.add(e.getValue());
                }
            }
        } else if (inclusive) {
            roots.add(targetRev);
        } else {
            roots.addAll(targetRev.children);
        }
        if (dt.branch() != null && !dt.branch().isEmpty() && roots.size() > 1) {
            Set<Node> anc = new HashSet<>(ancestors(List.of(resolveBranch(dt.branch())), false, false));
            roots = new ArrayList<>(new LinkedHashSet<>(roots.stream().filter(anc::contains).toList()));
            if (roots.isEmpty()) {
                throw RevisionError.of("Not a valid downgrade target from current heads");
            }
        }
        List<Node> headsOfUpper = getRevisions(upper);
        Set<Node> active = new HashSet<>(ancestors(headsOfUpper, true, false));
        Set<Node> down = new LinkedHashSet<>(descendants(roots, true, false));
        down.retainAll(active);
        if (implicitBase) {
            Set<Node> extra = new HashSet<>(active);
            extra.removeAll(ancestors(roots, true, false));
            down.addAll(extra);
        }
        if (targetRev != null && down.isEmpty() && !headsOfUpper.contains(targetRev)) {
            throw RevisionError.rangeNotAncestor("Nothing to drop", upper);
        }
        return new Collected(down, headsOfUpper);
    }

    Collected collectUpgrade(Object upper, Object lower, boolean inclusive, boolean implicitBase,
                             boolean assertRelativeLength, Consumer<String> warn) {
        List<Node> targets = new ArrayList<>();
        for (Node n : parseUpgradeTarget(lower, upper, assertRelativeLength)) {
            targets.add(requireRevision(n));
        }
        if (lower instanceof String s && s.contains("@")) {
            String branch = s.substring(0, s.indexOf('@'));
            Node branchRev = getRevision(branch);
            if (branchRev != null && branchRev.id().equals(branch)) {
                if (branchRev.labels.size() != 1) {
                    throw RevisionError.of("Revision " + branch + " used as a branch must carry exactly one"
                            + " branch label; use a label instead");
                }
                branch = branchRev.labels.iterator().next();
            }
            String label = branch;
            targets = targets.stream().filter(t -> t.labels.contains(label)).toList();
        }
        Set<Node> required = new HashSet<>(ancestors(targets, true, true));
        List<Node> currentRevs = getRevisions(lower);
        if (!implicitBase) {
            for (Node c : currentRevs) {
                if (c != null && !required.contains(c)) {
                    throw RevisionError.rangeNotAncestor(lower, upper);
                }
            }
        }
        if (!currentRevs.isEmpty() && currentRevs.get(0) == null) {
            Node rev = parseDowngradeTarget(upper, (String) lower, assertRelativeLength, warn).revision();
            if (rev == null) {
                throw RevisionError.of("Can't resolve the lower bound '" + lower + "'");
            }
            if (rev == BASE) {
                currentRevs = List.of();
                lower = null;
            } else {
                currentRevs = List.of(rev);
                lower = rev.id();
            }
        }
        Set<Node> currentSet = new HashSet<>(ancestors(currentRevs, true, true));
        Set<Node> needs = new HashSet<>(required);
        needs.removeAll(currentSet);
        if (inclusive) {
            for (Node n : getRevisions(lower)) {
                needs.add(requireRevision(n));
            }
        }
        if (!currentRevs.isEmpty() && !implicitBase) {
            needs.retainAll(new HashSet<>(descendants(currentRevs, false, true)));
        }
        return new Collected(needs, targets);
    }

    /**
     * Alembic's iterate_revisions: the revisions between two bounds, newest first.
     *
     * @param warn receives Alembic's warnings (e.g. "downgrade -1 from multiple heads is ambiguous")
     */
    public List<Node> iterate(Object upper, Object lower, boolean implicitBase, boolean inclusive,
                              boolean assertRelativeLength, boolean selectForDowngrade, Consumer<String> warn) {
        Collected c = selectForDowngrade
                ? collectDowngrade(upper, (String) lower, inclusive, implicitBase, assertRelativeLength, warn)
                : collectUpgrade(upper, lower, inclusive, implicitBase, assertRelativeLength, warn);
        return topologicalSort(c.revisions(), c.starts());
    }

    /** Alembic's _topological_sort (alembic-behaviour.md §3.1), on bit sets of map positions. */
    List<Node> topologicalSort(Set<Node> revisions, List<Node> starts) {
        BitSet todo = new BitSet(nodes.size());
        revisions.forEach(n -> todo.set(n.order()));
        List<Node> current = new ArrayList<>(new LinkedHashSet<>(starts.stream().filter(n -> todo.get(n.order()))
                .sorted(Comparator.comparingInt(Node::order)).toList()));
        List<BitSet> ancestorsByIdx = new ArrayList<>(); // indexed by chainIndex
        for (Node n : current) {
            ancestorsByIdx.add(ancestorBits(n));
        }
        List<Node> out = new ArrayList<>(revisions.size());
        int idx = 0;
        while (!current.isEmpty()) {
            Node candidate = current.get(idx);
            int other = -1;
            for (int j = 0; j < ancestorsByIdx.size(); j++) {
                if (j != idx && ancestorsByIdx.get(j).get(chainIndex[candidate.order()])) {
                    other = j;
                    break;
                }
            }
            if (other >= 0) {
                idx = other;
                continue;
            }
            if (todo.get(candidate.order())) {
                todo.clear(candidate.order());
                out.add(candidate);
            }
            List<Node> toAdd = new ArrayList<>();
            for (Node pn : candidate.parentNodes) {
                if (todo.get(pn.order()) && !current.contains(pn)) {
                    toAdd.add(pn);
                }
            }
            if (toAdd.isEmpty()) {
                current.remove(idx);
                ancestorsByIdx.remove(idx);
                idx = Math.max(idx - 1, 0);
            } else if (candidate.normalizedDeps.isEmpty() && candidate.downRevisions().size() == 1) {
                current.set(idx, toAdd.get(0));
                ancestorsByIdx.get(idx).clear(chainIndex[candidate.order()]);
            } else {
                current.set(idx, toAdd.get(0));
                ancestorsByIdx.set(idx, ancestorBits(toAdd.get(0)));
                for (Node n : toAdd.subList(1, toAdd.size())) {
                    current.add(n);
                    ancestorsByIdx.add(ancestorBits(n));
                }
            }
        }
        if (!todo.isEmpty()) {
            throw RevisionError.of("Internal ordering error: " + todo.cardinality() + " revisions left unordered");
        }
        return out;
    }

    /**
     * ancestors(n) including n, through normalized parents, as chain indexes: the part of n's
     * segment up to n, and every ancestor segment whole.
     */
    private BitSet ancestorBits(Node n) {
        int size = nodes.size();
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
                        stack = java.util.Arrays.copyOf(stack, top * 2);
                    }
                    stack[top++] = p;
                }
            }
        }
        return out;
    }

    /** Python's "%s" of an identifier: a string as is, a tuple as ('a', 'b'). */
    static String pyStr(Object o) {
        if (o instanceof List<?> l) {
            List<String> parts = l.stream().map(x -> "'" + x + "'").toList();
            return "(" + String.join(", ", parts) + (parts.size() == 1 ? ",)" : ")");
        }
        return String.valueOf(o);
    }
}
