package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code branches [-v]}: the branch points and what they branch into. */
final class BranchesCommand implements Command {
    @Override
    public String name() {
        return "branches";
    }

    @Override
    public String usage() {
        return "branches [-v]";
    }

    @Override
    public void addOptions(Options o) {
        o.addOption(Main.verbose());
    }

    @Override
    public Needs needs() {
        return Needs.REVISIONS;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        in.none();
        in.render().branches(in.retort().branchPoints(), in.has("verbose"));
        return 0;
    }
}
