package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.api.RetortException;
import dev.retort.config.ConfigFile;
import dev.retort.config.FileSettings;
import dev.retort.config.Precedence;
import dev.retort.config.Spelling;
import dev.retort.script.Location;
import dev.retort.script.RevisionWriter;
import dev.retort.script.ScriptDirectory;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
/**
 * The command line: parses the global options, prepares what the command {@link Command.Needs
 * needs} (the configuration resolved by {@link Precedence}, a loaded {@link Retort}), runs it with
 * the {@link Text} or {@link Json} renderer. Command output goes to stdout; progress lines and
 * errors ({@code FAILED: ...}) to stderr.
 */
public final class Main {
    private static final String USAGE = "retort [--url URL] [--revisions DIR]... [GLOBAL OPTIONS] COMMAND [ARGS]";
    /** Every command, by name (sorted, as help and the unknown-command message list them). */
    private static final Map<String, Command> COMMANDS = new TreeMap<>();

    static {
        for (Command c : List.of(new CurrentCommand(), new HeadsCommand(), new BranchesCommand(),
                new HistoryCommand(), new ShowCommand(), new CheckCommand(), new CopyCommand(), new InitCommand(),
                new GraphCommand(), new LintCommand(), MigrateCommand.upgrade(), MigrateCommand.downgrade(), new StampCommand(), new MergeCommand(),
                new RevisionCommand())) {
            COMMANDS.put(c.name(), c);
        }
    }

    private Main() {
    }

    static final String INTERRUPTED = "INTERRUPTED: retort was stopped before the command finished. The running"
            + " statement is cancelled (PostgreSQL) or interrupted (SQLite), and the database rolls back what was"
            + " running in a transaction: a revision (what was committed outside one stays; the FAILED line above, or"
            + " 'retort current', says where the database is), or a copy (the target is as it was).";

