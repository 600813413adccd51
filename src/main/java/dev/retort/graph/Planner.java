package dev.retort.graph;

import static dev.retort.graph.Closure.Links.WITH_DEPENDENCIES;
import static dev.retort.graph.IterateOption.ASSERT_RELATIVE_LENGTH;
import static dev.retort.graph.IterateOption.IMPLICIT_BASE;
import static dev.retort.graph.IterateOption.SELECT_FOR_DOWNGRADE;

import dev.retort.api.RetortException;
import dev.retort.graph.Step.Direction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Alembic's command-level planning, pure: which steps {@code upgrade}, {@code downgrade} and
 * {@code stamp} run from given version rows, and the version-table change of each step
 * (alembic-behaviour.md §3–§5). It only builds plans: graph errors become Alembic's command
 * messages through {@link Queries#catching}, so every error is a {@link RetortException} carrying
 * the text Alembic prints after {@code FAILED: }.
 */
public final class Planner {
    private final RevisionMap map;
    private final List<String> warnings;

    private Planner(RevisionMap map, List<String> warnings) {
        this.map = map;
        this.warnings = warnings;
    }

    /**
     * The plan of {@code upgrade destination} from the given version rows.
     *
     * @param destination an identifier as typed, or a tuple of them (API only)
     */
    public static Plan upgrade(RevisionMap map, List<String> rows, Target destination) {
        List<Node> order = Queries.catching("Destination %2$s is not a valid upgrade target from current head(s)",
                null, null, destination, () -> map.iterate(destination, Target.of(rows),
                        EnumSet.of(IMPLICIT_BASE, ASSERT_RELATIVE_LENGTH), w -> { }));
        List<Node> steps = new ArrayList<>(order);
        Collections.reverse(steps);
        return new Planner(map, List.of()).revisionSteps(rows, steps, Direction.UPGRADE);
    }

    /** The plan of {@code downgrade destination} from the given version rows. */
    public static Plan downgrade(RevisionMap map, List<String> rows, String destination) {
        List<String> warnings = new ArrayList<>();
        Target to = Target.of(destination);
        List<Node> order = Queries.catching("Destination %2$s is not a valid downgrade target from current head(s)",
                null, null, destination == null ? null : to, () -> map.iterate(Target.of(rows), to,
                        EnumSet.of(ASSERT_RELATIVE_LENGTH, SELECT_FOR_DOWNGRADE), warnings::add));
        return new Planner(map, warnings).revisionSteps(rows, order, Direction.DOWNGRADE);
    }

    private Plan revisionSteps(List<String> rows, List<Node> revisions, Direction direction) {
        boolean up = direction == Direction.UPGRADE;
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
        for (Node n : map.ancestors(map.getRevisions(Target.of(others)).stream().filter(x -> x != null).toList(),
                WITH_DEPENDENCIES)) {
            anc.add(n.id());
        }
        return candidates.stream().filter(c -> !anc.contains(c)).toList();
    }

    /** The plan of {@code stamp targets...} from the given rows (alembic-behaviour.md §5). */
    public static Plan stamp(RevisionMap map, List<String> rows, List<String> targets) {
        List<String> tgts = targets.isEmpty() ? List.of("base") : targets;
        List<StampMove> moves = Queries.catching(null, "Multiple heads are present; please specify a single target"
                + " revision", null, null, () -> stampMoves(map, rows, tgts));
        Rows state = new Rows(rows);
        List<Step> steps = new ArrayList<>();
        for (StampMove mv : moves) {
            List<String> before = state.list();
            List<String> to = mv.to() == null ? List.of() : List.of(mv.to());
            steps.add(new Step(Direction.STAMP, null, mv.from(), to, stampRows(state, mv, targets), before));
        }
        return new Plan(rows, steps, state.list(), List.of());
    }

    /** How a stamp moves a row: Alembic's StampStep, by is_upgrade and branch_move. */
    private enum Move {
        /** Up to a descendant of the rows. */
        UP,
        /** Down to an ancestor of the rows. */
        DOWN,
        /** A revision unrelated to the rows: a new row. */
        NEW_BRANCH,
        /** Stamping base: the row goes. */
        DELETE_BRANCH
    }

    private record StampMove(List<String> from, String to, Move move) {
    }

    /** Alembic's _stamp_revs: one move per destination that is not already a row's lineage. */
    private static List<StampMove> stampMoves(RevisionMap map, List<String> rows, List<String> tgts) {
        List<Node> headRevs = map.getRevisions(Target.of(rows));
        Set<Node> filtered = new LinkedHashSet<>();
        for (String t : tgts) {
            if (!t.isEmpty()) {
                filtered.addAll(map.filterForLineage(headRevs, t, WITH_DEPENDENCIES));
            }
        }
        List<String> filteredIds = filtered.stream().map(Node::id).toList();
        List<Node> dests = map.getRevisions(Target.of(tgts));
        if (dests.isEmpty()) {
            dests = new ArrayList<>();
            dests.add(null);
        }
        List<StampMove> out = new ArrayList<>();
        for (Node dest : dests) {
            if (dest == null) {
                filteredIds.forEach(h -> out.add(new StampMove(List.of(h), null, Move.DELETE_BRANCH)));
            } else if (!filtered.contains(dest)) {
                boolean below = map.descendants(List.of(dest), WITH_DEPENDENCIES).stream().anyMatch(filtered::contains);
                boolean above = map.ancestors(List.of(dest), WITH_DEPENDENCIES).stream().anyMatch(filtered::contains);
                if (below && above) {
                    // Alembic fails an assertion here (a traceback); retort says what is wrong
                    throw new RetortException("Can't stamp " + dest.id() + ": the version table holds "
                            + filteredIds + ", where one revision is an ancestor of another; repair it"
                            + " with 'stamp --purge <revisions>'");
                }
                if (below) {
                    out.add(new StampMove(filteredIds, dest.id(), Move.DOWN));
                } else if (above) {
                    out.add(new StampMove(filteredIds, dest.id(), Move.UP));
                } else {
                    out.add(new StampMove(List.of(), dest.id(), Move.NEW_BRANCH));
                }
            }
        }
        return out;
    }

    /** Alembic's HeadMaintainer.update_to_step for a stamp move. */
    private static List<RowChange> stampRows(Rows state, StampMove mv, List<String> targets) {
        List<RowChange> changes = new ArrayList<>();
        boolean insert = mv.move() == Move.NEW_BRANCH || (mv.move() == Move.UP && !state.containsAll(mv.from()));
        if (mv.move() == Move.DELETE_BRANCH) {
            changes.add(state.delete(mv.from().get(0)));
        } else if (insert && !state.contains(mv.to())) {
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
        return changes;
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
