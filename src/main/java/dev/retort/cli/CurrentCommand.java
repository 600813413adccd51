package dev.retort.cli;

import dev.retort.api.RevisionInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code current [-v]}: the database's branch tips. */
final class CurrentCommand extends Command {
    CurrentCommand() {
        super("current [-v]", Needs.DATABASE);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.verbose());
    }

    @Override
    int run(Invocation in) throws ParseException {
        in.none();
        List<String> rows = in.retort().currentRows();
        List<RevisionInfo> tips = new ArrayList<>(in.retort().current(rows));
        tips.sort(Comparator.comparing(RevisionInfo::id));
        in.render().current(in.retort().displayUrl(), rows, tips, in.has("verbose"));
        return 0;
    }
}
