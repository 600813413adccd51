package dev.retort.cli;

import dev.retort.api.BranchPoint;
import dev.retort.api.CheckResult;
import dev.retort.api.HistoryEntry;
import dev.retort.api.MigrateResult;
import dev.retort.api.RevisionInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Alembic 1.8.1's text for revisions (Script.cmd_format, _head_only and log_entry) and retort's own. */
final class Text implements Renderer {
    /** What the one-line form of a revision shows besides its id and head marks. */
    enum Show { LABELS, MESSAGE, PARENTS, TREE_MARKS }

    private final PrintStream out;

    Text(PrintStream out) {
        this.out = out;
    }

    @Override
    public void current(String url, List<String> rows, List<RevisionInfo> tips, boolean verbose) {
        if (verbose) {
            out.println("Current revision(s) for " + url + ":");
        }
        tips.forEach(r -> out.println(cmd(r, verbose, EnumSet.of(Show.TREE_MARKS), false)));
    }

    @Override
    public void heads(List<RevisionInfo> heads, boolean verbose) {
        heads.forEach(r -> out.println(cmd(r, verbose, EnumSet.of(Show.LABELS), false)));
    }

    @Override
    public void branches(List<BranchPoint> points, boolean verbose) {
        Set<Show> child = verbose ? EnumSet.of(Show.LABELS, Show.MESSAGE, Show.TREE_MARKS)
                : EnumSet.of(Show.LABELS, Show.TREE_MARKS);
        for (BranchPoint bp : points) {
            StringBuilder s = new StringBuilder(cmd(bp.revision(), verbose, EnumSet.of(Show.LABELS, Show.TREE_MARKS),
                    false));
            s.append('\n');
            List<String> lines = new ArrayList<>();
            for (RevisionInfo c : bp.children()) {
                lines.add(" ".repeat(bp.revision().id().length()) + " -> " + line(c, child, false));
            }
            s.append(String.join("\n", lines)).append('\n');
            out.println(s);
        }
    }

    @Override
    public void history(List<RevisionInfo> revisions, boolean verbose, Set<String> currentRows) {
        Set<Show> all = EnumSet.allOf(Show.class);
        for (RevisionInfo r : revisions) {
            out.println(cmd(r, verbose, all, currentRows != null && currentRows.contains(r.id())));
        }
    }

    @Override
    public void show(List<RevisionInfo> revisions) {
        revisions.forEach(r -> out.println(block(r, false)));
    }

    /** Nothing: the progress lines on stderr say what ran. */
    @Override
    public void migrated(String command, List<String> targets, MigrateResult result) {
    }

    @Override
    public void script(String command, List<String> targets, String sql) {
        Redacting.verbatim(out, sql);
    }

    @Override
    public void check(CheckResult c) {
        switch (c.status()) {
            case UP_TO_DATE -> out.println("Database is up to date: " + (c.current().isEmpty()
                    ? "no revisions yet (base)"     // neither files nor applied rows
                    : String.join(", ", c.current().stream().map(r -> line(r, EnumSet.noneOf(Show.class), false)).toList())));
            case PENDING -> {
                out.println(c.pending().size() + " pending revision(s):");
                c.pending().forEach(s -> out.println("  " + s.summary()));
            }
            case MISMATCH -> {
                out.println("Database does not match the revision files:");
                c.unknownRows().forEach(r -> out.println("  the version table holds '" + r + "', which no revision"
                        + " file defines (deleted or renamed revision? restore it, or repair with 'stamp --purge')"));
                c.changed().forEach(ch -> out.println("  revision " + ch.revision() + " (" + ch.file()
                        + ") was changed after it was applied at " + ch.appliedAt() + " (checksum "
                        + ch.appliedChecksum().substring(0, 12) + " then, " + ch.currentChecksum().substring(0, 12)
                        + " now); revert the edit and put the change in a new revision"));
            }
            default -> throw new IllegalStateException();
        }
    }

