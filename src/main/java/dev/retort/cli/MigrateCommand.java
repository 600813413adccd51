package dev.retort.cli;

import dev.retort.api.MigrateResult;
import java.util.List;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/** {@code upgrade TARGET [--sql]} and {@code downgrade TARGET [--sql]}: one class, two directions. */
final class MigrateCommand implements Command {
    private final boolean up;

    private MigrateCommand(boolean up) {
        this.up = up;
    }

    static MigrateCommand upgrade() {
        return new MigrateCommand(true);
    }

    static MigrateCommand downgrade() {
        return new MigrateCommand(false);
    }

    @Override
    public String name() {
        return up ? "upgrade" : "downgrade";
    }

    @Override
    public String usage() {
        return name() + " TARGET [--sql]";
    }

    @Override
    public void addOptions(Options o) {
        o.addOption(Main.sql());
    }

    @Override
    public Needs needs() {
        return Needs.DATABASE;
    }

    @Override
    public int run(Invocation in) throws ParseException {
        String target = in.one();
        if (in.has("sql")) {
            in.out().print(up ? in.retort().upgradeSql(target) : in.retort().downgradeSql(target));
            return 0;
        }
        MigrateResult result = up ? in.retort().upgrade(target) : in.retort().downgrade(target);
        in.render().migrated(name(), List.of(target), result);
        return 0;
    }
}
