package dev.retort.graph;

import dev.retort.api.RetortException;
import dev.retort.script.Revision;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Supplier;

/**
 * What commands ask of the graph besides a plan — resolution, history, the checks of a new
 * revision — and the one place where the graph's errors become the messages Alembic's commands
 * print ({@link #catching}, Alembic's {@code _catch_revision_errors}).
 */
public final class Queries {
    private static final String MULTIPLE_HEADS = "Multiple head revisions are present for given argument"
            + " '%1$s'; please specify a specific target revision, '<branchname>@%1$s' to narrow to a specific"
            + " head, or 'heads' for all heads";
    private static final String NOT_ANCESTOR = "Requested range %1$s:%2$s does not refer to ancestor/descendant"
            + " revisions along the same branch";

    private Queries() {
    }

    /**
     * Alembic's {@code _catch_revision_errors}: runs a graph query and turns its errors into the
     * command's message.
     *
     * @param notAncestor   message for a range error, with %1$s = start and %2$s = end (null: Alembic's default)
     * @param multipleHeads message for several heads, with %1$s = the argument (null: Alembic's default)
     * @param start         the range's start as the command was given (null: the error's own bound)
     * @param end           the range's end or the target as given (null: the error's own)
     */
    static <T> T catching(String notAncestor, String multipleHeads, Target start, Target end, Supplier<T> body) {
        try {
            return body.get();
        } catch (RevisionError e) {
            String message = switch (e.kind()) {
                case RANGE_NOT_ANCESTOR -> String.format(notAncestor == null ? NOT_ANCESTOR : notAncestor,
                        (start == null ? e.lower() : start).pyStr(), (end == null ? e.upper() : end).pyStr());
                case MULTIPLE_HEADS -> String.format(multipleHeads == null ? MULTIPLE_HEADS : multipleHeads,
                        end != null ? end.pyStr() : e.argument());
                case RESOLUTION_ERROR -> "Can't locate revision identified by '" + e.argument() + "'";
                default -> e.getMessage();
            };
            throw new RetortException(message, e);
        }
    }

    /** A graph query with Alembic's command-level messages. */
    static <T> T catching(Supplier<T> query) {
        return catching(null, null, null, null, query);
    }

    /** Resolution with Alembic's command-level messages (e.g. for {@code show}). */
    public static List<Node> resolve(RevisionMap map, Target target) {
        return catching(() -> map.getRevisions(target));
    }

    /** Resolution of exactly one revision (null = base), with Alembic's command-level messages. */
    public static Node resolveOne(RevisionMap map, String id) {
        return catching(() -> map.getRevision(id));
    }

    /** The branch tips the given version rows stand for ({@code current}). */
    public static List<Node> current(RevisionMap map, List<String> rows) {
        return catching(() -> map.currentTips(rows));
    }

    /** The revisions {@code history -r base:head} lists, newest first. */
    public static List<Node> history(RevisionMap map, Target base, Target head) {
        return catching(null, null, base, head,
                () -> map.iterate(head, base, EnumSet.of(IterateOption.INCLUSIVE), w -> { }));
    }

    /** The starting rows of an offline run given as {@code FROM:TO}. */
    public static List<String> offlineStart(RevisionMap map, String from) {
        if (from == null || from.isEmpty() || from.equals("base")) {
            return List.of();
        }
        Node n = resolveOne(map, from);
        return n == null ? List.of() : List.of(n.id());
    }

    // ---------------------------------------------------------------- a new revision's checks

    /** Checks a new revision id for the characters a revision id may not hold. */
    public static void checkRevisionId(String id) {
        String illegal = Revision.illegalIdMessage(id);
        if (illegal != null) {
            throw new RetortException(illegal);
        }
    }

    /** The parents of a new revision ({@code revision --head H} or {@code merge REVS...}). */
    public static List<Node> resolveForNewRevision(RevisionMap map, Target head, String multipleHeads) {
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
            throw new RetortException(MapBuilder.branchInUse(label, newId, owner));
        }
    }
}
