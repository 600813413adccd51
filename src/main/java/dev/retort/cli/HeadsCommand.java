package dev.retort.cli;

import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code heads [-v] [--resolve-dependencies]}. */
final class HeadsCommand extends Command {
    HeadsCommand() {
        super("heads [-v] [--resolve-dependencies]", Needs.REVISIONS);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.verbose()).addOption(Option.builder().longOpt("resolve-dependencies").build());
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        in.render().heads(in.retort().heads(in.has("resolve-dependencies")), in.has("verbose"));
        return 0;
    }
}
