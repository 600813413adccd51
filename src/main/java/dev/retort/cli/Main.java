package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.RetortException;
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
    private static final String USAGE = "retort [--url URL] [--revisions DIR]... [--version-table NAME]"
            + " [--version-table-schema NAME] COMMAND [ARGS]";
    private static final Map<String, String> COMMANDS = Map.ofEntries(
            Map.entry("current", "current [-v]"),
            Map.entry("heads", "heads [-v] [--resolve-dependencies]"),
            Map.entry("branches", "branches [-v]"),
            Map.entry("history", "history [-r RANGE] [-v] [-i]"),
            Map.entry("show", "show REV"),
            Map.entry("upgrade", "upgrade TARGET [--sql]"),
            Map.entry("downgrade", "downgrade TARGET [--sql]"),
            Map.entry("stamp", "stamp TARGET... [--sql] [--purge]"),
            Map.entry("merge", "merge REVS... -m MSG [--branch-label L] [--rev-id ID]"),
            Map.entry("revision", "revision -m MSG [--head H] [--splice] [--branch-label L] [--depends-on R]..."
                    + " [--rev-id ID]"));

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs one command. Command output goes to {@code out}, progress and errors to {@code err}.
     *
     * @return the exit status: 0 success, 1 the command failed, 2 bad usage or configuration
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        try {
            return dispatch(args, out, err);
        } catch (ParseException e) {
            err.println("usage: " + USAGE);
            err.println("error: " + e.getMessage());
            return 2;
        } catch (RetortException e) {
            err.println("FAILED: " + e.getMessage());
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

    private static Options globalOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("url").hasArg().argName("URL").desc("database URL").build());
        o.addOption(Option.builder().longOpt("revisions").hasArg().argName("DIR")
                .desc("revisions directory (repeatable)").build());
        o.addOption(Option.builder().longOpt("version-table").hasArg().build());
        o.addOption(Option.builder().longOpt("version-table-schema").hasArg().build());
        o.addOption(Option.builder().longOpt("debug").desc("stack traces on errors").build());
        o.addOption(Option.builder("h").longOpt("help").build());
        return o;
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws ParseException {
        CommandLine global = new DefaultParser().parse(globalOptions(), args, true);
        List<String> rest = global.getArgList();
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
        CommandLine cl = new DefaultParser().parse(opts, commandArgs);
        Retort.Builder b = Retort.configure()
                .url(firstNonNull(value(global, cl, "url"), System.getenv("DATABASE_URL"), Retort.DEFAULT_URL))
                .log(line -> err.println("INFO  [alembic.runtime.migration] " + line));
        for (CommandLine c : List.of(global, cl)) {
            if (c.hasOption("revisions")) {
                for (String d : c.getOptionValues("revisions")) {
                    b.revisions(Path.of(d));
                }
            }
        }
        if (value(global, cl, "version-table") != null) {
            b.versionTable(value(global, cl, "version-table"));
        }
        if (value(global, cl, "version-table-schema") != null) {
            b.versionTableSchema(value(global, cl, "version-table-schema"));
        }
        Retort retort = b.load();
        List<String> params = cl.getArgList().stream().map(Main::unescape).toList();
        boolean verbose = cl.hasOption("verbose");
        switch (command) {
            case "current" -> {
                none(command, params);
                if (verbose) {
                    out.println("Current revision(s) for " + retort.displayUrl() + ":");
                }
                List<Node> tips = new ArrayList<>(retort.current());
                tips.sort(Comparator.comparing(Node::id));
                tips.forEach(n -> out.println(Format.cmd(n, verbose, false, false, false, true, false)));
            }
            case "heads" -> {
                none(command, params);
                retort.heads(cl.hasOption("resolve-dependencies"))
                        .forEach(n -> out.println(Format.cmd(n, verbose, true, false, false, false, false)));
            }
            case "branches" -> {
                none(command, params);
                for (Node bp : retort.branchPoints()) {
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
                boolean indicate = cl.hasOption("indicate-current");
                Set<String> rows = indicate ? Set.copyOf(retort.currentRows()) : Set.of();
                for (Node n : retort.history(unescape(cl.getOptionValue("rev-range")))) {
                    out.println(Format.cmd(n, verbose, true, true, true, true, rows.contains(n.id())));
                }
            }
            case "show" -> {
                String rev = one(command, params);
                retort.show(rev).forEach(n -> out.println(Format.block(n, false)));
            }
            case "upgrade", "downgrade" -> {
                String target = one(command, params);
                boolean up = command.equals("upgrade");
                if (cl.hasOption("sql")) {
                    err.println("INFO  [alembic.runtime.migration] Generating static SQL");
                    out.print(up ? retort.upgradeSql(target, retort.dialect())
                            : retort.downgradeSql(target, retort.dialect()));
                } else if (up) {
                    retort.upgrade(target);
                } else {
                    retort.downgrade(target);
                }
            }
            case "stamp" -> {
                if (params.isEmpty()) {
                    throw new ParseException("stamp needs at least one TARGET");
                }
                if (cl.hasOption("sql")) {
                    out.print(retort.stampSql(params, cl.hasOption("purge"), retort.dialect()));
                } else {
                    retort.stamp(params, cl.hasOption("purge"));
                }
            }
            case "merge" -> {
                if (params.isEmpty()) {
                    throw new ParseException("merge needs at least one revision (e.g. 'heads')");
                }
                Path p = retort.merge(params, cl.getOptionValue("message"), cl.getOptionValue("branch-label"),
                        cl.getOptionValue("rev-id"));
                out.println("Generating " + p.toAbsolutePath() + " ...  done");
            }
            case "revision" -> {
                none(command, params);
                List<String> deps = cl.hasOption("depends-on") ? List.of(cl.getOptionValues("depends-on")) : List.of();
                Path p = retort.revision(new Retort.NewRevision(cl.getOptionValue("message"),
                        cl.getOptionValue("head"), cl.hasOption("splice"), cl.getOptionValue("branch-label"), deps,
                        cl.getOptionValue("rev-id")));
                out.println("Generating " + p.toAbsolutePath() + " ...  done");
            }
            default -> throw new IllegalStateException(command);
        }
        return 0;
    }

    private static final String NEGATIVE = "\u0000";

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
        switch (command) {
            case "current", "branches" -> o.addOption(verbose);
            case "heads" -> o.addOption(verbose).addOption(Option.builder().longOpt("resolve-dependencies").build());
            case "history" -> o.addOption(verbose)
                    .addOption(Option.builder("r").longOpt("rev-range").hasArg().build())
                    .addOption(Option.builder("i").longOpt("indicate-current").build());
            case "upgrade", "downgrade" -> o.addOption(sql);
            case "stamp" -> o.addOption(sql).addOption(Option.builder().longOpt("purge").build());
            case "merge" -> o.addOption(message).addOption(label).addOption(revId);
            case "revision" -> o.addOption(message).addOption(label).addOption(revId)
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

    private static String firstNonNull(String... values) {
        for (String v : values) {
            if (v != null && !v.isBlank()) {
                return v;
            }
        }
        return null;
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
