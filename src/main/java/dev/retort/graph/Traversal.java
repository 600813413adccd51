package dev.retort.graph;

import static dev.retort.graph.Closure.Links.VERSIONED;
import static dev.retort.graph.Closure.Links.WITH_DEPENDENCIES;
import static dev.retort.graph.Closure.Overlap.REFUSED;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Alembic's iterate_revisions: the bounds of a range parsed (relative targets included), the
 * revisions between them collected, and those put in Alembic's order by its topological sort.
 */
final class Traversal {
    private static final Pattern RELATIVE =
            Pattern.compile("(?:(.+?)@)?(\\w+)?([+-]\\d+)", Pattern.UNICODE_CHARACTER_CLASS);

    private final RevisionMap map;

    Traversal(RevisionMap map) {
        this.map = map;
    }

    /** See {@link RevisionMap#iterate}. */
    List<Node> iterate(Target upper, Target lower, Set<IterateOption> options, Consumer<String> warn) {
        boolean inclusive = options.contains(IterateOption.INCLUSIVE);
        boolean implicitBase = options.contains(IterateOption.IMPLICIT_BASE);
        boolean assertRelativeLength = options.contains(IterateOption.ASSERT_RELATIVE_LENGTH);
        Collected c = options.contains(IterateOption.SELECT_FOR_DOWNGRADE)
                ? collectDowngrade(upper, symbol(lower), inclusive, implicitBase, assertRelativeLength, warn)
                : collectUpgrade(upper, lower, inclusive, implicitBase, assertRelativeLength, warn);
        return topologicalSort(c.revisions(), c.starts());
    }

    /** A downgrade's lower bound is one identifier (or none). */
    private static String symbol(Target t) {
        if (t instanceof Target.Tuple) {
            throw new IllegalArgumentException("a downgrade target is one identifier, not " + t.pyStr());
        }
        return t instanceof Target.Symbol s ? s.text() : null;
    }

    // ------------------------------------------------------------------ the bounds

    private static RevisionError didNotProduce(String relative, int n) {
        return RevisionError.of("Relative revision " + relative + " didn't produce " + Math.abs(n) + " migrations");
    }

    /** Result of parsing a downgrade target: the branch given, and the revision (null = base). */
    record DowngradeTarget(String branch, Node revision) {
    }

    DowngradeTarget parseDowngradeTarget(Target current, String target, boolean assertRelativeLength,
                                         Consumer<String> warn) {
        if (target == null) {
            return new DowngradeTarget(null, null);
        }
        Matcher m = RELATIVE.matcher(target);
        if (!m.lookingAt()) {
            int at = target.lastIndexOf('@');
            String branch = at <= 0 ? null : target.substring(0, at);
            return new DowngradeTarget(branch, map.getRevision(target.substring(at + 1)));
        }
        String branch = m.group(1);
        String symbol = m.group(2);
        String relative = m.group(3);
        int rel = Integer.parseInt(relative);
        if (rel >= 0) {
            if (symbol == null) {
                throw didNotProduce(relative, rel);
            }
            Node rev = map.walk(map.getRevision(symbol), rel, branch, assertRelativeLength);
            if (rev == null) {
                throw RevisionError.of("Walked too far");
            }
            return new DowngradeTarget(branch, rev);
        }
        boolean relativeRevision = symbol == null;
        if (relativeRevision) {
            WalkFrom from = downgradeStart(current.tuple(), branch, relative, warn);
            branch = from.branch();
            symbol = from.revision();
        }
        Node start = branch == null ? map.getRevision(symbol) : map.getRevision(branch + "@" + symbol);
        Node rev = map.walk(start, rel, null, assertRelativeLength);
        if (rev == null) {
            throw relativeRevision ? didNotProduce(relative, rel) : RevisionError.of("Walked too far");
        }
        return new DowngradeTarget(branch, rev);
    }

    /** Where a relative downgrade walks from: a revision id, on a branch (or null). */
    private record WalkFrom(String branch, String revision) {
    }

    /** Where {@code -N} (or {@code branch@-N}) walks down from: the one current revision (on the branch). */
    private WalkFrom downgradeStart(List<String> cr, String branch, String relative, Consumer<String> warn) {
        if (branch != null) {
            List<Node> onBranch = map.filterForLineage(requireRevisions(cr), branch, VERSIONED);
            if (onBranch.isEmpty()) {
                onBranch = map.filterForLineage(map.currentTips(cr), branch, VERSIONED);
            }
            if (onBranch.size() != 1) {
                throw RevisionError.of("Relative revision " + relative + " on branch '" + branch
                        + "' is ambiguous: " + onBranch.size() + " current heads are on that branch");
            }
            return new WalkFrom(branch, onBranch.get(0).id());
        }
        if (cr.isEmpty()) {
            throw didNotProduce(relative, Integer.parseInt(relative));
        }
        if (new HashSet<>(cr).size() > 1) {
            warn.accept("downgrade -1 from multiple heads is ambiguous; this usage will be disallowed"
                    + " in a future release.");
        }
        return new WalkFrom(cr.get(0), cr.get(0));     // Alembic uses the row as its own branch
    }

