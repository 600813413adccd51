package dev.retort.cli;

import dev.retort.Retort;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code revision -m MSG}: writes a new, empty SQL revision file. */
final class RevisionCommand extends Command {
    RevisionCommand() {
        super("revision -m MSG [--head H] [--splice] [--branch-label L] [--depends-on R]... [--rev-id ID]"
                + " [--version-path DIR] [--format sql|yaml]", Needs.REVISIONS);
    }

    @Override
    void addOptions(Options o) {
        Main.newRevisionOptions(o);
        o.addOption(Option.builder().longOpt("head").hasArg().build())
                .addOption(Option.builder().longOpt("splice").build())
                .addOption(Option.builder().longOpt("depends-on").hasArg().build())
                .addOption(Option.builder().longOpt("version-path").hasArg().argName("DIR").build());
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        List<String> deps = in.has("depends-on") ? List.of(in.options().getOptionValues("depends-on")) : List.of();
        String versionPath = in.value("version-path");
        in.generated(in.retort().revision(new Retort.NewRevision(in.value("message"), in.value("head"),
                in.has("splice"), in.value("branch-label"), deps, in.value("rev-id"), in.format(),
                versionPath == null ? null : Path.of(versionPath))));
        return 0;
    }
}
