package dev.retort.diagram;

import dev.retort.diagram.Diagram.Applied;
import dev.retort.diagram.Diagram.Box;
import dev.retort.diagram.Diagram.Edge;
import dev.retort.diagram.Diagram.Kind;
import dev.retort.diagram.Diagram.Mark;

/**
 * A {@link Diagram} in Graphviz's DOT language: {@code rankdir=BT} (bases at the bottom), one node
 * statement per revision (its id quoted), then the edges ({@code style=dashed} for depends_on).
 */
public final class Dot {
    private static final String INDENT = "    ";

    private Dot() {
    }

    public static String render(Diagram d) {
        StringBuilder s = new StringBuilder(110 * (d.boxes().size() + 1));
        s.append("digraph revisions {\n")
                .append(INDENT).append("rankdir=BT;\n")
                .append(INDENT).append("node [shape=box, style=rounded];\n");
        for (Box b : d.boxes()) {
            s.append(INDENT).append(quote(b.revision())).append(" [label=\"").append(label(Diagram.title(b)));
            if (!b.message().isEmpty()) {
                s.append("\\n").append(label(b.message()));
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
            s.append(INDENT).append(quote(e.from())).append(" -> ").append(quote(e.to()));
            s.append(e.kind() == Kind.PARENT ? ";\n" : " [style=dashed];\n");
        }
        return s.append("}\n").toString();
    }

    /** A quoted DOT ID. */
    static String quote(String id) {
        return '"' + escape(id, false) + '"';
    }

    /** Text inside a quoted label: Graphviz also reads {@code &name;} and {@code &#N;} there as entities. */
    static String label(String raw) {
        return escape(raw, true);
    }

    /**
     * Text inside a DOT double-quoted string: {@code \} doubled (a label reads {@code \n}, {@code \N},
     * {@code \l}... as escapes) and {@code "} escaped; a line break is {@code \n}; other control
     * characters become spaces; in a label {@code &} is {@code &amp;}; non-ASCII stays as it is
     * (UTF-8, Graphviz's default charset).
     */
    private static String escape(String raw, boolean label) {
        StringBuilder s = new StringBuilder(raw.length() + 8);
        for (int i = 0; i < raw.length(); i++) {
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
        return s.toString();
    }
}
