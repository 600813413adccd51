package dev.retort.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.retort.Retort;
import dev.retort.api.Dialect;
import dev.retort.graph.Plan;
import dev.retort.graph.Planner;
import dev.retort.graph.RevisionMap;
import dev.retort.graph.Target;
import dev.retort.script.ScriptDirectory;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run re-reads the version rows at each step and plans again when another run moved them. When
 * the other run did all the work, this run's result must say where the database is, not where it
 * was when this run started (SQLite has no run-long lock, so two application instances starting
 * together get here).
 */
class ReplannedRunTest {
    @TempDir
    Path tmp;

    @Test
    void aRunThatFindsItsWorkDoneByAnotherReportsTheRowsTheDatabaseHolds() throws Exception {
        Path revisions = FaultRig.writeChain(tmp.resolve("rev"), 2, Dialect.SQLITE);
        RevisionMap map = new RevisionMap(ScriptDirectory.load(List.of(revisions)));
        String url = "sqlite:///" + tmp.resolve("app.db");
        Retort other = Retort.configure().url(url).revisions(revisions).log(line -> { }).load();
        AtomicBoolean otherRan = new AtomicBoolean();
        Function<List<String>, Plan> planner = rows -> {
            if (otherRan.compareAndSet(false, true)) {
                other.upgrade("head");      // between this run's first read of the rows and its first step
            }
            return Planner.upgrade(map, rows, Target.of("head"));
        };
        try (Database db = Database.open(DatabaseUrl.parse(url), 5_000, false)) {
            Run run = new Executor(db, new VersionTable("alembic_version", null, Dialect.SQLITE), false, 5_000,
                    new DdlLocks(0, 0), line -> { }).run(planner, false);
            assertEquals(List.of(), run.plan().rowsBefore());
            assertEquals(List.of(), run.plan().steps());
            assertEquals(List.of(FaultRig.id(2)), run.plan().rowsAfter());
        }
    }
}
