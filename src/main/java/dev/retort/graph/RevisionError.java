package dev.retort.graph;

import dev.retort.api.RetortException;
import java.util.List;

/**
 * An error of the revision graph, with the kind Alembic would raise. It is the graph's one error
 * type, a {@link RetortException} to everyone outside; {@link Queries#catching} turns it into the
 * text Alembic's commands print.
 */
final class RevisionError extends RetortException {
    /** The Alembic exception class this corresponds to. */
    enum Kind {
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

        String alembicName() {
            return alembicName;
        }
    }

    private final Kind kind;
    /** The identifier text that failed (resolution errors), or the argument (multiple heads). */
    private final String argument;
    /** For RANGE_NOT_ANCESTOR: the lower and upper bounds as given. */
    private final Target lower;
    private final Target upper;

    private RevisionError(Kind kind, String message, String argument, Target lower, Target upper, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.argument = argument;
        this.lower = lower;
        this.upper = upper;
    }

    static RevisionError of(String message) {
        return of(Kind.REVISION_ERROR, message);
    }

    static RevisionError of(Kind kind, String message) {
        return new RevisionError(kind, message, null, null, null, null);
    }

    static RevisionError resolution(String message, String argument) {
        return new RevisionError(Kind.RESOLUTION_ERROR, message, argument, null, null, null);
    }

    static RevisionError multipleHeads(List<String> heads, String argument) {
        return new RevisionError(Kind.MULTIPLE_HEADS, "Multiple heads are present for given argument '"
                + argument + "'; " + String.join(", ", heads), argument, null, null, null);
    }

    static RevisionError rangeNotAncestor(Target lower, Target upper) {
        return new RevisionError(Kind.RANGE_NOT_ANCESTOR, "Revision " + orBase(lower)
                + " is not an ancestor of revision " + orBase(upper), null, lower, upper, null);
    }

    static RevisionError cycle(Kind kind, List<String> revisions) {
        String what = switch (kind) {
            case CYCLE -> "Cycle";
            case DEPENDENCY_CYCLE -> "Dependency cycle";
            default -> throw new IllegalArgumentException(kind.name());
        };
        return of(kind, what + " is detected in revisions (" + String.join(", ", revisions) + ")");
    }

    /** The same error with more text after its message (the files it concerns, what to do). */
    RevisionError withSuffix(String more) {
        return new RevisionError(kind, getMessage() + more, argument, lower, upper, this);
    }

    private static String orBase(Target bound) {
        if (bound instanceof Target.None || (bound instanceof Target.Symbol s && s.text().isEmpty())) {
            return "base";
        }
        return bound.pyStr();
    }

    Kind kind() {
        return kind;
    }

    String argument() {
        return argument;
    }

    Target lower() {
        return lower;
    }

    Target upper() {
        return upper;
    }
}
