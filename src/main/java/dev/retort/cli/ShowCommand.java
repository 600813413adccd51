package dev.retort.cli;

import org.apache.commons.cli.ParseException;

/** {@code show REV}: the revisions an identifier stands for, in full. */
final class ShowCommand implements Command {
    @Override
    public String name() {
        return "show";
    }

    @Override
    public String usage() {
        return "show REV";
    }

    @Override
    public Needs needs() {
        return Needs.REVISIONS;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        in.render().show(in.retort().show(in.one()));
        return 0;
    }
}
