package dev.retort.cli;

import dev.retort.api.RevisionInfo;
import java.util.List;
import java.util.Set;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code history [-r RANGE] [-v] [-i]}, newest first; {@code history --applied}: retort's audit history. */
final class HistoryCommand extends Command {
    HistoryCommand() {
        super("history [-r RANGE] [-v] [-i] | history --applied", Needs.REVISIONS);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.verbose())
                .addOption(Option.builder("r").longOpt("rev-range").hasArg().build())
                .addOption(Option.builder("i").longOpt("indicate-current").build())
                .addOption(Option.builder().longOpt("applied").desc("the audit history of the database").build());
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        if (in.has("applied")) {
            in.render().appliedHistory(in.retort().appliedHistory());
            return 0;
        }
        Set<String> rows = in.has("indicate-current") ? Set.copyOf(in.retort().currentRows()) : null;
        List<RevisionInfo> revisions = in.retort().history(Main.unescape(in.value("rev-range")));
        in.render().history(revisions, in.has("verbose"), rows);
        return 0;
    }
}
