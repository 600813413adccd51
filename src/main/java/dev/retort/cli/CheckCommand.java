package dev.retort.cli;

import dev.retort.api.CheckResult;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code check}: exit 0 up to date, 3 revisions pending, 4 the database and the files disagree;
 * with {@code --schema} also the schema against the applied revisions ({@link SchemaCheck}).
 */
final class CheckCommand extends Command {
    CheckCommand() {
        super("check [--schema [--scratch-url URL]]", Needs.DATABASE);
    }

    @Override
    void addOptions(Options o) {
        SchemaCheck.addOptions(o);
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        CheckResult check = in.retort().check();
        return SchemaCheck.run(in.options(), in.retort(), check, in.json(), in.out(), c -> {
            if (c.status() == CheckResult.Status.NO_DATABASE) {   // the text needs the path, which only Retort knows
                in.out().println("no SQLite database at " + in.retort().missingSqliteFile() + " (nothing was"
                        + " created): check the path in the database URL; 'retort upgrade "
                        + (c.heads().size() > 1 ? "heads" : "head") + "' creates it and"
                        + " applies " + c.pending().size() + " revision(s)");
            } else {
                in.render().check(c);
            }
        });
    }
}