    public static void main(String[] args) {
        QuietDriverLogging.install();
        // stdout buffered (history of 10,000 revisions is 10,000 lines) and flushed by run()
        PrintStream out = new PrintStream(new java.io.BufferedOutputStream(
                new java.io.FileOutputStream(java.io.FileDescriptor.out), 1 << 16), false,
                java.nio.charset.StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true,
                java.nio.charset.StandardCharsets.UTF_8);
        // Ctrl-C or kill: PostgreSQL's running statement is cancelled (it would go on holding its locks),
        // the command fails and rolls back as for any error, and a last line says so
        java.util.concurrent.CountDownLatch finished = new java.util.concurrent.CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (finished.getCount() > 0) {
                awaitCancelled(finished);
                out.flush();
                err.println(INTERRUPTED);
            }
        }));
        int code;
        try {
            code = run(args, out, err);
        } finally {
            finished.countDown();     // an Error that escapes run is a crash, not a stop
        }
        out.flush();
        System.exit(code);
    }

    /**
     * Cancels what the command runs on PostgreSQL, again every half second (a statement may start
     * just after a cancel), until the command has rolled back and ended, for at most 10 s.
     */
    private static void awaitCancelled(java.util.concurrent.CountDownLatch finished) {
        try {
            for (int i = 0; i < 20 && dev.retort.db.StopRequest.stop(); i++) {
                if (finished.await(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        boolean json = Arrays.asList(args).contains("--json");
        try {
            return dispatch(args, out, err);
        } catch (ParseException e) {
            err.println("usage: " + USAGE);
            err.println("error: " + e.getMessage());
            if (json) {
                if (Arrays.asList(args).contains("copy")) {    // copy's own failure document
                    out.println(CopyCommand.failureDocument(e.getMessage(), 2));
                } else {
                    new Json(out).error(e.getMessage(), 2);
                }
            }
            return 2;
        } catch (RetortException e) {
            err.println("FAILED: " + e.getMessage());
            if (json) {
                new Json(out).error(e.getMessage(), e.exitCode());
            }
            if (debug) {
                e.printStackTrace(err);
            }
            return e.exitCode();
        } catch (RuntimeException e) {
            err.println("FAILED: internal error: " + e);
            if (json) {
                new Json(out).error("internal error: " + e, 1);
            }
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

    /**
     * In a locale whose encoding is not UTF-8 (the C locale reads as ASCII) the JVM puts U+FFFD for
     * each byte it can't decode: such an argument would name the wrong file or write a broken
     * message, so it is refused. Its value is not shown: it may hold a password.
     */
    static void refuseUndecodable(String[] args, String encoding) {
        if (encoding.equalsIgnoreCase("UTF-8") || encoding.equalsIgnoreCase("UTF8")) {
            return;
        }
        for (int i = 0; i < args.length; i++) {
            if (args[i].indexOf('\uFFFD') >= 0) {
                String which = i > 0 && args[i - 1].startsWith("-") ? "The value of " + args[i - 1]
                        : "Argument " + (i + 1);
                throw RetortException.usage(which + " has characters that this locale's encoding (" + encoding
                        + ") can't read. " + ScriptDirectory.UTF8_LOCALE_ADVICE
                        + "; bin/retort sets LC_CTYPE=C.UTF-8 itself unless LC_ALL is set.");
            }
        }
    }

    /** commons-cli would strip quotes around a value: {@code --version-table '"v"'} names the table {@code "v"}. */
    private static DefaultParser parser() {
        return DefaultParser.builder().setStripLeadingAndTrailingQuotes(false).build();
    }

    /** The options before the command. bin/retort lists those that take a value, to find the command. */
    static Options globalOptions() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("url").hasArg().argName("URL").desc("database URL").build());
        o.addOption(Option.builder().longOpt("config").hasArg().argName("FILE")
                .desc("retort.yaml or alembic.ini (default: either one in the working directory)").build());
        o.addOption(Option.builder().longOpt("revisions").hasArg().argName("DIR")
                .desc("revisions directory, or classpath:PATH (repeatable)").build());
        o.addOption(Option.builder().longOpt("version-table").hasArg().argName("NAME")
                .desc("the version table (default alembic_version)").build());
        o.addOption(Option.builder().longOpt("version-table-schema").hasArg().argName("NAME")
                .desc("PostgreSQL: the version table's schema (default: none, the search_path decides)").build());
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
        o.addOption(Option.builder("h").longOpt("help").desc("this help; retort COMMAND --help: that command's options").build());
        return o;
    }

    private static int dispatch(String[] args, PrintStream out, PrintStream err) throws ParseException {
        refuseUndecodable(args, System.getProperty("sun.jnu.encoding", "UTF-8"));
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
        Command command = COMMANDS.get(rest.get(0));
        if (command == null && rest.get(0).startsWith("-")) {    // an option the parser did not know
            List<String> known = globalOptions().getOptions().stream().filter(o -> o.getLongOpt() != null)
                    .map(o -> "--" + o.getLongOpt()).toList();
            String near = Spelling.nearest(rest.get(0).split("=", 2)[0], known);
            throw new ParseException("unknown option '" + rest.get(0) + "'" + (near == null ? ""
                    : "; did you mean " + near + "?") + " (retort --help lists the options)");
        }
        if (command == null) {
            String near = Spelling.nearest(rest.get(0), COMMANDS.keySet());
            throw new ParseException("unknown command '" + rest.get(0) + "'" + Spelling.didYouMean(near)
                    + "; commands: " + String.join(", ", COMMANDS.keySet()));
        }
        if (rest.get(0).equals("revision") && rest.contains("--autogenerate")) {
            throw new ParseException("--autogenerate compares SQLAlchemy models with the database, and retort has no"
                    + " models: write the revision's SQL or portable operations yourself (retort revision -m MESSAGE);"
                    + " check --schema shows what differs from the revisions");
        }
        Options opts = new Options();
        command.addOptions(opts);
        globalOptions().getOptions().forEach(opts::addOption); // global options may also follow the command
        CommandLine cl = parser().parse(opts, markRelativeTargets(rest.subList(1, rest.size()), opts));
        if (cl.hasOption("version")) {
            out.println("retort " + Version.get());
            return 0;
        }
        if (cl.hasOption("help")) {    // as Alembic's `upgrade --help`: the command's usage, nothing runs
            printHelp(command, out);
            return 0;
        }
        List<String> params = cl.getArgList().stream().map(Main::unescape).toList();
        boolean json = global.hasOption("json") || cl.hasOption("json");
        Renderer render = json ? new Json(out) : new Text(out);
        if (command.needs() == Command.Needs.NOTHING) {
            return command.run(new Invocation(command, cl, params, null, null, null, json, render, out, err));
        }
        String config = value(global, cl, "config");
        FileSettings file = ConfigFile.load(Path.of("").toAbsolutePath(), config == null ? null : Path.of(config));
        Precedence.Resolved settings = settings(global, cl, file);
        RevisionWriter.Format format = file.revisionFormat() == null ? RevisionWriter.Format.SQL
                : file.revisionFormat();
        if (command.needs() == Command.Needs.SETTINGS) {
            return command.run(new Invocation(command, cl, params, settings, null, format, json, render, out, err));
        }
        Retort.Builder builder = builder(settings, command.needs(), err);
        requireDirectories(settings.revisionDirs());
        Retort retort = builder.load();
        return command.run(new Invocation(command, cl, params, settings, retort, format, json, render, out, err));
    }

    /** A revisions directory that does not exist gets Alembic's words, which only the command line can follow. */
    private static void requireDirectories(List<Location> locations) {
        for (Location l : locations) {
            if (l instanceof Location.Filesystem f && !Files.exists(f.dir())) {
                throw RetortException.usage("Path doesn't exist: '" + f.dir().toAbsolutePath().normalize()
                        + "'.  Please use the 'init' command to create a new scripts folder.");
            }
        }
    }

    /** The resolved settings handed to the builder; progress lines go to {@code err} as Alembic logs them. */
    static Retort.Builder builder(Precedence.Resolved settings, Command.Needs needs, PrintStream err) {
        Retort.Builder b = Retort.configure();
        settings.revisionDirs().forEach(l -> b.locations(l.spec()));
        b.versionTable(settings.versionTable())
                .versionTableSchema(settings.versionTableSchema())
                .lockTimeoutMillis(settings.lockTimeoutMillis())
                .singleTransaction(settings.singleTransaction())
                .waitTimeoutMillis(settings.waitTimeoutMillis())
                .sqliteWal(settings.sqliteWal())
                .ddlLockTimeoutMillis(settings.ddlLockTimeoutMillis())
                .ddlRetries(settings.ddlRetries())
                // Alembic's UserWarning lines are Python warnings, not log records: no INFO prefix
                .log(line -> err.println(line.startsWith("WARNING: ") || line.startsWith("UserWarning: ") ? line
                        : "INFO  [alembic.runtime.migration] " + line));
        if (needs == Command.Needs.DATABASE) {
            settings.databaseUrl(); // a bad URL is a usage error naming where it came from
        }
        return b.url(settings.url()); // parsed when loaded; for the others only a command that reads the database fails on it
    }

    /** The configuration: flags (before or after the command) &gt; environment &gt; file &gt; defaults. */
    private static Precedence.Resolved settings(CommandLine global, CommandLine cl, FileSettings file) {
        List<Location> dirs = new ArrayList<>();
        for (CommandLine c : List.of(global, cl)) {
            if (c.hasOption("revisions")) {
                for (String d : c.getOptionValues("revisions")) {
                    dirs.add(Location.parse(d));
                }
            }
        }
        boolean single = global.hasOption("single-transaction") || cl.hasOption("single-transaction");
        String retries = value(global, cl, "ddl-retries");
        return Precedence.resolve(
                file, System.getenv(),
                new Precedence.CliValues(value(global, cl, "url"), dirs, value(global, cl, "version-table"),
                        value(global, cl, "version-table-schema"), seconds(global, cl, "lock-timeout", "lock timeout"),
                        single ? Boolean.TRUE : null, seconds(global, cl, "ddl-lock-timeout", "lock timeout"),
                        retries == null ? null : Precedence.parseRetries(retries, "--ddl-retries"),
                        seconds(global, cl, "wait-timeout", "wait timeout")));
    }

    /** A flag's number of seconds as milliseconds; null if absent. {@code what} names it in messages. */
    private static Long seconds(CommandLine global, CommandLine cl, String flag, String what) {
        String value = value(global, cl, flag);
        return value == null ? null : Precedence.parseSeconds(value, "--" + flag, what);
    }

    private static final String NEGATIVE = "\u0000";

    /**
     * Relative targets such as -1 or -2:base are arguments, not options: marked with {@link #NEGATIVE}
     * (removed by {@link #unescape}), except as an option's value ({@code -m -5}), which the parser
     * takes as it is.
     */
    private static String[] markRelativeTargets(List<String> tokens, Options opts) {
        String[] marked = new String[tokens.size()];
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            boolean value = i > 0 && takesValue(opts, tokens.get(i - 1));
            marked[i] = !value && t.matches("-\\d.*") ? NEGATIVE + t : t;
        }
        return marked;
    }

    /** Whether a token is an option whose value is the next token ({@code -m}, {@code --mess}; not {@code --url=X}). */
    private static boolean takesValue(Options opts, String token) {
        if (!token.startsWith("-") || token.contains("=") || token.matches("-\\d.*")) {
            return false;
        }
        String name = token.startsWith("--") ? token.substring(2) : token.substring(1);
        List<String> matching = token.startsWith("--") ? opts.getMatchingOptions(name) : List.of(name);
        Option o = matching.size() == 1 ? opts.getOption(matching.get(0)) : null;
        return o != null && o.hasArg();
    }

    private static String value(CommandLine global, CommandLine command, String name) {
        return command.hasOption(name) ? Invocation.last(command, name) : Invocation.last(global, name);
    }

    static String unescape(String s) {
        return s != null && s.startsWith(NEGATIVE) ? s.substring(1) : s;
    }

    /** The options several commands share. */
    static Option verbose() {
        return Option.builder("v").longOpt("verbose").desc("verbose output").build();
    }

    static Option sql() {
        return Option.builder().longOpt("sql").desc("print the SQL instead of running it").build();
    }

    /** {@code -m}, {@code --branch-label}, {@code --rev-id}, {@code --format}: of revision and merge. */
    static void newRevisionOptions(Options o) {
        o.addOption(Option.builder("m").longOpt("message").hasArg().build())
                .addOption(Option.builder().longOpt("branch-label").hasArg().build())
                .addOption(Option.builder().longOpt("rev-id").hasArg().build())
                .addOption(Option.builder().longOpt("format").hasArg().desc("sql or yaml (a portable revision)").build());
    }

    /** One command's usage and options (its own, then the global ones). */
    private static void printHelp(Command command, PrintStream s) {
        s.println("usage: retort " + command.usage());
        s.println();
        Options own = new Options();
        command.addOptions(own);
        java.io.PrintWriter pw = new java.io.PrintWriter(s);
        HelpFormatter f = new HelpFormatter();
        if (!own.getOptions().isEmpty()) {
            pw.println("options:");
            f.printOptions(pw, 100, own, 2, 2);
            pw.println();
        }
        pw.println("global options:");
        f.printOptions(pw, 100, globalOptions(), 2, 2);
        pw.flush();
    }

    private static void printHelp(PrintStream s) {
        s.println("usage: " + USAGE);
        s.println();
        s.println("commands:");
        COMMANDS.values().forEach(c -> s.println("  retort " + c.usage()));
        s.println();
        s.println("global options:");
        HelpFormatter f = new HelpFormatter();
        java.io.PrintWriter pw = new java.io.PrintWriter(s);
        f.printOptions(pw, 100, globalOptions(), 2, 2);
        pw.flush();
    }
}
