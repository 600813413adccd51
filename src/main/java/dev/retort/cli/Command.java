package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** One command of the command line: its name, usage, options and run. {@link Main} lists them. */
interface Command {
    /** What a command needs before it runs; {@link Main} prepares it. */
    enum Needs {
        /** nothing (init: not even the configuration) */
        NOTHING,
        /** the resolved configuration, no revision files (copy) */
        SETTINGS,
        /** the revision files read; the URL only if the command reads the database */
        REVISIONS,
        /** the revision files and a URL that parses (a bad one is a usage error naming its source) */
        DATABASE
    }

    String name();

    /** The usage line without {@code retort }: {@code upgrade TARGET [--sql]}. */
    String usage();

    /** Adds the command's own options. */
    default void addOptions(Options options) {
    }

    Needs needs();

    /** Runs the command; returns the exit status. */
    int run(Invocation in) throws ParseException;
}
