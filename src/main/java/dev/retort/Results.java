package dev.retort;

import dev.retort.api.HistoryEntry;
import dev.retort.api.MigrateResult;
import dev.retort.api.RevisionInfo;
import dev.retort.api.StepInfo;
import dev.retort.db.HistoryTable;
import dev.retort.db.Run;
import dev.retort.graph.Node;
import dev.retort.graph.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The graph's and the database's types turned into the result records of {@code dev.retort.api}. */
final class Results {
    private Results() {
    }

    static RevisionInfo revision(Node n) {
        return new RevisionInfo(n.id(), n.downRevisions(), n.revision().dependsOn(), List.copyOf(n.labels()),
                n.revision().doc(), n.revision().longdoc(), n.revision().file(), n.revision().location(), n.isRealHead(),
                n.isHead() && !n.isRealHead(), n.isBranchPoint(), n.isMergePoint(),
                n.children().stream().map(Node::id).sorted().toList());
    }

    static List<RevisionInfo> revisions(List<Node> nodes) {
        return nodes.stream().map(Results::revision).toList();
    }

    static StepInfo step(Step s, Long millis) {
        return new StepInfo(StepInfo.Direction.valueOf(s.direction().name()),
                s.revision() == null ? null : s.revision().id(), s.fromIds(), s.toIds(),
                s.revision() == null ? null : s.revision().doc(), s.logLine().substring("Running ".length()), millis);
    }

    static MigrateResult run(Run run) {
        List<StepInfo> steps = new ArrayList<>();
        for (int i = 0; i < run.plan().steps().size(); i++) {
            steps.add(step(run.plan().steps().get(i), run.stepMillis().get(i)));
        }
        return new MigrateResult(run.plan().rowsBefore(), run.plan().rowsAfter(), steps, run.totalMillis(),
                run.plan().warnings());
    }

    /** A row of the history table; its direction and version ids are stored as the text Alembic's log uses. */
    static HistoryEntry historyEntry(HistoryTable.Entry e) {
        return new HistoryEntry(e.id(), e.revision(), StepInfo.Direction.valueOf(e.direction().toUpperCase(Locale.ROOT)),
                ids(e.fromRevisions()), ids(e.toRevisions()),
                e.checksum(), e.file(), e.dbUser(), e.osUser(), e.startedAt(), e.durationMillis(), e.success(),
                e.error());
    }

    private static List<String> ids(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
