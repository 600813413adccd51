package dev.retort.lint;

import java.util.List;

/** What {@code retort lint} found. */
public record LintReport(int revisionsChecked, int statementsChecked, List<Location> unparsed, List<Finding> findings,
                         List<String> pythonFiles) {
    public LintReport {
        unparsed = List.copyOf(unparsed);
        findings = List.copyOf(findings);
        pythonFiles = List.copyOf(pythonFiles);
    }

    /** The same report, noting Alembic .py revisions of the range that lint cannot read. */
    public LintReport withPythonFiles(List<String> files) {
        return new LintReport(revisionsChecked, statementsChecked, unparsed, findings, files);
    }

    /** A statement lint could not parse. */
    public record Location(String file, int line) {
    }

    /** 0 when nothing was found, 6 when something was (unparsed statements alone do not count). */
    public int exitCode() {
        return findings.isEmpty() ? 0 : 6;
    }
}
