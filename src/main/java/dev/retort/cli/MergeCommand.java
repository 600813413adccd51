package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code merge REVS... -m MSG}: writes a merge revision of the given heads. */
final class MergeCommand implements Command {
    @Override
    public String name() {
        return "merge";
    }

    @Override
    public String usage() {
        return "merge REVS... -m MSG [--branch-label L] [--rev-id ID]";
    }

    @Override
    public void addOptions(Options o) {
        Main.newRevisionOptions(o);
    }

    @Override
    public Needs needs() {
        return Needs.REVISIONS;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        if (in.params().isEmpty()) {
            throw new ParseException("merge needs at least one revision (e.g. 'heads')");
        }
        in.render().generated(in.retort().merge(in.params(), in.value("message"), in.value("branch-label"),
                in.value("rev-id")));
        return 0;
    }
}
