package dev.retort.diagram;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parser of the part of Mermaid's flowchart grammar that {@link Mermaid} writes: the header, node
 * lines with a quoted label, edge lines ({@code -->}, {@code -.->}), {@code classDef} and
 * {@code class} lines. Anything else, an unescaped character in a label, a node declared twice, an
 * edge or class naming an undeclared node, or an undefined class fails with the line number.
 */
public final class MermaidGrammar {
    private static final String ID = "[A-Za-z0-9_]+";
    private static final Pattern NODE = Pattern.compile("    (" + ID + ")\\[\"([^\"]*)\"]");
    private static final Pattern EDGE = Pattern.compile("    (" + ID + ") (-->|-\\.->) (" + ID + ")");
    private static final Pattern CLASS_DEF =
            Pattern.compile("    classDef ([a-z]+) ([a-z-]+:[^,;]+(?:,[a-z-]+:[^,;]+)*)");
    private static final Pattern CLASS = Pattern.compile("    class (" + ID + "(?:," + ID + ")*) ([a-z]+)");
    /** A label: entity codes, {@code <br/>}, or characters HTML and Mermaid's lexer leave alone. */
    private static final Pattern TOKEN = Pattern.compile("#([a-z]+|[0-9]+);|<br/>|[^\"#&<>`\\x00-\\x1f]");
    private static final Map<String, String> NAMED = Map.of("quot", "\"", "amp", "&", "lt", "<", "gt", ">");

    /** A parsed chart: labels (decoded, line breaks as \n) by node id, edges, class members. */
    public record Chart(Map<String, String> labels, List<Edge> edges, Map<String, Set<String>> classes) {
    }

    public record Edge(String from, boolean dashed, String to) {
    }

    private MermaidGrammar() {
    }

    public static Chart parse(String text) {
        if (!text.endsWith("\n")) {
            throw new AssertionError("the chart does not end with a newline");
        }
        String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
        if (!lines[0].equals("flowchart BT")) {
            throw new AssertionError("line 1: expected 'flowchart BT', got '" + lines[0] + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        List<Edge> edges = new ArrayList<>();
        Map<String, Set<String>> classes = new LinkedHashMap<>();
        Set<String> defined = new LinkedHashSet<>();
        List<Runnable> checks = new ArrayList<>();   // references are checked once every node is known
        for (int i = 1; i < lines.length; i++) {
            String line = lines[i];
            String where = "line " + (i + 1) + " '" + line + "'";
            Matcher m;
            if ((m = NODE.matcher(line)).matches()) {
                if (labels.put(m.group(1), label(m.group(2), where)) != null) {
                    throw new AssertionError(where + ": node " + m.group(1) + " declared twice");
                }
            } else if ((m = EDGE.matcher(line)).matches()) {
                Edge e = new Edge(m.group(1), m.group(2).equals("-.->"), m.group(3));
                edges.add(e);
                checks.add(() -> declared(labels, e.from(), where));
                checks.add(() -> declared(labels, e.to(), where));
            } else if ((m = CLASS_DEF.matcher(line)).matches()) {
                if (!defined.add(m.group(1))) {
                    throw new AssertionError(where + ": class " + m.group(1) + " defined twice");
                }
            } else if ((m = CLASS.matcher(line)).matches()) {
                String name = m.group(2);
                Set<String> members = classes.computeIfAbsent(name, k -> new LinkedHashSet<>());
                for (String id : m.group(1).split(",")) {
                    members.add(id);
                    checks.add(() -> declared(labels, id, where));
                }
                checks.add(() -> {
                    if (!defined.contains(name)) {
                        throw new AssertionError(where + ": class " + name + " has no classDef");
                    }
                });
            } else {
                throw new AssertionError(where + ": not a node, edge, classDef or class line");
            }
        }
        checks.forEach(Runnable::run);
        return new Chart(labels, edges, classes);
    }

    private static void declared(Map<String, String> labels, String id, String where) {
        if (!labels.containsKey(id)) {
            throw new AssertionError(where + ": node " + id + " is not declared");
        }
    }

    /** Decodes a label, failing on any character that Mermaid or HTML would read as syntax. */
    private static String label(String raw, String where) {
        StringBuilder out = new StringBuilder();
        Matcher t = TOKEN.matcher(raw);
        int at = 0;
        while (at < raw.length()) {
            if (!t.find(at) || t.start() != at) {
                throw new AssertionError(where + ": unescaped '" + raw.charAt(at) + "' at column " + at
                        + " of the label");
            }
            if (t.group(1) == null) {
                out.append(t.group().equals("<br/>") ? "\n" : t.group());
            } else if (t.group(1).chars().allMatch(Character::isDigit)) {
                out.appendCodePoint(Integer.parseInt(t.group(1)));
            } else if (NAMED.containsKey(t.group(1))) {
                out.append(NAMED.get(t.group(1)));
            } else {
                throw new AssertionError(where + ": unknown entity #" + t.group(1) + ";");
            }
            at = t.end();
        }
        return out.toString();
    }
}
