package dev.retort.cli;

import dev.retort.api.MigrateResult;
import java.util.List;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code upgrade TARGET [--sql]} and {@code downgrade TARGET [--sql]}: one class, two directions. */
final class MigrateCommand extends Command {
    private final boolean up;

    private MigrateCommand(boolean up) {
        super((up ? "upgrade" : "downgrade") + " TARGET [--sql]", Needs.DATABASE);
        this.up = up;
    }

    static MigrateCommand upgrade() {
        return new MigrateCommand(true);
    }

    static MigrateCommand downgrade() {
        return new MigrateCommand(false);
    }

    @Override
    void addOptions(Options o) {
        o.addOption(Main.sql());
    }

    @Override
    int run(Invocation in) throws ParseException {
        String target = in.one();
        if (in.has("sql")) {
            in.render().script(name(), List.of(target), up ? in.retort().upgradeSql(target)
                    : in.retort().downgradeSql(target));
            return 0;
        }
        MigrateResult result = up ? in.retort().upgrade(target) : in.retort().downgrade(target);
        in.render().migrated(name(), List.of(target), result);
        return 0;
    }
}
