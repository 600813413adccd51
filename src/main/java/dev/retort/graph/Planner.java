package dev.retort.graph;

import dev.retort.api.RetortException;
import dev.retort.graph.Step.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Alembic's command-level planning, pure: which steps {@code upgrade}, {@code downgrade} and
 * {@code stamp} run from given version rows, and the version-table change of each step
 * (alembic-behaviour.md §3–§5). Errors come out as {@link RetortException}s carrying the text
 * Alembic prints after {@code FAILED: }.
 */
public final class Planner {
    private static final String MULTIPLE_HEADS = "Multiple head revisions are present for given argument"
            + " '%1$s'; please specify a specific target revision, '<branchname>@%1$s' to narrow to a specific"
            + " head, or 'heads' for all heads";
    private static final String NOT_ANCESTOR = "Requested range %1$s:%2$s does not refer to ancestor/descendant"
            + " revisions along the same branch";

    private final RevisionMap map;
    private final List<String> warnings;

    private Planner(RevisionMap map, List<String> warnings) {
        this.map = map;
        this.warnings = warnings;
    }

    /**
     * Alembic's {@code _catch_revision_errors}: turns graph errors into the command's message.
     *
     * @param ancestor      message for a range error, with %1$s = start and %2$s = end
     * @param multipleHeads message for several heads, with %1$s = the argument
     */
    static <T> T catching(String ancestor, String multipleHeads, Object start, Object end, Supplier<T> body) {
        try {
            return body.get();
        } catch (RevisionError e) {
            String message = switch (e.kind()) {
                case RANGE_NOT_ANCESTOR -> String.format(ancestor == null ? NOT_ANCESTOR : ancestor,
                        RevisionMap.pyStr(start == null ? e.lower() : start),
                        RevisionMap.pyStr(end == null ? e.upper() : end));
                case MULTIPLE_HEADS -> String.format(multipleHeads == null ? MULTIPLE_HEADS : multipleHeads,
                        end != null ? RevisionMap.pyStr(end) : e.argument());
                case RESOLUTION_ERROR -> "Can't locate revision identified by '" + e.argument() + "'";
                default -> e.getMessage();
            };
            throw new RetortException(message, e);
        }
    }

    /** Runs a graph query, turning its errors into Alembic's command-level messages. */
    public static <T> T withCommandErrors(Supplier<T> query) {
        return catching(null, null, null, null, query);
    }

    /** Checks a new revision id for the characters Alembic forbids. */
    public static void checkRevisionId(String id) {
        catching(null, null, null, null, () -> {
            RevisionMap.verifyRevisionId(id);
            return null;
        });
    }

    /** The parents of a new revision ({@code revision --head H} or {@code merge REVS...}). */
    public static List<Node> resolveForNewRevision(RevisionMap map, Object head, String multipleHeads) {
        List<Node> heads = catching(null, multipleHeads, null, null, () -> map.getRevisions(head));
        for (Node h : heads) {
            if (h == RevisionMap.BASE) {
                throw new RetortException("'" + head + "' does not name a revision to base the new one on");
            }
        }
        return heads;
    }

    /** Refuses a branch label that is already an id or a label (before any file is written). */
    public static void checkNewLabel(RevisionMap map, String newId, String label) {
        Node owner = map.keyOwner(label);
        if (owner != null) {
            throw new RetortException(RevisionMap.branchInUse(label, newId, owner));
        }
    }

    /** Resolution with Alembic's command-level messages (e.g. for {@code show}). */
    public static List<Node> resolve(RevisionMap map, Object id) {
        return catching(null, null, null, null, () -> map.getRevisions(id));
    }

    /** Resolution of exactly one revision (null = base), with Alembic's command-level messages. */
    public static Node resolveOne(RevisionMap map, String id) {
        return catching(null, null, null, null, () -> map.getRevision(id));
    }

    /** The starting rows of an offline run given as {@code FROM:TO}. */
    public static List<String> offlineStart(RevisionMap map, String from) {
        if (from == null || from.isEmpty() || from.equals("base")) {
            return List.of();
        }
        Node n = resolveOne(map, from);
        return n == null ? List.of() : List.of(n.id());
    }

    /**
     * The plan of {@code upgrade destination} from the given version rows.
     *
     * @param destination an identifier, or a list of them (Alembic's tuple form, API only)
     */
    public static Plan upgrade(RevisionMap map, List<String> rows, Object destination) {
        List<Node> order = catching("Destination %2$s is not a valid upgrade target from current head(s)", null,
                null, destination, () -> map.iterate(destination, rows, true, false, true, false, w -> { }));
        List<Node> steps = new ArrayList<>(order);
        Collections.reverse(steps);
        return new Planner(map, List.of()).revisionSteps(rows, steps, true);
    }

