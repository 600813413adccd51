package dev.retort.cli;

import dev.retort.Retort;
import dev.retort.config.Precedence;
import dev.retort.script.RevisionWriter;
import java.io.PrintStream;
import java.util.List;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.ParseException;

/**
 * One run of a command: its parsed options and arguments, what it {@link Command.Needs needs}, and
 * where its output goes.
 *
 * @param settings the resolved configuration (null for {@link Command.Needs#NOTHING})
 * @param retort   the loaded revisions (null unless REVISIONS or DATABASE)
 * @param configuredFormat retort.yaml's {@code revision_format}, else SQL (null for NOTHING)
 * @param render   the text or JSON renderer of stdout
 */
record Invocation(Command command, CommandLine options, List<String> params, Precedence.Resolved settings,
                  Retort retort, RevisionWriter.Format configuredFormat, boolean json, Renderer render, PrintStream out, PrintStream err) {

    boolean has(String option) {
        return options.hasOption(option);
    }

    String value(String option) {
        return last(options, option);
    }

    /** An option's value; given more than once, the last one, as Alembic's argparse takes it. */
    static String last(CommandLine options, String option) {
        String[] values = options.getOptionValues(option);
        return values == null ? null : values[values.length - 1];
    }

    /** {@link #last}, or {@code otherwise} when the option is not given. */
    static String last(CommandLine options, String option, String otherwise) {
        String v = last(options, option);
        return v == null ? otherwise : v;
    }

    /** {@code --format}, else retort.yaml's {@code revision_format}, else SQL. */
    RevisionWriter.Format format() throws ParseException {
        if (!has("format")) {
            return configuredFormat;
        }
        RevisionWriter.Format f = RevisionWriter.Format.parse(value("format"));
        if (f == null) {
            throw new ParseException("--format must be sql or yaml, not '" + value("format") + "'");
        }
        return f;
    }

    /**
     * Reports a written revision; one that is not a .py beside Alembic .py revisions gets a warning:
     * Alembic reads .py files only, so in a project Alembic also runs it would see another graph.
     */
    void generated(java.nio.file.Path file) {
        render.generated(file);
        if (file.toString().endsWith(".py") || file.getParent() == null) {
            return;
        }
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(file.getParent())) {
            if (files.anyMatch(f -> f.toString().endsWith(".py") && !f.getFileName().toString().equals("__init__.py"))) {
                err.println("WARNING: " + file.getFileName() + " is not a .py revision, and Alembic reads only those:"
                        + " Alembic run on this project does not see it (alembic heads shows another graph). For a"
                        + " revision Alembic runs too, write it with 'alembic revision'; retort runs both kinds.");
            }
        } catch (java.io.IOException e) {
            // only a warning
        }
    }

    /** Checks that no argument was given. */
    void none() throws ParseException {
        if (!params.isEmpty()) {
            throw new ParseException("unexpected argument(s) for " + command.name() + ": " + String.join(" ", params)
                    + "\nusage: retort " + command.usage());
        }
    }

    /** The one argument. */
    String one() throws ParseException {
        if (params.size() != 1) {
            throw new ParseException((params.isEmpty() ? "missing" : "too many") + " argument(s) for "
                    + command.name() + "\nusage: retort " + command.usage());
        }
        return params.get(0);
    }
}
