package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code merge REVS... -m MSG}: writes a merge revision of the given heads. */
final class MergeCommand extends Command {
    MergeCommand() {
        super("merge REVS... -m MSG [--branch-label L] [--rev-id ID] [--format sql|yaml]", Needs.REVISIONS);
    }

    @Override
    void addOptions(Options o) {
        Main.newRevisionOptions(o);
    }

    @Override
    int run(Invocation in) throws ParseException {
        if (in.params().isEmpty()) {
            throw new ParseException("merge needs at least one revision (e.g. 'heads')");
        }
        in.generated(in.retort().merge(in.params(), in.value("message"), in.value("branch-label"),
                in.value("rev-id"), in.format()));
        return 0;
    }
}
