package dev.retort.cli;

import dev.retort.api.CheckResult;
import org.apache.commons.cli.ParseException;

/** {@code check}: exit 0 up to date, 3 revisions pending, 4 the database and the files disagree. */
final class CheckCommand extends Command {
    CheckCommand() {
        super("check", Needs.DATABASE);
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        CheckResult check = in.retort().check();
        in.render().check(check);
        return check.exitCode();
    }
}