    /** The plan of {@code downgrade destination} from the given version rows. */
    public static Plan downgrade(RevisionMap map, List<String> rows, String destination) {
        List<String> warnings = new ArrayList<>();
        List<Node> order = catching("Destination %2$s is not a valid downgrade target from current head(s)", null,
                null, destination, () -> map.iterate(rows, destination, false, false, true, true, warnings::add));
        return new Planner(map, warnings).revisionSteps(rows, order, false);
    }

    /** The revisions {@code history -r base:head} lists, newest first. */
    public static List<Node> history(RevisionMap map, Object base, Object head) {
        return catching(null, null, base, head, () -> map.iterate(head, base, false, true, false, false, w -> { }));
    }

    private Plan revisionSteps(List<String> rows, List<Node> revisions, boolean up) {
        Rows state = new Rows(rows);
        List<Step> steps = new ArrayList<>();
        for (Node r : revisions) {
            List<String> before = state.list();
            List<RowChange> changes = up ? upgradeRows(state, r) : downgradeRows(state, r);
            List<String> self = List.of(r.id());
            steps.add(up ? new Step(Direction.UPGRADE, r.revision(), r.downRevisions(), self, changes, before)
                    : new Step(Direction.DOWNGRADE, r.revision(), self, r.downRevisions(), changes, before));
        }
        return new Plan(rows, steps, state.list(), warnings);
    }

    /** HeadMaintainer.update_to_step for an upgrade step (alembic-behaviour.md §4.3). */
    private List<RowChange> upgradeRows(Rows state, Node r) {
        List<String> parents = r.parents();
        Set<String> present = state.intersect(parents);
        if (parents.isEmpty() || present.isEmpty()) {
            return List.of(state.insert(r.id()));
        }
        if (parents.size() > 1 && present.size() > 1) {
            List<String> from = withoutAncestorsOfOthers(state, parents, Set.copyOf(parents));
            List<RowChange> out = new ArrayList<>();
            for (String d : from.subList(0, from.size() - 1)) {
                out.add(state.delete(d));
            }
            out.add(state.update(from.get(from.size() - 1), r.id()));
            return out;
        }
        return List.of(state.update(singleParent(state, r, parents), r.id()));
    }

    /** HeadMaintainer.update_to_step for a downgrade step. */
    private List<RowChange> downgradeRows(Rows state, Node r) {
        List<String> parents = r.parents();
        boolean isRow = state.contains(r.id());
        List<String> to = isRow ? withoutAncestorsOfOthers(state, parents, Set.of(r.id())) : parents;
        if (isRow && (parents.isEmpty() || to.isEmpty())) {
            return List.of(state.delete(r.id()));
        }
        if (isRow && parents.size() > 1) {
            List<RowChange> out = new ArrayList<>();
            for (String i : to.subList(0, to.size() - 1)) {
                out.add(state.insert(i));
            }
            out.add(state.update(r.id(), to.get(to.size() - 1)));
            return out;
        }
        return List.of(state.update(r.id(), singleParent(state, r, parents)));
    }

    private static String singleParent(Rows state, Node r, List<String> parents) {
        if (parents.size() == 1) {
            return parents.get(0);
        }
        Set<String> present = state.intersect(parents);
        if (present.size() != 1) {
            throw new RetortException("Can't update the version table for revision " + r.id()
                    + ": its down revision is ambiguous (" + String.join(", ", parents) + ")");
        }
        return present.iterator().next();
    }

    /**
     * The candidates of a merge/unmerge: {@code candidates} minus ancestors of the rows other than
     * {@code exclude} (all of them, in written order, when there are no other rows).
     */
    private List<String> withoutAncestorsOfOthers(Rows state, List<String> candidates, Set<String> exclude) {
        List<String> others = state.list().stream().filter(x -> !exclude.contains(x)).toList();
        if (others.isEmpty()) {
            return candidates;
        }
        Set<String> anc = new HashSet<>();
        for (Node n : map.ancestors(map.getRevisions(others).stream().filter(x -> x != null).toList(), true, false)) {
            anc.add(n.id());
        }
        return candidates.stream().filter(c -> !anc.contains(c)).toList();
    }

