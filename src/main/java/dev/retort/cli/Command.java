package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** One command of the command line: its usage, what it needs, its options and its run. {@link Main} lists them. */
abstract class Command {
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

    private final String usage;
    private final Needs needs;

    /** {@code usage} without {@code retort }, starting with the command's name: {@code upgrade TARGET [--sql]}. */
    Command(String usage, Needs needs) {
        this.usage = usage;
        this.needs = needs;
    }

    final String name() {
        return usage.split(" ", 2)[0];
    }

    final String usage() {
        return usage;
    }

    final Needs needs() {
        return needs;
    }

    /** Adds the command's own options. */
    void addOptions(Options options) {
    }

    /** Runs the command; returns the exit status. */
    abstract int run(Invocation in) throws ParseException;
}
