package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.config.ConfigFile;
import dev.retort.config.Init;
import dev.retort.config.FileSettings;
import dev.retort.config.Precedence;
import dev.retort.script.RevisionWriter;
import dev.retort.db.HistoryTable;
import dev.retort.db.Run;
import dev.retort.graph.Node;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * The command line: parses arguments, calls {@link Retort}, prints Alembic's text. Command output
 * goes to stdout; progress lines and errors ({@code FAILED: ...}) to stderr.
 */
public final class Main {
    private static final String USAGE = "retort [--url URL] [--revisions DIR]... [--config FILE] [--version-table NAME]"
            + " [--version-table-schema NAME] [--lock-timeout S] [--wait-timeout S] [--single-transaction] [--json]"
            + " COMMAND [ARGS]";
    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("current", "current [-v]"),
            Map.entry("heads", "heads [-v] [--resolve-dependencies]"),
            Map.entry("branches", "branches [-v]"),
            Map.entry("history", "history [-r RANGE] [-v] [-i] | history --applied"),
            Map.entry("show", "show REV"),
            Map.entry("check", "check [--schema [--scratch-url URL]]"),
            Map.entry("graph", GraphCommand.USAGE),
            Map.entry("copy", CopyCommand.USAGE),
            Map.entry("init", "init"),
            Map.entry("lint", LintCommand.USAGE),
            Map.entry("upgrade", "upgrade TARGET [--sql]"),
            Map.entry("downgrade", "downgrade TARGET [--sql]"),
            Map.entry("stamp", "stamp TARGET... [--sql] [--purge]"),
            Map.entry("merge", "merge REVS... -m MSG [--branch-label L] [--rev-id ID] [--format sql|yaml]"),
            Map.entry("revision", "revision -m MSG [--head H] [--splice] [--branch-label L] [--depends-on R]..."
                    + " [--rev-id ID] [--format sql|yaml]"));

    private Main() {
    }

    public static void main(String[] args) {
        // stdout buffered (history of 10,000 revisions is 10,000 lines) and flushed by run()
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        System.exit(code);
    }

    /**
     * Runs one command. Command output goes to {@code out}, progress and errors to {@code err}.
     *
     * @return the exit status: 0 success, 1 the command failed, 2 bad usage or configuration
     */
    public static int run(String[] args, PrintStream rawOut, PrintStream rawErr) {
        PrintStream out = Redacting.wrap(rawOut, false); // the one place output leaves: no password passes
        PrintStream err = Redacting.wrap(rawErr, true);
        boolean debug = Arrays.asList(args).contains("--debug");
        try {
            return dispatch(args, out, err);
        } catch (ParseException e) {
            err.println("usage: " + USAGE);
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RetortException e) {
            err.println("FAILED: " + e.getMessage());
            if (Arrays.asList(args).contains("--json")) {
                out.println(Json.write(Json.doc("error", e.getMessage(), "exit_code", e.exitCode())));
            }
            if (debug) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("FAILED: internal error: " + e);
            if (debug) {
                e.printStackTrace(err);
            } else {
                err.println("(run with --debug for the stack trace)");
            }
            return 1;
        } finally {
            out.flush();
        }
    }

    /** commons-cli would strip quotes around a value: {@code --version-table '"v"'} names the table {@code "v"}. */
    private static DefaultParser parser() {
        return DefaultParser.builder().setStripLeadingAndTrailingQuotes(false).build();
    }

    private static Options globalOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("url").hasArg().argName("URL").desc("database URL").build());
        o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
                .desc("retort.yaml or alembic.ini (default: either one in the working directory)").build());
        o.addOption(Option.builder().longOpt("revisions").hasArg().argName("DIR")
                .desc("revisions directory (repeatable)").build());
        o.addOption(Option.builder().longOpt("version-table").hasArg().build());
        o.addOption(Option.builder().longOpt("version-table-schema").hasArg().build());
        o.addOption(Option.builder().longOpt("lock-timeout").hasArg().argName("SECONDS")
                .desc("how long to wait for another migration run (default 600)").build());
        o.addOption(Option.builder().longOpt("wait-timeout").hasArg().argName("SECONDS")
                .desc("wait for the database to accept connections (default 0)").build());
        o.addOption(Option.builder().longOpt("ddl-lock-timeout").hasArg().argName("SECONDS")
                .desc("PostgreSQL: lock_timeout of each revision, retried when hit (default 5; 0: off)").build());
        o.addOption(Option.builder().longOpt("ddl-retries").hasArg().argName("N")
                .desc("retries of a revision that hit the DDL lock timeout (default 10)").build());
        o.addOption(Option.builder().longOpt("single-transaction")
                .desc("run the whole upgrade/downgrade in one transaction").build());
        o.addOption(Option.builder().longOpt("json").desc("one JSON document on stdout").build());
        o.addOption(Option.builder().longOpt("debug").desc("stack traces on errors").build());
        o.addOption(Option.builder().longOpt("version").desc("print retort's version and exit").build());
        o.addOption(Option.builder("h").longOpt("help").build());
        return o;
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws ParseException {
        CommandLine global = parser().parse(globalOptions(), args, true);
        List<String> rest = global.getArgList();
        if (global.hasOption("version")) {
            out.println("retort " + Version.get()); // as `alembic --version` prints "alembic 1.8.1"
            return 0;
        }
        if (global.hasOption("help") || rest.isEmpty()) {
            printHelp(rest.isEmpty() && !global.hasOption("help") ? err : out);
            return rest.isEmpty() && !global.hasOption("help") ? 2 : 0;
        }
        String command = rest.get(0);
        if (!COMMANDS.containsKey(command)) {
            throw new ParseException("unknown command '" + command + "'; commands: "
                    + String.join(", ", COMMANDS.keySet().stream().sorted().toList()));
        }
        Options opts = commandOptions(command);
        globalOptions().getOptions().forEach(opts::addOption); // global options may also follow the command
        // Relative targets such as -1 or -2:base are arguments, not options (Alembic needs -r=-1:).
        String[] commandArgs = rest.subList(1, rest.size()).stream()
                .map(t -> t.matches("-\\d.*") ? NEGATIVE + t : t).toArray(String[]::new);
        CommandLine cl = parser().parse(opts, commandArgs);
        if (command.equals("init")) {
            none(command, cl.getArgList());
            for (Path p : Init.init(Path.of("").toAbsolutePath())) {
                out.println("Creating " + p + " ...  done");
            }
            return 0;
        }
        List<Path> dirs = new ArrayList<>();
        for (CommandLine c : List.of(global, cl)) {
            if (c.hasOption("revisions")) {
                for (String d : c.getOptionValues("revisions")) {
                    dirs.add(Path.of(d));
                }
            }
        }
        String config = value(global, cl, "config");
        String lockTimeout = value(global, cl, "lock-timeout");
        boolean single = global.hasOption("single-transaction") || cl.hasOption("single-transaction");
        FileSettings file = ConfigFile.load(Path.of("").toAbsolutePath(), config == null ? null : Path.of(config));
        Precedence.Resolved settings = Precedence.resolve(file,
                System.getenv(),
                new Precedence.CliValues(value(global, cl, "url"), dirs, value(global, cl, "version-table"),
                        value(global, cl, "version-table-schema"),
                        lockTimeout == null ? null : Precedence.parseLockTimeout(lockTimeout, "--lock-timeout"),
                        single ? Boolean.TRUE : null,
                        value(global, cl, "ddl-lock-timeout") == null ? null
                                : Precedence.parseLockTimeout(value(global, cl, "ddl-lock-timeout"), "--ddl-lock-timeout"),
                        value(global, cl, "ddl-retries") == null ? null
                                : Precedence.parseRetries(value(global, cl, "ddl-retries"), "--ddl-retries")));
        if (Set.of("current", "upgrade", "downgrade", "stamp", "check").contains(command)) {
            settings.databaseUrl(); // a bad URL is a usage error naming where it came from
        }
        boolean json = global.hasOption("json") || cl.hasOption("json");
        if (command.equals("copy")) {
            none(command, cl.getArgList());
            return CopyCommand.run(cl, settings, json, out, err);
        }
        Retort.Builder b = settings.applyTo(Retort.configure())
                .log(line -> err.println(line.startsWith("WARNING: ") ? line
                        : "INFO  [alembic.runtime.migration] " + line));
        Long waitTimeout = seconds(value(global, cl, "wait-timeout"), "--wait-timeout");
        if (waitTimeout != null) {
            b.waitTimeoutMillis(waitTimeout);
        }
        Retort retort = b.load();
        List<String> params = cl.getArgList().stream().map(Main::unescape).toList();
        if (command.equals("lint")) {
            return LintCommand.run(cl.hasOption("all"), params, settings, retort, json, out, err);
        }
        return execute(command, cl, params, retort, json, out, err, file.revisionFormat());
    }

    /** {@code --format}, else retort.yaml's {@code revision_format}, else SQL. */
    private static RevisionWriter.Format format(CommandLine cl, RevisionWriter.Format configured) throws ParseException {
        if (!cl.hasOption("format")) {
            return configured;
        }
        RevisionWriter.Format f = RevisionWriter.Format.parse(cl.getOptionValue("format"));
        if (f == null) {
            throw new ParseException("--format must be sql or yaml, not '" + cl.getOptionValue("format") + "'");
        }
        return f;
    }

    private static int execute(String command, CommandLine cl, List<String> params, Retort retort, boolean json,
                               PrintStream out, PrintStream err, RevisionWriter.Format configuredFormat)
            throws ParseException {
        boolean verbose = cl.hasOption("verbose");
        switch (command) {
            case "current" -> {
                none(command, params);
                List<String> rows = retort.currentRows();
                List<Node> tips = new ArrayList<>(retort.current(rows));
                tips.sort(Comparator.comparing(Node::id));
                if (json) {
                    out.println(Json.write(Json.doc("url", retort.displayUrl(), "heads_in_database", rows,
                            "current", Json.revisions(tips))));
                    return 0;
                }
                if (verbose) {
                    out.println("Current revision(s) for " + retort.displayUrl() + ":");
                }
                tips.forEach(n -> out.println(Format.cmd(n, verbose, false, false, false, true, false)));
            }
            case "heads" -> {
                none(command, params);
                List<Node> heads = retort.heads(cl.hasOption("resolve-dependencies"));
                if (json) {
                    out.println(Json.write(Json.doc("heads", Json.revisions(heads))));
                    return 0;
                }
                heads.forEach(n -> out.println(Format.cmd(n, verbose, true, false, false, false, false)));
            }
            case "branches" -> {
                none(command, params);
                List<Node> points = retort.branchPoints();
                if (json) {
                    out.println(Json.write(Json.doc("branch_points", Json.revisions(points))));
                    return 0;
                }
                for (Node bp : points) {
                    StringBuilder s = new StringBuilder(Format.cmd(bp, verbose, true, false, false, true, false));
                    s.append('\n');
                    List<Node> children = bp.children().stream().sorted(Comparator.comparing(Node::id)).toList();
                    List<String> lines = new ArrayList<>();
                    for (Node c : children) {
                        lines.add(" ".repeat(bp.id().length()) + " -> "
                                + Format.line(c, true, verbose, false, true, false));
                    }
                    s.append(String.join("\n", lines)).append('\n');
                    out.println(s);
                }
            }
            case "history" -> {
                none(command, params);
                if (cl.hasOption("applied")) {
                    appliedHistory(retort, json, out);
                    return 0;
                }
                boolean indicate = cl.hasOption("indicate-current");
                Set<String> rows = indicate ? Set.copyOf(retort.currentRows()) : Set.of();
                List<Node> revisions = retort.history(unescape(cl.getOptionValue("rev-range")));
                if (json) {
                    List<Map<String, Object>> docs = new ArrayList<>();
                    for (Node n : revisions) {
                        Map<String, Object> d = Json.revision(n);
                        if (indicate) {
                            d.put("is_current", rows.contains(n.id()));
                        }
                        docs.add(d);
                    }
                    out.println(Json.write(Json.doc("revisions", docs)));
                    return 0;
                }
                for (Node n : revisions) {
                    out.println(Format.cmd(n, verbose, true, true, true, true, rows.contains(n.id())));
                }
            }
            case "show" -> {
                String rev = one(command, params);
                List<Node> nodes = retort.show(rev);
                if (json) {
                    List<Map<String, Object>> docs = new ArrayList<>();
                    nodes.forEach(n -> {
                        Map<String, Object> d = Json.revision(n);
                        d.put("longdoc", n.revision().longdoc());
                        docs.add(d);
                    });
                    out.println(Json.write(Json.doc("revisions", docs)));
                    return 0;
                }
                nodes.forEach(n -> out.println(Format.block(n, false)));
            }
            case "upgrade", "downgrade" -> {
                String target = one(command, params);
                boolean up = command.equals("upgrade");
                if (cl.hasOption("sql")) {
                    out.print(up ? retort.upgradeSql(target, retort.dialect())
                            : retort.downgradeSql(target, retort.dialect()));
                    return 0;
                }
                Run run = up ? retort.upgrade(target) : retort.downgrade(target);
                if (json) {
                    out.println(Json.write(Json.run(command, List.of(target), run)));
                }
            }
            case "stamp" -> {
                if (params.isEmpty()) {
                    throw new ParseException("stamp needs at least one TARGET");
                }
                if (cl.hasOption("sql")) {
                    out.print(retort.stampSql(params, cl.hasOption("purge"), retort.dialect()));
                    return 0;
                }
                Run run = retort.stamp(params, cl.hasOption("purge"));
                if (json) {
                    out.println(Json.write(Json.run(command, params, run)));
                }
            }
            case "graph" -> {
                none(command, params);
                return GraphCommand.run(cl, unescape(cl.getOptionValue("rev-range")), retort, json, out);
            }
            case "check" -> {
                none(command, params);
                Retort.Check check = retort.check();
                return SchemaCheck.run(cl, retort, check, json, out, c -> printCheck(c, retort, out));
            }
            case "merge" -> {
                if (params.isEmpty()) {
                    throw new ParseException("merge needs at least one revision (e.g. 'heads')");
                }
                Path p = retort.merge(params, cl.getOptionValue("message"), cl.getOptionValue("branch-label"),
                        cl.getOptionValue("rev-id"), format(cl, configuredFormat));
                generated(p, json, out);
            }
            case "revision" -> {
                none(command, params);
                List<String> deps = cl.hasOption("depends-on") ? List.of(cl.getOptionValues("depends-on")) : List.of();
                Path p = retort.revision(new Retort.NewRevision(cl.getOptionValue("message"),
                        cl.getOptionValue("head"), cl.hasOption("splice"), cl.getOptionValue("branch-label"), deps,
                        cl.getOptionValue("rev-id"), format(cl, configuredFormat)));
                generated(p, json, out);
            }
            default -> throw new IllegalStateException(command);
        }
        return 0;
    }

    private static void generated(Path p, boolean json, PrintStream out) {
        if (json) {
            out.println(Json.write(Json.doc("path", p.toAbsolutePath().toString())));
        } else {
            out.println("Generating " + p.toAbsolutePath() + " ...  done");
        }
    }

    private static void appliedHistory(Retort retort, boolean json, PrintStream out) {
        List<HistoryTable.Entry> entries = retort.appliedHistory();
        if (json) {
            List<Map<String, Object>> docs = new ArrayList<>();
            entries.forEach(e -> docs.add(Json.historyEntry(e)));
            out.println(Json.write(Json.doc("history", docs)));
            return;
        }
        for (HistoryTable.Entry e : entries) {
            String who = e.dbUser() == null ? e.osUser() : e.osUser() + " as " + e.dbUser();
            out.println(e.startedAt().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + "  "
                    + String.format("%-9s", e.direction()) + " " + e.fromRevisions().replace(",", ", ") + " -> "
                    + e.toRevisions().replace(",", ", ") + "  " + e.durationMillis() + " ms  " + who + "  "
                    + (e.success() ? "ok" : "FAILED: " + e.error()));
        }
    }

    private static void printCheck(Retort.Check c, Retort retort, PrintStream out) {
        switch (c.status()) {
            case NO_DATABASE -> out.println("no SQLite database at " + retort.missingSqliteFile() + " (nothing was"
                    + " created): check the path in the database URL; 'retort upgrade head' creates it and applies "
                    + c.pending().size() + " revision(s)");
            case UP_TO_DATE -> out.println("Database is up to date: " + String.join(", ",
                    c.current().stream().map(n -> Format.line(n, false, false, false, false, false)).toList()));
            case PENDING -> {
                out.println(c.pending().size() + " pending revision(s):");
                c.pending().forEach(s -> out.println("  " + s.logLine().substring("Running ".length())));
            }
            case MISMATCH -> {
                out.println("Database does not match the revision files:");
                c.unknownRows().forEach(r -> out.println("  the version table holds '" + r + "', which no revision"
                        + " file defines (deleted or renamed revision? restore it, or repair with 'stamp --purge')"));
                c.changed().forEach(ch -> out.println("  revision " + ch.revision() + " (" + ch.file()
                        + ") was changed after it was applied at " + ch.appliedAt() + " (checksum "
                        + ch.appliedChecksum().substring(0, 12) + " then, " + ch.currentChecksum().substring(0, 12)
                        + " now); revert the edit and put the change in a new revision"));
            }
            default -> throw new IllegalStateException();
        }
    }

    private static final String NEGATIVE = "\u0000";

    /** A number of seconds as milliseconds; null if absent. */
    private static Long seconds(String value, String option) {
        if (value == null) {
            return null;
        }
        try {
            double s = Double.parseDouble(value);
            if (s < 0 || Double.isNaN(s)) {
                throw new NumberFormatException();
            }
            return Math.round(s * 1000);
        } catch (NumberFormatException e) {
            throw RetortException.usage(option + " takes a number of seconds, not '" + value + "'");
        }
    }

    private static String value(CommandLine global, CommandLine command, String name) {
        return command.hasOption(name) ? command.getOptionValue(name) : global.getOptionValue(name);
    }

    private static String unescape(String s) {
        return s != null && s.startsWith(NEGATIVE) ? s.substring(1) : s;
    }

    private static Options commandOptions(String command) {
        Options o = new Options();
        Option verbose = Option.builder("v").longOpt("verbose").desc("verbose output").build();
        Option sql = Option.builder().longOpt("sql").desc("print the SQL instead of running it").build();
        Option message = Option.builder("m").longOpt("message").hasArg().build();
        Option label = Option.builder().longOpt("branch-label").hasArg().build();
        Option revId = Option.builder().longOpt("rev-id").hasArg().build();
        Option format = Option.builder().longOpt("format").hasArg().desc("sql or yaml (a portable revision)").build();
        switch (command) {
            case "current", "branches" -> o.addOption(verbose);
            case "heads" -> o.addOption(verbose).addOption(Option.builder().longOpt("resolve-dependencies").build());
            case "history" -> o.addOption(verbose)
                    .addOption(Option.builder("r").longOpt("rev-range").hasArg().build())
                    .addOption(Option.builder("i").longOpt("indicate-current").build())
                    .addOption(Option.builder().longOpt("applied").desc("the audit history of the database").build());
            case "upgrade", "downgrade" -> o.addOption(sql);
            case "copy" -> CopyCommand.addOptions(o);
            case "graph" -> GraphCommand.addOptions(o);
            case "lint" -> LintCommand.addOptions(o);
            case "check" -> SchemaCheck.addOptions(o);
            case "stamp" -> o.addOption(sql).addOption(Option.builder().longOpt("purge").build());
            case "merge" -> o.addOption(message).addOption(label).addOption(revId).addOption(format);
            case "revision" -> o.addOption(message).addOption(label).addOption(revId).addOption(format)
                    .addOption(Option.builder().longOpt("head").hasArg().build())
                    .addOption(Option.builder().longOpt("splice").build())
                    .addOption(Option.builder().longOpt("depends-on").hasArg().build());
            default -> { }
        }
        return o;
    }

    private static void none(String command, List<String> params) throws ParseException {
        if (!params.isEmpty()) {
            throw new ParseException("unexpected argument(s) for " + command + ": " + String.join(" ", params)
                    + "\nusage: retort " + COMMANDS.get(command));
        }
    }

    private static String one(String command, List<String> params) throws ParseException {
        if (params.size() != 1) {
            throw new ParseException((params.isEmpty() ? "missing" : "too many") + " argument(s) for " + command
                    + "\nusage: retort " + COMMANDS.get(command));
        }
        return params.get(0);
    }

    private static void printHelp(PrintStream s) {
        s.println("usage: " + USAGE);
        s.println();
        s.println("commands:");
        COMMANDS.keySet().stream().sorted().forEach(c -> s.println("  retort " + COMMANDS.get(c)));
        s.println();
        HelpFormatter f = new HelpFormatter();
        java.io.PrintWriter pw = new java.io.PrintWriter(s);
        f.printOptions(pw, 100, globalOptions(), 2, 2);
        pw.flush();
    }
}
