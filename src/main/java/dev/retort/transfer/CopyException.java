package dev.retort.transfer;

import dev.retort.api.RetortException;
import java.util.List;

/**
 * The copy failed and the target was rolled back to what it was: exit status 1. {@link #problems()}
 * lists the values that could not be converted (by table, row and column), if that was the cause.
 */
public class CopyException extends RetortException {
    private final List<Problem> problems;
    private final long problemCount;

    public CopyException(String message, List<Problem> problems, long problemCount, Throwable cause) {
        super(message, 1, cause);
        this.problems = List.copyOf(problems);
        this.problemCount = problemCount;
    }

    public List<Problem> problems() {
        return problems;
    }

    /** All problems found (only the first ones are kept in {@link #problems()}). */
    public long problemCount() {
        return problemCount;
    }
}
