package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.CheckResult;
import dev.retort.api.SchemaDifference;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code check --schema [--scratch-url URL]}: after {@code check}'s own answer, compares the
 * database's schema with what its applied revisions produce on an empty scratch database. Exit 4
 * when they differ, else check's own code; a version table that already does not match the files
 * (exit 4) is reported without the schema comparison, which needs the applied revisions.
 */
final class SchemaCheck {
    private SchemaCheck() {
    }

    static void addOptions(Options o) {
        o.addOption(Option.builder().longOpt("schema")
                .desc("also compare the schema with what the applied revisions produce").build());
        o.addOption(Option.builder().longOpt("scratch-url").hasArg().argName("URL")
                .desc("an empty database to build the expected schema in (PostgreSQL; default: a temporary one)")
                .build());
    }

    /** Prints check's answer (and the drift with --schema) and returns the exit status. */
    static int run(CommandLine cl, Retort retort, CheckResult check, boolean json, PrintStream out,
                   java.util.function.Consumer<CheckResult> printCheck) {
        boolean schema = cl.hasOption("schema");
        boolean compared = schema && check.status() != CheckResult.Status.MISMATCH
                && check.status() != CheckResult.Status.NO_DATABASE;
        List<SchemaDifference> drift = compared ? retort.schemaDrift(Invocation.last(cl, "scratch-url")) : List.of();
        int exit = drift.isEmpty() ? check.exitCode() : 4;
        if (json) {
            Map<String, Object> doc = Json.checkDoc(check);
            if (schema) {
                List<Map<String, Object>> list = new ArrayList<>();
                drift.forEach(d -> list.add(Json.doc("change", Json.id(d.change()), "kind", Json.id(d.kind()), "name", d.name(),
                        "expected", d.expected(), "found", d.found())));
                doc.put("drift", compared ? list : null);     // null: the version table already does not match
                doc.put("exit_code", exit);
                if (!drift.isEmpty()) {
                    doc.put("status", "schema_drift");     // as the exit code says (pending still lists what is pending)
                }
            }
            out.println(Json.write(doc));
            return exit;
        }
        printCheck.accept(check);
        if (compared) {
            if (drift.isEmpty()) {
                out.println("Schema matches what the applied revisions produce");
            } else {
                out.println("Schema differs from what the applied revisions produce (" + drift.size() + "):");
                drift.forEach(d -> out.println("  " + text(d)));
            }
        }
        return exit;
    }

    /** {@code changed column t.c: expected integer, found bigint} */
    static String text(SchemaDifference d) {
        return Json.id(d.change()) + " " + Json.id(d.kind()) + " " + d.name() + ": expected "
                + oneLine(d.expected()) + ", found " + oneLine(d.found());
    }

    /** A definition on one line (a view's, as the database prints it, spans several): one difference, one line. */
    private static String oneLine(String definition) {
        return definition == null ? "nothing" : definition.strip().replaceAll("\\s*\\n\\s*", " ");
    }
}
