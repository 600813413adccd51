package dev.retort.graph;

import java.util.List;

/**
 * An error of the revision graph, with the kind Alembic would raise. Commands turn it into the
 * user-facing text Alembic prints (see {@link Planner}).
 */
public final class RevisionError extends RuntimeException {
    /** The Alembic exception class this corresponds to. */
    public enum Kind {
        REVISION_ERROR("RevisionError"),
        RESOLUTION_ERROR("ResolutionError"),
        MULTIPLE_HEADS("MultipleHeads"),
        RANGE_NOT_ANCESTOR("RangeNotAncestorError"),
        CYCLE("CycleDetected"),
        DEPENDENCY_CYCLE("DependencyCycleDetected"),
        LOOP("LoopDetected"),
        DEPENDENCY_LOOP("DependencyLoopDetected");

        private final String alembicName;

        Kind(String alembicName) {
            this.alembicName = alembicName;
        }

        public String alembicName() {
            return alembicName;
        }
    }

    private final Kind kind;
    /** The identifier text that failed (resolution errors), or the argument (multiple heads). */
    private final String argument;
    /** For RANGE_NOT_ANCESTOR: the lower and upper bounds as given. */
    private final Object lower;
    private final Object upper;

    private RevisionError(Kind kind, String message, String argument, Object lower, Object upper) {
        super(message);
        this.kind = kind;
        this.argument = argument;
        this.lower = lower;
        this.upper = upper;
    }

    static RevisionError of(String message) {
        return new RevisionError(Kind.REVISION_ERROR, message, null, null, null);
    }

    static RevisionError resolution(String message, String argument) {
        return new RevisionError(Kind.RESOLUTION_ERROR, message, argument, null, null);
    }

    static RevisionError multipleHeads(List<String> heads, String argument) {
        return new RevisionError(Kind.MULTIPLE_HEADS, "Multiple heads are present for given argument '"
                + argument + "'; " + String.join(", ", heads), argument, null, null);
    }

    static RevisionError rangeNotAncestor(Object lower, Object upper) {
        return new RevisionError(Kind.RANGE_NOT_ANCESTOR, "Revision " + orBase(lower)
                + " is not an ancestor of revision " + orBase(upper), null, lower, upper);
    }

    static RevisionError cycle(Kind kind, List<String> revisions) {
        String what = switch (kind) {
            case CYCLE -> "Cycle";
            case DEPENDENCY_CYCLE -> "Dependency cycle";
            case LOOP -> "Self-loop";
            case DEPENDENCY_LOOP -> "Dependency self-loop";
            default -> throw new IllegalArgumentException(kind.name());
        };
        return new RevisionError(kind, what + " is detected in revisions (" + String.join(", ", revisions) + ")",
                null, null, null);
    }

    static String orBase(Object bound) {
        if (bound == null || (bound instanceof String s && s.isEmpty())) {
            return "base";
        }
        return RevisionMap.pyStr(bound);
    }

    public Kind kind() {
        return kind;
    }

    public String argument() {
        return argument;
    }

    Object lower() {
        return lower;
    }

    Object upper() {
        return upper;
    }
}
