package dev.retort.lint;

import dev.retort.api.LintResult.Severity;
import java.util.function.BiFunction;

/**
 * One lint rule: a stable id, a severity, how to do the change safely, and the check itself — a
 * pure function of a change and its scope that returns what is wrong, or null.
 */
public record Rule(String id, Severity severity, String fix, BiFunction<Change, Scope, String> check) {
    /** What is wrong with {@code change}, or null when this rule has nothing to say. */
    public String apply(Change change, Scope scope) {
        return check.apply(change, scope);
    }
}
