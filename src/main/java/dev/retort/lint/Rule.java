package dev.retort.lint;

import dev.retort.api.LintResult.Severity;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One lint rule: a stable id, a severity, how to do the change safely (for rules with several
 * causes, a function of the change), and the check itself — a pure function of a change and its
 * scope that returns what is wrong, or null.
 */
public record Rule(String id, Severity severity, Function<Change, String> fix, BiFunction<Change, Scope, String> check) {
    /** A rule whose advice is the same for every change it finds. */
    public Rule(String id, Severity severity, String fix, BiFunction<Change, Scope, String> check) {
        this(id, severity, change -> fix, check);
    }

    /** How to make {@code change} safely. */
    public String fixFor(Change change) {
        return fix.apply(change);
    }

    /** What is wrong with {@code change}, or null when this rule has nothing to say. */
    public String apply(Change change, Scope scope) {
        return check.apply(change, scope);
    }
}