    private List<Node> requireRevisions(List<String> ids) {
        List<Node> out = new ArrayList<>();
        for (Node n : map.getRevisions(Target.of(ids))) {
            out.add(Closure.requireRevision(n));
        }
        return out;
    }

    List<Node> parseUpgradeTarget(Target current, Target target, boolean assertRelativeLength) {
        Matcher m = target instanceof Target.Symbol s ? RELATIVE.matcher(s.text()) : null;
        if (m == null || !m.lookingAt()) {
            return map.getRevisions(target);
        }
        String branch = m.group(1);
        String symbol = m.group(2);
        String relativeText = m.group(3);
        int relative = Integer.parseInt(relativeText);
        if (relative <= 0) {
            if (symbol == null) {
                throw didNotProduce(String.valueOf(relative), relative);
            }
            Node start = branch == null ? map.getRevision(symbol) : map.getRevision(branch + "@" + symbol);
            return listOf(map.walk(start, relative, null, assertRelativeLength));
        }
        if (symbol != null) {
            return listOf(map.walk(map.getRevision(symbol), relative, branch, assertRelativeLength));
        }
        Node rev = map.walk(upgradeStart(current.tuple(), branch), relative, branch, assertRelativeLength);
        if (rev == null) {
            throw didNotProduce(relativeText, relative);
        }
        return listOf(rev);
    }

    /** Where {@code +N} (or {@code branch@+N}) walks from: the one current revision (on the branch), or base. */
    private Node upgradeStart(List<String> cur, String branch) {
        if (branch == null) {
            // Alembic walks from the current revisions as given (resolved only once one is chosen)
            if (cur.size() > 1) {
                throw RevisionError.of("Ambiguous upgrade from multiple current revisions");
            }
            return cur.isEmpty() ? null : map.getRevision(cur.get(0));
        }
        List<Node> given = cur.isEmpty() ? new ArrayList<>() : requireRevisions(cur);
        List<Node> starts = new ArrayList<>(map.filterForLineage(given, branch, VERSIONED));
        if (starts.isEmpty()) {
            List<Node> active = map.filterForLineage(map.ancestors(given, WITH_DEPENDENCIES), branch, VERSIONED);
            Set<String> downs = new HashSet<>();
            active.forEach(a -> downs.addAll(a.parents));
            for (Node a : active) {
                if (!downs.contains(a.id())) {
                    starts.add(a);
                }
            }
            if (starts.isEmpty()) {
                starts.add(null);
            }
        }
        if (starts.size() > 1) {
            throw RevisionError.of("Ambiguous upgrade from multiple current revisions");
        }
        return starts.get(0);
    }

    private static List<Node> listOf(Node n) {
        List<Node> l = new ArrayList<>(1);
        l.add(n);
        return l;
    }

    // ------------------------------------------------------------------ collecting

    /** Revisions to visit and the start points of the ordering. */
    record Collected(Set<Node> revisions, List<Node> starts) {
    }

    Collected collectDowngrade(Target upper, String target, boolean inclusive, boolean implicitBase,
                               boolean assertRelativeLength, Consumer<String> warn) {
        DowngradeTarget dt = parseDowngradeTarget(upper, target, assertRelativeLength, warn);
        Node targetRev = dt.revision() == RevisionMap.BASE ? null : dt.revision();
        List<Node> roots = new ArrayList<>();
        if (targetRev == null) {
            for (Node n : map.keyOwners()) {
                if (n.isBase()) {
                    roots.add(n);
                }
            }
        } else if (inclusive) {
            roots.add(targetRev);
        } else {
            roots.addAll(targetRev.children);
        }
        if (dt.branch() != null && !dt.branch().isEmpty() && roots.size() > 1) {
            Set<Node> anc = new HashSet<>(map.ancestors(List.of(map.resolveBranch(dt.branch())), VERSIONED));
            roots = new ArrayList<>(new LinkedHashSet<>(roots.stream().filter(anc::contains).toList()));
            if (roots.isEmpty()) {
                throw RevisionError.of("Not a valid downgrade target from current heads");
            }
        }
        List<Node> headsOfUpper = map.getRevisions(upper);
        Set<Node> active = new HashSet<>(map.ancestors(headsOfUpper, WITH_DEPENDENCIES));
        Set<Node> down = new LinkedHashSet<>(map.descendants(roots, WITH_DEPENDENCIES));
        down.retainAll(active);
        if (implicitBase) {
            Set<Node> extra = new HashSet<>(active);
            extra.removeAll(map.ancestors(roots, WITH_DEPENDENCIES));
            down.addAll(extra);
        }
        if (targetRev != null && down.isEmpty() && !headsOfUpper.contains(targetRev)) {
            throw RevisionError.rangeNotAncestor(Target.of("Nothing to drop"), upper);
        }
        return new Collected(down, headsOfUpper);
    }

