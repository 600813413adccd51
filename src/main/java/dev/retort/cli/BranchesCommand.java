package dev.retort.cli;

import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code branches [-v]}: the branch points and what they branch into. */
final class BranchesCommand extends Command {
    BranchesCommand() {
        super("branches [-v]", Needs.REVISIONS);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.verbose());
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        in.render().branches(in.retort().branchPoints(), in.has("verbose"));
        return 0;
    }
}
