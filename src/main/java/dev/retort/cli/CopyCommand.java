package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.CopyOptions;
import dev.retort.api.CopyResult;
import dev.retort.api.RetortException;
import dev.retort.config.Precedence;
import dev.retort.script.Location;
import dev.retort.transfer.Copy;
import dev.retort.transfer.CopyException;
import dev.retort.transfer.Preflight;
import dev.retort.transfer.Problem;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code retort copy --from SQLITE_URL --to POSTGRES_URL [--skip-orphans] [--replace] [--batch-rows N]
 * [--no-checksums] [--progress auto|bar|lines|none] [--json]}. Exit status: 0 copied and verified; 1
 * failed (target unchanged); 2 usage; 5 preflight found problems in the source, nothing copied.
 */
final class CopyCommand extends Command {
    static final String USAGE = "copy --from SQLITE_URL --to POSTGRES_URL [--skip-orphans] [--replace]"
            + " [--batch-rows N] [--no-checksums] [--toast-compression lz4|pglz|default] [--progress auto|bar|lines|none]";

    CopyCommand() {
        super(USAGE, Needs.SETTINGS);
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        return run(in.options(), in.settings(), in.json(), in.out(), in.err());
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("from").hasArg().argName("URL")
                .desc("the SQLite database to copy (default: the configured URL if it is SQLite)").build());
        o.addOption(Option.builder().longOpt("to").hasArg().argName("URL").desc("the PostgreSQL database").build());
        o.addOption(Option.builder().longOpt("skip-orphans")
                .desc("copy without orphaned rows (and rows that depend on them), listing them").build());
        o.addOption(Option.builder().longOpt("replace").desc("empty target tables that already hold rows").build());
        o.addOption(Option.builder().longOpt("batch-rows").hasArg().argName("N")
                .desc("rows per COPY batch (default " + CopyOptions.DEFAULT_BATCH_ROWS + ")").build());
        o.addOption(Option.builder().longOpt("no-checksums").desc("verify row counts only").build());
        o.addOption(Option.builder().longOpt("toast-compression").hasArg().argName("METHOD")
                .desc("lz4 (default), pglz, or default (the server's setting)").build());
        o.addOption(Option.builder().longOpt("progress").hasArg().argName("MODE")
                .desc("auto (a bar on a terminal, else lines), bar, lines or none").build());
    }

    static int run(CommandLine cl, Precedence.Resolved settings, boolean json, PrintStream out, PrintStream err) {
        try {
            return copy(cl, settings, json, out, err);
        } catch (RetortException e) {
            if (!json || e instanceof CopyException) {
                throw e;
            }
            err.println("FAILED: " + e.getMessage());   // a usage error (exit 2): the copy's document all the same
            out.println(failureDocument(e.getMessage(), e.exitCode()));
            return e.exitCode();
        }
    }

    /** The {@code --json} document of a copy that failed before it copied anything. */
    static String failureDocument(String error, int exitCode) {
        return Json.write(Json.doc("status", "failed", "exit_code", exitCode, "error", error, "problem_count", 0,
                "problems", List.of()));
    }

    private static int copy(CommandLine cl, Precedence.Resolved settings, boolean json, PrintStream out,
                            PrintStream err) {
        String from = Invocation.last(cl, "from");
        if (from == null) {
            from = settings.url();
            if (from == null || !from.strip().toLowerCase().startsWith("sqlite")) {
                throw RetortException.usage("copy needs --from SQLITE_URL\nusage: retort " + USAGE);
            }
        }
        String to = Invocation.last(cl, "to");
        if (to == null) {
            throw RetortException.usage("copy needs --to POSTGRES_URL\nusage: retort " + USAGE);
        }
        int batch = CopyOptions.DEFAULT_BATCH_ROWS;
        if (cl.hasOption("batch-rows")) {
            try {
                batch = Integer.parseInt(Invocation.last(cl, "batch-rows"));
                if (batch <= 0) {
                    throw new NumberFormatException();
                }
            } catch (NumberFormatException e) {
                throw RetortException.usage("--batch-rows takes a positive number, not '"
                        + Invocation.last(cl, "batch-rows") + "'");
            }
        }
        CopyOptions.ProgressMode mode;
        try {
            mode = CopyOptions.ProgressMode.valueOf(Invocation.last(cl, "progress", "auto").toUpperCase());
        } catch (IllegalArgumentException e) {
            throw RetortException.usage("--progress takes auto, bar, lines or none");
        }
        String toastValue = Invocation.last(cl, "toast-compression", "lz4");
        CopyOptions.ToastCompression toast = java.util.Arrays.stream(CopyOptions.ToastCompression.values())
                .filter(t -> t.id().equals(toastValue)).findFirst()
                .orElseThrow(() -> RetortException.usage("--toast-compression takes lz4, pglz or default"));
        CopyOptions options = CopyOptions.builder().toastCompression(toast).from(from).to(to)
                .revisions(Location.directories(settings.revisionDirs(), "copy"))     // copy reads directories only
                .versionTable(settings.versionTable()).versionTableSchema(settings.versionTableSchema())
                .skipOrphans(cl.hasOption("skip-orphans")).replace(cl.hasOption("replace")).batchRows(batch)
                .progress(mode).checksums(!cl.hasOption("no-checksums")).lockTimeoutMillis(settings.lockTimeoutMillis())
                .build();
        CopyResult report;
        try {
            report = Retort.copy(options, line -> err.println("INFO  [retort.copy] " + line));
        } catch (CopyException e) {
            err.println("FAILED: " + e.getMessage());
            if (json) {
                out.println(Json.write(Json.doc("status", "failed", "exit_code", 1, "error", e.getMessage(),
                        "problem_count", e.problemCount(), "problems", problems(e.problems()))));
            }
            return 1;
        }
        if (report.status() == CopyResult.Status.PREFLIGHT_FAILED) {
            err.print(Preflight.render(report.preflight()));
            err.println("FAILED: the source has problems (above); nothing was copied." + nextStep(report.preflight()));
        } else {
            if (report.preflight().hasOrphans()) {
                err.print(Preflight.render(report.preflight()));
            }
            report.notes().forEach(n -> err.println("INFO  [retort.copy] note: " + n));
            if (!json) {
                out.print(Copy.renderTable(report));
            }
        }
        if (json) {
            out.println(Json.write(doc(report)));
        }
        return report.exitCode();
    }

    private static String nextStep(CopyResult.Preflight p) {
        if (!p.hasOrphans() || p.damaged()) {
            return "";
        }
        if (p.needsDecision()) {
            return " Clean it up with the SQL above (it deletes the rows marked DECIDE too) or fix those rows by hand,"
                    + " then run the copy again.";
        }
        return " Clean it up with the SQL above, or copy without those rows: --skip-orphans (it leaves out and"
                + " clears exactly what the SQL deletes and updates).";
    }

    private static List<Map<String, Object>> problems(List<Problem> problems) {
        List<Map<String, Object>> out = new ArrayList<>();
        problems.forEach(p -> out.add(Json.doc("table", p.table(), "row", p.row(), "column", p.column(), "kind",
                p.kind(), "detail", p.detail())));
        return out;
    }

    static Map<String, Object> doc(CopyResult r) {
        CopyResult.Preflight p = r.preflight();
        List<Map<String, Object>> orphans = new ArrayList<>();
        p.orphans().forEach(o -> orphans.add(Json.doc("table", o.table(), "columns", o.columns(), "parent", o.parent(),
                "parent_columns", o.parentColumns(), "rows", o.rows(), "cascaded", o.cascaded(), "on_delete",
                o.onDelete(), "fix", Json.id(o.fix()), "sample_rowids", o.sampleRows())));
        List<Map<String, Object>> tables = new ArrayList<>();
        r.tables().forEach(t -> tables.add(Json.doc("table", t.table(), "target_table", t.targetTable(),
                "source_rows", t.sourceRows(), "copied_rows", t.copiedRows(), "left_out", t.leftOut(),
                "target_rows", t.targetRows(), "source_checksum", t.sourceChecksum(), "target_checksum",
                t.targetChecksum(), "unchecked_columns", t.uncheckedColumns(), "verified", t.verified(), "bytes",
                t.bytes(), "duration_ms", t.durationMillis())));
        double secs = Math.max(r.durationMillis(), 1) / 1000.0;
        return Json.doc("status", Json.id(r.status()), "exit_code", r.exitCode(), "from", r.from(),
                "to", r.to(), "schema", Json.id(r.schema()), "revision", r.revision(),
                "preflight", Json.doc("quick_check", p.quickCheck(), "integrity_check", p.integrityCheck(),
                        "errors", p.errors(), "orphans", orphans, "left_out", p.leftOut(), "cleared", p.cleared(),
                        "cleanup_sql",
                        p.cleanupSql(), "duration_ms", p.durationMillis()),
                "tables", tables, "rows", r.rows(), "bytes", r.bytes(), "duration_ms", r.durationMillis(),
                "rows_per_second", Math.round(r.rows() / secs), "mb_per_second",
                Math.round(r.bytes() / 1e6 / secs * 10) / 10.0, "notes", r.notes());
    }
}