    @Override
    public void appliedHistory(List<HistoryEntry> entries) {
        for (HistoryEntry e : entries) {
            String who = e.dbUser() == null ? e.osUser() : e.osUser() + " as " + e.dbUser();
            out.println(e.startedAt().truncatedTo(ChronoUnit.SECONDS) + "  "
                    + String.format("%-9s", e.direction().name().toLowerCase()) + " " + String.join(", ", e.from())
                    + " -> " + String.join(", ", e.to()) + "  " + e.durationMillis() + " ms  " + who + "  "
                    + (e.success() ? "ok" : "FAILED: " + e.error()));
        }
    }

    @Override
    public void generated(Path file) {
        out.println("Generating " + file.toAbsolutePath() + " ...  done");
    }

    /** The one-line form: {@code [<parents> -> ]<rev>[ (labels)][ (head)]...[, doc]}. */
    static String line(RevisionInfo r, Set<Show> show, boolean current) {
        StringBuilder s = new StringBuilder();
        if (show.contains(Show.PARENTS)) {
            s.append(downRevisions(r));
            if (!r.dependsOn().isEmpty()) {
                s.append(" (").append(String.join(", ", r.dependsOn())).append(')');
            }
            s.append(" -> ");
        }
        s.append(r.id());
        if (show.contains(Show.LABELS) && !r.branchLabels().isEmpty()) {
            s.append(" (").append(String.join(", ", r.branchLabels())).append(')');
        }
        if (r.head()) {
            s.append(" (head)");
        }
        if (r.effectiveHead()) {
            s.append(" (effective head)");
        }
        if (current) {
            s.append(" (current)");
        }
        if (show.contains(Show.TREE_MARKS)) {
            if (r.branchPoint()) {
                s.append(" (branchpoint)");
            }
            if (r.mergePoint()) {
                s.append(" (mergepoint)");
            }
        }
        if (show.contains(Show.MESSAGE)) {
            s.append(", ").append(r.message());
        }
        return s.toString();
    }

    /** The verbose block ({@code -v}, {@code show}); ends with a newline, printed with another. */
    static String block(RevisionInfo r, boolean current) {
        StringBuilder s = new StringBuilder("Rev: ").append(r.id());
        if (r.versionedHead()) {
            s.append(" (head)");
        }
        if (r.branchPoint()) {
            s.append(" (branchpoint)");
        }
        if (r.mergePoint()) {
            s.append(" (mergepoint)");
        }
        if (current) {
            s.append(" (current)");
        }
        s.append('\n');
        s.append(r.mergePoint() ? "Merges: " : "Parent: ").append(downRevisions(r)).append('\n');
        if (!r.dependsOn().isEmpty()) {
            s.append("Also depends on: ").append(String.join(", ", r.dependsOn())).append('\n');
        }
        if (r.branchPoint()) {
            s.append("Branches into: ").append(String.join(", ", r.children())).append('\n');
        }
        if (!r.branchLabels().isEmpty()) {
            s.append("Branch names: ").append(String.join(", ", r.branchLabels())).append('\n');
        }
        s.append("Path: ").append(r.path() != null ? r.path().toAbsolutePath()
                : r.location() != null ? r.location() : "").append('\n');
        s.append('\n');
        String[] lines = r.longdoc().isEmpty() ? new String[0] : r.longdoc().split("\\R", -1);
        for (int i = 0; i < lines.length; i++) {
            s.append("    ").append(lines[i]);
            if (i < lines.length - 1) {
                s.append('\n');
            }
        }
        s.append('\n');
        return s.toString();
    }

    /** The block when verbose, else the line. */
    static String cmd(RevisionInfo r, boolean verbose, Set<Show> show, boolean current) {
        return verbose ? block(r, current) : line(r, show, current);
    }

    private static String downRevisions(RevisionInfo r) {
        return r.downRevisions().isEmpty() ? "<base>" : String.join(", ", r.downRevisions());
    }
}
