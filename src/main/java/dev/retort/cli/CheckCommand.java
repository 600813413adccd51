package dev.retort.cli;

import dev.retort.api.CheckResult;
import org.apache.commons.cli.ParseException;

/** {@code check}: exit 0 up to date, 3 revisions pending, 4 the database and the files disagree. */
final class CheckCommand implements Command {
    @Override
    public String name() {
        return "check";
    }

    @Override
    public String usage() {
        return "check";
    }

    @Override
    public Needs needs() {
        return Needs.DATABASE;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        in.none();
        CheckResult check = in.retort().check();
        in.render().check(check);
        return check.exitCode();
    }
}
