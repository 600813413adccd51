package dev.retort.cli;

import dev.retort.graph.Node;
import dev.retort.script.Revision;
import java.util.List;

/** Alembic 1.8.1's text for revisions (Script.cmd_format, _head_only and log_entry). */
final class Format {
    private Format() {
    }

    /** The one-line form: {@code [<parents> -> ]<rev>[ (labels)][ (head)]...[, doc]}. */
    static String line(Node n, boolean branches, boolean doc, boolean parents, boolean treeIndicators,
                       boolean current) {
        Revision r = n.revision();
        StringBuilder s = new StringBuilder();
        if (parents) {
            s.append(downRevisions(n));
            if (!r.dependsOn().isEmpty()) {
                s.append(" (").append(String.join(", ", r.dependsOn())).append(')');
            }
            s.append(" -> ");
        }
        s.append(n.id());
        if (branches && !n.labels().isEmpty()) {
            s.append(" (").append(String.join(", ", n.labels())).append(')');
        }
        if (n.isRealHead()) {
            s.append(" (head)");
        }
        if (n.isHead() && !n.isRealHead()) {
            s.append(" (effective head)");
        }
        if (current) {
            s.append(" (current)");
        }
        if (treeIndicators) {
            if (n.isBranchPoint()) {
                s.append(" (branchpoint)");
            }
            if (n.isMergePoint()) {
                s.append(" (mergepoint)");
            }
        }
        if (doc) {
            s.append(", ").append(r.doc());
        }
        return s.toString();
    }

    /** The verbose block ({@code -v}, {@code show}); ends with a newline, printed with another. */
    static String block(Node n, boolean current) {
        Revision r = n.revision();
        StringBuilder s = new StringBuilder("Rev: ").append(n.id());
        if (n.isHead()) {
            s.append(" (head)");
        }
        if (n.isBranchPoint()) {
            s.append(" (branchpoint)");
        }
        if (n.isMergePoint()) {
            s.append(" (mergepoint)");
        }
        if (current) {
            s.append(" (current)");
        }
        s.append('\n');
        s.append(n.isMergePoint() ? "Merges: " : "Parent: ").append(downRevisions(n)).append('\n');
        if (!r.dependsOn().isEmpty()) {
            s.append("Also depends on: ").append(String.join(", ", r.dependsOn())).append('\n');
        }
        if (n.isBranchPoint()) {
            List<String> children = n.children().stream().map(Node::id).sorted().toList();
            s.append("Branches into: ").append(String.join(", ", children)).append('\n');
        }
        if (!n.labels().isEmpty()) {
            s.append("Branch names: ").append(String.join(", ", n.labels())).append('\n');
        }
        s.append("Path: ").append(r.path() == null ? "" : r.path().toAbsolutePath()).append('\n');
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

    static String cmd(Node n, boolean verbose, boolean branches, boolean doc, boolean parents,
                      boolean treeIndicators, boolean current) {
        return verbose ? block(n, current) : line(n, branches, doc, parents, treeIndicators, current);
    }

    private static String downRevisions(Node n) {
        return n.downRevisions().isEmpty() ? "<base>" : String.join(", ", n.downRevisions());
    }
}
