package dev.retort.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.retort.Retort;
import dev.retort.db.HistoryTable;
import dev.retort.db.Run;
import dev.retort.graph.Node;
import dev.retort.graph.Step;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} documents: one JSON object on stdout per command, with stable field names
 * (documented in the README). Field order is fixed; absent values are null.
 */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Json() {
    }

    static String write(Map<String, Object> doc) {
        try {
            return MAPPER.writeValueAsString(doc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static Map<String, Object> doc(Object... pairs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], pairs[i + 1]);
        }
        return m;
    }

    /** A revision: ids, links, labels, flags, message and file. */
    static Map<String, Object> revision(Node n) {
        return doc("revision", n.id(),
                "down_revisions", n.downRevisions(),
                "depends_on", n.revision().dependsOn(),
                "branch_labels", List.copyOf(n.labels()),
                "message", n.revision().doc(),
                "is_head", n.isRealHead(),
                "is_effective_head", n.isHead() && !n.isRealHead(),
                "is_branch_point", n.isBranchPoint(),
                "is_merge_point", n.isMergePoint(),
                "children", n.children().stream().map(Node::id).sorted().toList(),
                "path", n.revision().path() == null ? null : n.revision().path().toAbsolutePath().toString());
    }

    static List<Map<String, Object>> revisions(List<Node> nodes) {
        List<Map<String, Object>> out = new ArrayList<>();
        nodes.forEach(n -> out.add(revision(n)));
        return out;
    }

    static Map<String, Object> step(Step s, Long millis) {
        return doc("direction", s.direction().name().toLowerCase(),
                "revision", s.revision() == null ? null : s.revision().id(),
                "from", s.fromIds(),
                "to", s.toIds(),
                "message", s.revision() == null ? null : s.revision().doc(),
                "duration_ms", millis);
    }

    /** upgrade / downgrade / stamp: what ran, the heads before and after, durations. */
    static Map<String, Object> run(String command, List<String> targets, Run run) {
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; i < run.plan().steps().size(); i++) {
            steps.add(step(run.plan().steps().get(i), run.stepMillis().get(i)));
        }
        return doc("command", command, "targets", targets, "heads_before", run.plan().rowsBefore(),
                "heads_after", run.plan().rowsAfter(), "steps", steps, "duration_ms", run.totalMillis(),
                "warnings", run.plan().warnings());
    }

    static Map<String, Object> check(Retort.Check c) {
        List<Map<String, Object>> pending = new ArrayList<>();
        c.pending().forEach(s -> pending.add(step(s, null)));
        List<Map<String, Object>> changed = new ArrayList<>();
        c.changed().forEach(ch -> changed.add(doc("revision", ch.revision(), "file", ch.file(),
                "applied_checksum", ch.appliedChecksum(), "current_checksum", ch.currentChecksum(),
                "applied_at", ch.appliedAt().toString())));
        return doc("status", c.status().name().toLowerCase(), "exit_code", c.exitCode(),
                "heads_in_database", c.rows(), "current", c.current().stream().map(Node::id).toList(),
                "heads", c.heads().stream().map(Node::id).toList(), "pending", pending,
                "unknown_rows", c.unknownRows(), "changed", changed);
    }

    static Map<String, Object> historyEntry(HistoryTable.Entry e) {
        return doc("id", e.id(), "revision", e.revision(), "direction", e.direction(),
                "from", split(e.fromRevisions()), "to", split(e.toRevisions()), "checksum", e.checksum(),
                "file", e.file(), "db_user", e.dbUser(), "os_user", e.osUser(),
                "started_at", e.startedAt().toString(), "duration_ms", e.durationMillis(),
                "success", e.success(), "error", e.error());
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }
}
