package dev.retort.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.retort.api.BranchPoint;
import dev.retort.api.CheckResult;
import dev.retort.api.HistoryEntry;
import dev.retort.api.MigrateResult;
import dev.retort.api.RevisionInfo;
import dev.retort.api.StepInfo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code --json} documents: one JSON object on stdout per command, with stable field names
 * (documented in the README). Field order is fixed; absent values are null.
 */
final class Json implements Renderer {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintStream out;

    Json(PrintStream out) {
        this.out = out;
    }

    @Override
    public void current(String url, List<String> rows, List<RevisionInfo> tips, boolean verbose) {
        print(doc("url", url, "heads_in_database", rows, "current", revisions(tips)));
    }

    @Override
    public void heads(List<RevisionInfo> heads, boolean verbose) {
        print(doc("heads", revisions(heads)));
    }

    @Override
    public void branches(List<BranchPoint> points, boolean verbose) {
        print(doc("branch_points", revisions(points.stream().map(BranchPoint::revision).toList())));
    }

    @Override
    public void history(List<RevisionInfo> revisions, boolean verbose, Set<String> currentRows) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (RevisionInfo r : revisions) {
            Map<String, Object> d = revision(r);
            if (currentRows != null) {
                d.put("is_current", currentRows.contains(r.id()));
            }
            docs.add(d);
        }
        print(doc("revisions", docs));
    }

    @Override
    public void show(List<RevisionInfo> revisions) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (RevisionInfo r : revisions) {
            Map<String, Object> d = revision(r);
            d.put("longdoc", r.longdoc());
            docs.add(d);
        }
        print(doc("revisions", docs));
    }

    /** What ran, the heads before and after, durations. */
    @Override
    public void migrated(String command, List<String> targets, MigrateResult run) {
        print(doc("command", command, "targets", targets, "heads_before", run.headsBefore(),
                "heads_after", run.headsAfter(), "steps", run.steps().stream().map(Json::step).toList(),
                "duration_ms", run.durationMillis(), "warnings", run.warnings()));
    }

    @Override
    public void script(String command, List<String> targets, String sql) {
        Redacting.verbatim(out, write(doc("command", command, "targets", targets, "sql", sql)) + System.lineSeparator());
    }

    @Override
    public void check(CheckResult c) {
        print(checkDoc(c));
    }

    /** {@code check}'s document ({@code check --schema} adds its drift). */
    static Map<String, Object> checkDoc(CheckResult c) {
        List<Map<String, Object>> changed = new ArrayList<>();
        c.changed().forEach(ch -> changed.add(doc("revision", ch.revision(), "file", ch.file(),
                "applied_checksum", ch.appliedChecksum(), "current_checksum", ch.currentChecksum(),
                "applied_at", ch.appliedAt().toString())));
        return doc("status", c.status().name().toLowerCase(), "exit_code", c.exitCode(),
                "heads_in_database", c.rows(), "current", c.current().stream().map(RevisionInfo::id).toList(),
                "heads", c.heads().stream().map(RevisionInfo::id).toList(),
                "pending", c.pending().stream().map(Json::step).toList(),
                "unknown_rows", c.unknownRows(), "changed", changed);
    }

    @Override
    public void appliedHistory(List<HistoryEntry> entries) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (HistoryEntry e : entries) {
            docs.add(doc("id", e.id(), "revision", e.revision(), "direction", e.direction().name().toLowerCase(),
                    "from", e.from(), "to", e.to(), "checksum", e.checksum(),
                    "file", e.file(), "db_user", e.dbUser(), "os_user", e.osUser(),
                    "started_at", e.startedAt().toString(), "duration_ms", e.durationMillis(),
                    "success", e.success(), "error", e.error()));
        }
        print(doc("history", docs));
    }

    @Override
    public void generated(Path file) {
        print(doc("path", file.toAbsolutePath().toString()));
    }

    /** A failed command: the message and the exit status. */
    void error(String message, int exitCode) {
        print(doc("error", message, "exit_code", exitCode));
    }

    private void print(Map<String, Object> doc) {
        out.println(write(doc));
    }

    static String write(Map<String, Object> doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An api enum as the JSON and text write it: {@code primary_key}, {@code depends_on}, {@code error}. */
    static String id(Enum<?> e) {
        return e == null ? null : e.name().toLowerCase(java.util.Locale.ROOT);
    }

    static Map<String, Object> doc(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A revision: ids, links, labels, flags, message and file. */
    private static Map<String, Object> revision(RevisionInfo r) {
        return doc("revision", r.id(),
                "down_revisions", r.downRevisions(),
                "depends_on", r.dependsOn(),
                "branch_labels", r.branchLabels(),
                "message", r.message(),
                "is_head", r.head(),
                "is_effective_head", r.effectiveHead(),
                "is_branch_point", r.branchPoint(),
                "is_merge_point", r.mergePoint(),
                "children", r.children(),
                "path", r.path() != null ? r.path().toAbsolutePath().toString() : r.location());
    }

    private static List<Map<String, Object>> revisions(List<RevisionInfo> revisions) {
        return revisions.stream().map(Json::revision).toList();
    }

    private static Map<String, Object> step(StepInfo s) {
        return doc("direction", s.direction().name().toLowerCase(),
                "revision", s.revision(),
                "from", s.from(),
                "to", s.to(),
                "message", s.message(),
                "duration_ms", s.durationMillis());
    }
}
