package dev.retort.cli;

import org.apache.commons.cli.ParseException;

/** {@code show REV}: the revisions an identifier stands for, in full. */
final class ShowCommand extends Command {
    ShowCommand() {
        super("show REV", Needs.REVISIONS);
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.render().show(in.retort().show(in.one()));
        return 0;
    }
}
