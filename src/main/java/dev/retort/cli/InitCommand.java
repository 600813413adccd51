package dev.retort.cli;

import dev.retort.config.Init;
import java.nio.file.Path;
import org.apache.commons.cli.ParseException;

/** {@code init}: writes retort.yaml and revisions/ in the working directory. */
final class InitCommand extends Command {
    InitCommand() {
        super("init", Needs.NOTHING);
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        for (Path p : Init.init(Path.of("").toAbsolutePath())) {
            in.out().println("Creating " + p + " ...  done");
        }
        return 0;
    }
}
