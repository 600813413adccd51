package dev.retort.cli;

import dev.retort.config.Init;
import java.nio.file.Path;
import org.apache.commons.cli.ParseException;

/** {@code init}: writes retort.yaml and revisions/ in the working directory. */
final class InitCommand implements Command {
    @Override
    public String name() {
        return "init";
    }

    @Override
    public String usage() {
        return "init";
    }

    @Override
    public Needs needs() {
        return Needs.NOTHING;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        in.none();
        for (Path p : Init.init(Path.of("").toAbsolutePath())) {
            in.out().println("Creating " + p + " ...  done");
        }
        return 0;
    }
}
