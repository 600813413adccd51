package dev.retort.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code heads [-v] [--resolve-dependencies]}. */
final class HeadsCommand implements Command {
    @Override
    public String name() {
        return "heads";
    }

    @Override
    public String usage() {
        return "heads [-v] [--resolve-dependencies]";
    }

    @Override
    public void addOptions(Options o) {
        o.addOption(Main.verbose()).addOption(Option.builder().longOpt("resolve-dependencies").build());
    }

    @Override
    public Needs needs() {
        return Needs.REVISIONS;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        in.none();
        in.render().heads(in.retort().heads(in.has("resolve-dependencies")), in.has("verbose"));
        return 0;
    }
}
