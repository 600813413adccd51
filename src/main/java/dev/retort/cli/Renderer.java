package dev.retort.cli;

import dev.retort.api.BranchPoint;
import dev.retort.api.CheckResult;
import dev.retort.api.HistoryEntry;
import dev.retort.api.MigrateResult;
import dev.retort.api.RevisionInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * How a command's result reaches stdout: {@link Text} prints Alembic's text, {@link Json} one
 * JSON document ({@code --json}). One method per kind of result.
 */
interface Renderer {
    /** {@code current}: the version rows and the branch tips they stand for. */
    void current(String url, List<String> rows, List<RevisionInfo> tips, boolean verbose);

    void heads(List<RevisionInfo> heads, boolean verbose);

    void branches(List<BranchPoint> points, boolean verbose);

    /** {@code history}; {@code currentRows} is null unless {@code -i} asked for the current marks. */
    void history(List<RevisionInfo> revisions, boolean verbose, Set<String> currentRows);

    void show(List<RevisionInfo> revisions);

    /** {@code upgrade}, {@code downgrade}, {@code stamp}: what ran. */
    void migrated(String command, List<String> targets, MigrateResult result);

    /** {@code upgrade}, {@code downgrade}, {@code stamp} with {@code --sql}: the script. */
    void script(String command, List<String> targets, String sql);

    void check(CheckResult check);

    /** {@code history --applied}: retort's audit history. */
    void appliedHistory(List<HistoryEntry> entries);

    /** {@code revision}, {@code merge}: the file written. */
    void generated(Path file);
}
