package dev.retort.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code stamp TARGET... [--sql] [--purge]}: rewrites the version rows without running SQL. */
final class StampCommand implements Command {
    @Override
    public String name() {
        return "stamp";
    }

    @Override
    public String usage() {
        return "stamp TARGET... [--sql] [--purge]";
    }

    @Override
    public void addOptions(Options o) {
        o.addOption(Main.sql()).addOption(Option.builder().longOpt("purge").build());
    }

    @Override
    public Needs needs() {
        return Needs.DATABASE;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        if (in.params().isEmpty()) {
            throw new ParseException("stamp needs at least one TARGET");
        }
        if (in.has("sql")) {
            in.out().print(in.retort().stampSql(in.params(), in.has("purge")));
            return 0;
        }
        in.render().migrated(name(), in.params(), in.retort().stamp(in.params(), in.has("purge")));
        return 0;
    }
}
