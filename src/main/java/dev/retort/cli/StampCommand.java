package dev.retort.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code stamp TARGET... [--sql] [--purge]}: rewrites the version rows without running SQL. */
final class StampCommand extends Command {
    StampCommand() {
        super("stamp TARGET... [--sql] [--purge]", Needs.DATABASE);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.sql()).addOption(Option.builder().longOpt("purge").build());
    }

    @Override
    int run(Invocation in) throws ParseException {
        if (in.params().isEmpty()) {
            throw new ParseException("stamp needs at least one TARGET");
        }
        if (in.has("sql")) {
            in.render().script(name(), in.params(), in.retort().stampSql(in.params(), in.has("purge")));
            return 0;
        }
        in.render().migrated(name(), in.params(), in.retort().stamp(in.params(), in.has("purge")));
        return 0;
    }
}
