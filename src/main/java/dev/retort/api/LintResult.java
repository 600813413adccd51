package dev.retort.api;

import java.util.List;

/**
 * What {@code lint} found: the revisions and statements checked, the findings, and what it could
 * not check. {@link #exitCode()} is the CLI's decision: 0 when nothing was found, 6 when something
 * was (unparsed statements and Alembic Python revisions alone do not count).
 *
 * @param unparsed    statements lint could not parse (not checked)
 * @param pythonFiles Alembic {@code .py} revisions of the range, which lint cannot read (named as in
 *                    {@link Finding})
 * @param unusedIgnores {@code lint-ignore} rules that suppressed nothing (notes; they do not change the exit)
 */
public record LintResult(int revisionsChecked, int statementsChecked, List<Location> unparsed, List<Finding> findings,
                         List<String> pythonFiles, List<UnusedIgnore> unusedIgnores) {
    public LintResult {
        unparsed = List.copyOf(unparsed);
        findings = List.copyOf(findings);
        pythonFiles = List.copyOf(pythonFiles);
        unusedIgnores = List.copyOf(unusedIgnores);
    }

    /**
     * A rule a {@code retort:lint-ignore} comment names that found nothing in its statement (or
     * portable operation): the comment can go, before it hides a real finding of a later edit.
     *
     * @param line the comment's line in the revision file
     */
    public record UnusedIgnore(String revision, String file, int line, String rule) {
    }

    /** How bad a finding is; any finding makes {@code lint} exit 6. */
    public enum Severity {
        /** Breaks the code that is still running during a rolling deploy, or loses data. */
        ERROR,
        /** Blocks that code while it runs (a long lock, a scan or rewrite under an exclusive lock). */
        WARNING
    }

    /**
     * One rule broken by one statement.
     *
     * @param revision  the revision id
     * @param file      where the revision was read from, as messages name it (its path, or its
     *                  {@code classpath:} location)
     * @param line      the statement's first line in it
     * @param rule      the rule's stable id, e.g. {@code add-column-not-null}
     * @param message   what is wrong
     * @param fix       how to make the change safely
     * @param statement the statement, as written
     */
    public record Finding(String revision, String file, int line, String rule, Severity severity, String message,
                          String fix, String statement) {
    }

    /** A statement lint could not parse: its revision's file (named as in {@link Finding}) and first line. */
    public record Location(String file, int line) {
    }

    public int exitCode() {
        return findings.isEmpty() ? 0 : 6;
    }
}