    Collected collectUpgrade(Target upper, Target lower, boolean inclusive, boolean implicitBase,
                             boolean assertRelativeLength, Consumer<String> warn) {
        List<Node> targets = new ArrayList<>();
        for (Node n : parseUpgradeTarget(lower, upper, assertRelativeLength)) {
            targets.add(Closure.requireRevision(n));
        }
        if (lower instanceof Target.Symbol s && s.text().contains("@")) {
            targets = onBranch(targets, s.text().substring(0, s.text().indexOf('@')));
        }
        Set<Node> required = new HashSet<>(Closure.ancestors(targets, WITH_DEPENDENCIES, REFUSED));
        List<Node> currentRevs = map.getRevisions(lower);
        if (!implicitBase) {
            for (Node c : currentRevs) {
                if (c != null && !required.contains(c)) {
                    throw RevisionError.rangeNotAncestor(lower, upper);
                }
            }
        }
        if (!currentRevs.isEmpty() && currentRevs.get(0) == null) {
            Node rev = parseDowngradeTarget(upper, symbol(lower), assertRelativeLength, warn).revision();
            if (rev == null) {
                throw RevisionError.of("Can't resolve the lower bound '" + lower + "'");
            }
            if (rev == RevisionMap.BASE) {
                currentRevs = List.of();
                lower = Target.NONE;
            } else {
                currentRevs = List.of(rev);
                lower = Target.of(rev.id());
            }
        }
        Set<Node> currentSet = new HashSet<>(Closure.ancestors(currentRevs, WITH_DEPENDENCIES, REFUSED));
        Set<Node> needs = new HashSet<>(required);
        needs.removeAll(currentSet);
        if (inclusive) {
            for (Node n : map.getRevisions(lower)) {
                needs.add(Closure.requireRevision(n));
            }
        }
        if (!currentRevs.isEmpty() && !implicitBase) {
            needs.retainAll(new HashSet<>(Closure.descendants(currentRevs, VERSIONED, REFUSED)));
        }
        return new Collected(needs, targets);
    }

    /** The targets carrying the branch label of a lower bound {@code branch@...}. */
    private List<Node> onBranch(List<Node> targets, String branch) {
        Node branchRev = map.getRevision(branch);
        if (branchRev != null && branchRev.id().equals(branch)) {
            if (branchRev.labels.size() != 1) {
                throw RevisionError.of("Revision " + branch + " used as a branch must carry exactly one"
                        + " branch label; use a label instead");
            }
            branch = branchRev.labels.iterator().next();
        }
        String label = branch;
        return targets.stream().filter(t -> t.labels.contains(label)).toList();
    }

    // ------------------------------------------------------------------ ordering

    /** Alembic's _topological_sort (alembic-behaviour.md §3.1), on bit sets of map positions. */
    List<Node> topologicalSort(Set<Node> revisions, List<Node> starts) {
        Segments seg = map.segments();
        BitSet todo = new BitSet(map.nodes().size());
        revisions.forEach(n -> todo.set(n.order()));
        List<Node> current = new ArrayList<>(new LinkedHashSet<>(starts.stream().filter(n -> todo.get(n.order()))
                .sorted(Comparator.comparingInt(Node::order)).toList()));
        List<BitSet> ancestorsOfCurrent = new ArrayList<>(); // per entry of current, by chain index
        for (Node n : current) {
            ancestorsOfCurrent.add(seg.ancestorBits(n));
        }
        List<Node> out = new ArrayList<>(revisions.size());
        int idx = 0;
        while (!current.isEmpty()) {
            Node candidate = current.get(idx);
            int other = -1;
            for (int j = 0; j < ancestorsOfCurrent.size(); j++) {
                if (j != idx && ancestorsOfCurrent.get(j).get(seg.bit(candidate))) {
                    other = j;
                    break;
                }
            }
            if (other >= 0) {
                idx = other;    // another line still needs the candidate: follow that line first
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
                ancestorsOfCurrent.remove(idx);
                idx = Math.max(idx - 1, 0);
            } else if (candidate.normalizedDeps.isEmpty() && candidate.downRevisions().size() == 1) {
                current.set(idx, toAdd.get(0));
                ancestorsOfCurrent.get(idx).clear(seg.bit(candidate));
            } else {
                current.set(idx, toAdd.get(0));
                ancestorsOfCurrent.set(idx, seg.ancestorBits(toAdd.get(0)));
                for (Node n : toAdd.subList(1, toAdd.size())) {
                    current.add(n);
                    ancestorsOfCurrent.add(seg.ancestorBits(n));
                }
            }
        }
        if (!todo.isEmpty()) {
            // Revisions of the set the starts don't reach (history -r lib: whose only revision, the base
            // of lib, is a dependency of a head, no ancestor): Alembic 1.8.1 fails an assertion; they
            // follow, ordered from their own tips.
            Set<Node> rest = new LinkedHashSet<>();
            todo.stream().forEach(i -> rest.add(map.nodes().get(i)));
            Set<Node> below = new HashSet<>();
            rest.forEach(n -> below.addAll(n.parentNodes));
            out.addAll(topologicalSort(rest, rest.stream().filter(n -> !below.contains(n)).toList()));
        }
        return out;
    }
}