    /** The plan of {@code stamp targets...} from the given rows (alembic-behaviour.md §5). */
    public static Plan stamp(RevisionMap map, List<String> rows, List<String> targets) {
        List<String> tgts = targets.isEmpty() ? List.of("base") : targets;
        record StampMove(List<String> from, String to, boolean up, boolean branchMove) {
        }
        List<StampMove> moves = catching(null, "Multiple heads are present; please specify a single target revision",
                null, null, () -> {
                    List<Node> headRevs = map.getRevisions(rows);
                    Set<Node> filtered = new LinkedHashSet<>();
                    for (String t : tgts) {
                        if (!t.isEmpty()) {
                            filtered.addAll(map.filterForLineage(headRevs, t, true));
                        }
                    }
                    List<String> filteredIds = filtered.stream().map(Node::id).toList();
                    List<Node> dests = map.getRevisions(tgts);
                    if (dests.isEmpty()) {
                        dests = new ArrayList<>();
                        dests.add(null);
                    }
                    List<StampMove> out = new ArrayList<>();
                    for (Node dest : dests) {
                        if (dest == null) {
                            filteredIds.forEach(h -> out.add(new StampMove(List.of(h), null, false, true)));
                        } else if (!filtered.contains(dest)) {
                            boolean below = map.descendants(List.of(dest), true, false).stream()
                                    .anyMatch(filtered::contains);
                            boolean above = map.ancestors(List.of(dest), true, false).stream()
                                    .anyMatch(filtered::contains);
                            if (below && above) {
                                // Alembic fails an assertion here (a traceback); retort says what is wrong
                                throw new RetortException("Can't stamp " + dest.id() + ": the version table holds "
                                        + filteredIds + ", where one revision is an ancestor of another; repair it"
                                        + " with 'stamp --purge <revisions>'");
                            }
                            if (below) {
                                out.add(new StampMove(filteredIds, dest.id(), false, false));
                            } else if (above) {
                                out.add(new StampMove(filteredIds, dest.id(), true, false));
                            } else {
                                out.add(new StampMove(List.of(), dest.id(), true, true));
                            }
                        }
                    }
                    return out;
                });
        Rows state = new Rows(rows);
        List<Step> steps = new ArrayList<>();
        for (StampMove mv : moves) {
            List<String> before = state.list();
            List<String> to = mv.to() == null ? List.of() : List.of(mv.to());
            List<RowChange> changes = new ArrayList<>();
            if (!mv.up() && mv.branchMove()) {
                changes.add(state.delete(mv.from().get(0)));
            } else if (mv.up() && (mv.branchMove() || !state.containsAll(mv.from())) && !state.contains(mv.to())) {
                changes.add(state.insert(mv.to()));
            } else if (mv.from().size() > 1) {
                for (String d : mv.from().subList(0, mv.from().size() - 1)) {
                    changes.add(state.delete(d));
                }
                changes.add(state.update(mv.from().get(mv.from().size() - 1), mv.to()));
            } else {
                if (mv.from().isEmpty()) {
                    throw new RetortException("stamp " + String.join(" ", targets) + ": revision " + mv.to()
                            + " is already in the version table");
                }
                changes.add(state.update(mv.from().get(0), mv.to()));
            }
            steps.add(new Step(Direction.STAMP, null, mv.from(), to, changes, before));
        }
        return new Plan(rows, steps, state.list(), List.of());
    }

    /** The version rows while a plan is simulated: table order, Alembic's integrity asserts. */
    private static final class Rows {
        private final List<String> rows;

        Rows(List<String> initial) {
            rows = new ArrayList<>(initial);
        }

        List<String> list() {
            return List.copyOf(rows);
        }

        boolean contains(String id) {
            return rows.contains(id);
        }

        boolean containsAll(List<String> ids) {
            return rows.containsAll(ids);
        }

        Set<String> intersect(List<String> ids) {
            Set<String> out = new LinkedHashSet<>(ids);
            out.retainAll(rows);
            return out;
        }

        RowChange insert(String id) {
            if (rows.contains(id)) {
                throw inconsistent("insert '" + id + "', which is already there");
            }
            rows.add(id);
            return RowChange.insert(id);
        }

        RowChange delete(String id) {
            if (!rows.remove(id)) {
                throw inconsistent("delete '" + id + "', which is not there");
            }
            return RowChange.delete(id);
        }

        RowChange update(String from, String to) {
            int i = rows.indexOf(from);
            if (i < 0 || rows.contains(to)) {
                throw inconsistent(i < 0 ? "update '" + from + "', which is not there"
                        : "update '" + from + "' to '" + to + "', which is already there");
            }
            rows.set(i, to);
            return RowChange.update(from, to);
        }

        private RetortException inconsistent(String what) {
            return new RetortException("The version table holds " + rows + " and the plan would " + what
                    + "; the rows are inconsistent with the revision graph (an ancestor and its descendant both"
                    + " stored?) — repair them with 'stamp --purge'. Nothing was changed.");
        }
    }
}
