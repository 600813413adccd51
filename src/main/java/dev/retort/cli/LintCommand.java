package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.Dialect;
import dev.retort.config.Precedence;
import dev.retort.api.LintResult;
import dev.retort.api.LintResult.Finding;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code retort lint [TARGET] [--all] [--json]}: the revisions {@code upgrade TARGET} (default
 * {@code heads}) would run, or every revision with {@code --all} (no database), checked for changes
 * that break a rolling deploy or lock PostgreSQL tables. Exit 0 when nothing is found, 6 when
 * something is; a statement that could not be parsed is listed and alone changes nothing.
 */
final class LintCommand extends Command {
    static final String USAGE = "lint [TARGET] [--all]";

    LintCommand() {
        super(USAGE, Needs.REVISIONS);
    }

    @Override
    int run(Invocation in) throws ParseException {
        return run(in.has("all"), in.params(), in.settings(), in.retort(), in.json(), in.out(), in.err());
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("all").desc("check every revision, without a database").build());
    }

    static int run(boolean all, List<String> params, Precedence.Resolved settings, Retort retort, boolean json,
                   PrintStream out, PrintStream err) throws ParseException {
        if (params.size() > 1 || all && !params.isEmpty()) {
            throw new ParseException("lint takes one TARGET, or --all without one\nusage: retort " + USAGE);
        }
        LintResult report;
        if (all) {
            // the dialect of the configured URL, PostgreSQL when none is configured; no connection
            Dialect dialect = "default".equals(settings.sources().get("url")) ? Dialect.POSTGRESQL
                    : settings.databaseUrl().dialect();
            report = retort.lintAll(dialect);
        } else {
            settings.databaseUrl();     // a bad URL is a usage error naming where it came from
            report = retort.lint(params.isEmpty() ? "heads" : params.get(0));
        }
        report.pythonFiles().forEach(f -> err.println("note: " + f + " is an Alembic Python revision; lint does not"
                + " check it"));
        report.unparsed().forEach(u -> err.println("note: " + u.file() + ":" + u.line() + ": lint could not parse"
                + " this statement and did not check it"));
        report.unusedIgnores().forEach(u -> err.println("note: " + u.file() + ":" + u.line() + ": lint-ignore "
                + u.rule() + " suppresses nothing in the statement after it; remove it"));
        if (json) {
            out.println(Json.write(document(report)));
        } else {
            report.findings().forEach(f -> out.println(text(f)));
            err.println("lint: " + report.revisionsChecked() + " revision(s), " + report.statementsChecked()
                    + " statement(s) checked, " + report.findings().size() + " finding(s), "
                    + report.unparsed().size() + " not parsed");
        }
        return report.exitCode();
    }

    /** {@code <file>:<line>: <rule> (<severity>): <what> — <how to do it safely>} */
    static String text(Finding f) {
        return f.file() + ":" + f.line() + ": " + f.rule() + " (" + Json.id(f.severity()) + "): " + f.message() + " \u2014 "
                + f.fix();
    }

    static Map<String, Object> document(LintResult r) {
        List<Map<String, Object>> unparsed = new ArrayList<>();
        r.unparsed().forEach(u -> unparsed.add(Json.doc("file", u.file(), "line", u.line())));
        List<Map<String, Object>> findings = new ArrayList<>();
        for (Finding f : r.findings()) {
            findings.add(Json.doc("revision", f.revision(), "file", f.file(), "line", f.line(), "rule", f.rule(),
                    "severity", Json.id(f.severity()), "message", f.message(), "fix", f.fix(), "statement", f.statement()));
        }
        List<Map<String, Object>> unused = new ArrayList<>();
        r.unusedIgnores().forEach(u -> unused.add(Json.doc("revision", u.revision(), "file", u.file(), "line",
                u.line(), "rule", u.rule())));
        return Json.doc("revisions_checked", r.revisionsChecked(), "statements_checked", r.statementsChecked(),
                "unparsed", unparsed, "findings", findings, "unused_ignores", unused);
    }
}
