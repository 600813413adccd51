package dev.retort.diagram;

import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Applied;
import dev.retort.api.RevisionGraph.Edge;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.api.RevisionGraph.Mark;

/**
 * A {@link RevisionGraph} in Graphviz's DOT language: {@code rankdir=BT} (bases at the bottom), one node
 * statement per revision (its id quoted), then the edges ({@code style=dashed} for depends_on).
 */
public final class Dot {
    private static final String INDENT = "    ";

    private Dot() {
    }

    public static String render(RevisionGraph d) {
        StringBuilder s = new StringBuilder(110 * (d.nodes().size() + 1));
        s.append("digraph revisions {\n")
                .append(INDENT).append("rankdir=BT;\n")
                .append(INDENT).append("node [shape=box, style=rounded];\n");
        for (RevisionGraph.Node b : d.nodes()) {
            quote(s.append(INDENT), b.revision()).append(" [label=\"");
            Diagram.title(b, s, Dot::label);
            if (!b.message().isEmpty()) {
                label(s.append("\\n"), b.message());
            }
            s.append('"');
            if (b.has(Mark.HEAD) || b.has(Mark.EFFECTIVE_HEAD)) {
                s.append(", peripheries=2");
            }
            if (b.applied() == Applied.YES) {
                s.append(", style=\"rounded,filled\", fillcolor=\"#d4edda\"");
            } else if (b.applied() == Applied.NO) {
                s.append(", style=\"rounded,dashed\", color=\"#999999\"");
            }
            if (b.has(Mark.CURRENT)) {
                s.append(", color=\"#1a7f37\", penwidth=3");
            }
            s.append("];\n");
        }
        for (Edge e : d.edges()) {
            quote(quote(s.append(INDENT), e.from()).append(" -> "), e.to());
            s.append(e.kind() == Kind.PARENT ? ";\n" : " [style=dashed];\n");
        }
        return s.append("}\n").toString();
    }

    /** Appends a quoted DOT ID. */
    private static StringBuilder quote(StringBuilder out, String id) {
        escape(out.append('"'), id, false);
        return out.append('"');
    }

    /** Appends text inside a quoted label: Graphviz also reads {@code &name;}, {@code &#N;} there as entities. */
    private static void label(StringBuilder out, String raw) {
        escape(out, raw, true);
    }

    /**
     * Text inside a DOT double-quoted string: {@code \} doubled (a label reads {@code \n}, {@code \N},
     * {@code \l}... as escapes) and {@code "} escaped; a line break is {@code \n}; other control
     * characters become spaces; in a label {@code &} is {@code &amp;}; non-ASCII stays as it is
     * (UTF-8, Graphviz's default charset).
     */
    private static void escape(StringBuilder s, String raw, boolean label) {
        int plain = Diagram.plainRun(raw, "\\\"&\u007f");   // most text needs no escape: copied whole
        s.append(raw, 0, plain);
        for (int i = plain; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '&' -> s.append(label ? "&amp;" : "&");
                case '\r' -> { }
                default -> s.append(c < ' ' || c == 0x7f ? ' ' : c);
            }
        }
    }
}
