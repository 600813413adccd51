package dev.retort.diagram;

import dev.retort.api.RevisionGraph;
import dev.retort.api.RevisionGraph.Applied;
import dev.retort.api.RevisionGraph.Edge;
import dev.retort.api.RevisionGraph.Kind;
import dev.retort.api.RevisionGraph.Mark;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link RevisionGraph} as a Mermaid {@code flowchart BT} (rendered by GitHub and GitLab inside a
 * {@code ```mermaid} block): bases at the bottom, one node line per revision, then the edges
 * ({@code -->} down revision to revision, {@code -.->} depends_on), then the styles.
 */
public final class Mermaid {
    private static final String INDENT = "    ";

    /** The node classes, in output order; a class is written only when a node uses it. */
    private enum Style {
        HEAD("stroke-width:3px"),
        APPLIED("fill:#d4edda,stroke:#1a7f37"),
        PENDING("fill:#ffffff,stroke:#999999,stroke-dasharray:4 2"),
        CURRENT("stroke:#1a7f37,stroke-width:4px");

        private final String css;

        Style(String css) {
            this.css = css;
        }
    }

    private Mermaid() {
    }

    public static String render(RevisionGraph d) {
        StringBuilder s = new StringBuilder(96 * (d.nodes().size() + 1)).append("flowchart BT\n");
        Map<Style, List<String>> classes = new EnumMap<>(Style.class);
        for (Style c : Style.values()) {
            classes.put(c, new ArrayList<>());
        }
        for (RevisionGraph.Node b : d.nodes()) {
            String id = nodeId(b.revision());
            s.append(INDENT).append(id).append("[\"");
            Diagram.title(b, s, Mermaid::text);
            if (!b.message().isEmpty()) {
                text(s.append("<br/>"), b.message());
            }
            s.append("\"]\n");
            if (b.has(Mark.HEAD) || b.has(Mark.EFFECTIVE_HEAD)) {
                classes.get(Style.HEAD).add(id);
            }
            if (b.applied() != Applied.UNKNOWN) {
                classes.get(b.applied() == Applied.YES ? Style.APPLIED : Style.PENDING).add(id);
            }
            if (b.has(Mark.CURRENT)) {
                classes.get(Style.CURRENT).add(id);
            }
        }
        for (Edge e : d.edges()) {
            s.append(INDENT).append(nodeId(e.from())).append(e.kind() == Kind.PARENT ? " --> " : " -.-> ")
                    .append(nodeId(e.to())).append('\n');
        }
        classes.forEach((style, ids) -> {
            if (!ids.isEmpty()) {
                s.append(INDENT).append("classDef ").append(name(style)).append(' ').append(style.css).append('\n');
            }
        });
        classes.forEach((style, ids) -> {
            if (!ids.isEmpty()) {
                s.append(INDENT).append("class ").append(String.join(",", ids)).append(' ').append(name(style))
                        .append('\n');
            }
        });
        return s.toString();
    }

    private static String name(Style style) {
        return style.name().toLowerCase();
    }

    /**
     * A Mermaid node id for a revision id: {@code r} then the id, letters and digits kept, {@code _}
     * doubled, any other character {@code _<hex>_} — one-to-one, never a keyword such as {@code end}.
     */
    static String nodeId(String revision) {
        StringBuilder s = new StringBuilder(revision.length() + 1).append('r');
        for (int i = 0; i < revision.length(); i++) {
            char c = revision.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                s.append(c);
            } else if (c == '_') {
                s.append("__");
            } else {
                s.append('_').append(Integer.toHexString(c)).append('_');
            }
        }
        return s.toString();
    }

    /**
     * Text inside a quoted label. Mermaid ends the label at any {@code "}, reads {@code #...;} as an
     * entity code and the text as HTML, so those characters become entity codes; a line break is
     * {@code <br/>}; non-ASCII stays as it is (UTF-8).
     */
    private static void text(StringBuilder s, String raw) {
        int plain = Diagram.plainRun(raw, "\"#&<>`\u007f");   // most text needs no escape: copied whole
        s.append(raw, 0, plain);
        for (int i = plain; i < raw.length(); i++) {
            char c = raw.charAt(i);
            switch (c) {
                case '"' -> s.append("#quot;");
                case '#' -> s.append("#35;");
                case '&' -> s.append("#amp;");
                case '<' -> s.append("#lt;");
                case '>' -> s.append("#gt;");
                case '`' -> s.append("#96;");
                case '\n' -> s.append("<br/>");
                case '\r' -> { }
                default -> s.append(c < ' ' || c == 0x7f ? ' ' : c);
            }
        }
    }
}
