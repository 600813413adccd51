package dev.retort.ops;

import dev.retort.api.RetortException;
import dev.retort.ops.YamlNode.Mapping;
import dev.retort.ops.YamlNode.Scalar;
import dev.retort.ops.YamlNode.Sequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The arguments of one YAML mapping with its known keys: typed getters whose errors name the
 * file, line and key ({@code file:12: create_index: key 'columns': expected a list, found ...}).
 */
final class Args {
    private final String file;
    private final String where;
    private final Mapping map;

    private Args(String file, String where, Mapping map) {
        this.file = file;
        this.where = where;
        this.map = map;
    }

    /** Checks {@code node} is a mapping whose keys are all in {@code known}. */
    static Args of(String file, String where, YamlNode node, Set<String> known) {
        if (!(node instanceof Mapping m)) {
            throw error(file, node.line(), where + ": expected a mapping, found " + node.describe());
        }
        for (Map.Entry<String, Integer> k : m.keyLines().entrySet()) {
            if (!known.contains(k.getKey())) {
                throw error(file, k.getValue(), where + ": unknown key '" + k.getKey() + "'" + (k.getKey().endsWith(")")
                        ? " (a comma in flow style ends the value: quote it, type: \"numeric(20,6)\")"
                        : didYouMean(k.getKey(), known) + " (known: " + String.join(", ", known.stream().sorted().toList())
                        + ")"));
            }
        }
        return new Args(file, where, m);
    }

    private static String didYouMean(String key, Set<String> known) {
        return dev.retort.config.Spelling.didYouMean(dev.retort.config.Spelling.nearest(key, known.stream().sorted().toList()));
    }

    static RetortException error(String file, int line, String message) {
        return new RetortException(file + ":" + line + ": " + message);
    }

    int line() {
        return map.line();
    }

    String file() {
        return file;
    }

    String where() {
        return where;
    }

    boolean has(String key) {
        return map.entries().containsKey(key);
    }

    /** The value, or null when the key is absent. */
    YamlNode node(String key) {
        return map.entries().get(key);
    }

    int lineOf(String key) {
        Integer l = map.keyLines().get(key);
        return l == null ? map.line() : l;
    }

    RetortException wrong(String key, String expected) {
        YamlNode n = node(key);
        return error(file, lineOf(key), where + ": key '" + key + "': expected " + expected
                + (n == null ? "" : ", found " + n.describe()) + quoteHint(n, expected));
    }

    /** YAML reads 000111, 1e5 or on as a number or boolean: say how to write the text. */
    private static String quoteHint(YamlNode n, String expected) {
        return n instanceof Scalar s && s.kind() != Scalar.Kind.STRING && s.kind() != Scalar.Kind.NULL
                && expected.contains("string") ? " (quote it: \"" + s.text() + "\")" : "";
    }

    RetortException missing(String key, String expected) {
        return error(file, map.line(), where + ": missing required key '" + key + "' (" + expected + ")");
    }

    String string(String key) {
        String s = optString(key);
        if (s == null) {
            throw has(key) ? wrong(key, "a string") : missing(key, "a string");
        }
        return s;
    }

    /** A string value; null when absent or null. Numbers are refused (quote them). */
    String optString(String key) {
        YamlNode n = node(key);
        if (n == null || n instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
            return null;
        }
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
            if (s.text().isEmpty()) {
                throw wrong(key, "a non-empty string");
            }
            return s.text();
        }
        throw wrong(key, "a string");
    }

    boolean bool(String key, boolean dflt) {
        Boolean b = optBool(key);
        return b == null ? dflt : b;
    }

    Boolean optBool(String key) {
        YamlNode n = node(key);
        if (n == null || n instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
            return null;
        }
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.BOOLEAN) {
            return Boolean.parseBoolean(s.text());
        }
        throw wrong(key, "true or false");
    }

    /** A list of strings; a single string is a list of one when {@code single} is allowed. */
    List<String> strings(String key, boolean required, boolean single) {
        YamlNode n = node(key);
        if (n == null || n instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
            if (required) {
                throw has(key) ? wrong(key, "a list of names") : missing(key, "a list of names");
            }
            return List.of();
        }
        if (single && n instanceof Scalar s && s.kind() == Scalar.Kind.STRING) {
            return List.of(s.text());
        }
        if (!(n instanceof Sequence seq)) {
            throw wrong(key, single ? "a string or a list of strings" : "a list of names");
        }
        List<String> out = new ArrayList<>();
        for (YamlNode item : seq.items()) {
            if (!(item instanceof Scalar s && s.kind() == Scalar.Kind.STRING && !s.text().isEmpty())) {
                throw error(file, item.line(), where + ": key '" + key + "': expected a list of names, found "
                        + item.describe() + " in it");
            }
            out.add(s.text());
        }
        if (required && out.isEmpty()) {
            throw wrong(key, "a list of at least one name");
        }
        return out;
    }

    /** A list of mappings (e.g. {@code columns}), empty when absent. */
    List<YamlNode> list(String key, boolean required) {
        YamlNode n = node(key);
        if (n == null || n instanceof Scalar s && s.kind() == Scalar.Kind.NULL) {
            if (required) {
                throw has(key) ? wrong(key, "a list") : missing(key, "a list");
            }
            return List.of();
        }
        if (!(n instanceof Sequence seq)) {
            throw wrong(key, "a list");
        }
        return seq.items();
    }

    /** {@code sql: "..."} or {@code sql: {sqlite: ..., postgresql: ...}}; null when absent. */
    PerDialect perDialect(String key, boolean required) {
        YamlNode n = node(key);
        if (n == null) {
            if (required) {
                throw missing(key, "SQL text, or {sqlite: ..., postgresql: ...}");
            }
            return null;
        }
        return perDialect(n, key);
    }

    PerDialect perDialect(YamlNode n, String key) {
        if (n instanceof Scalar s && s.kind() == Scalar.Kind.STRING && !s.text().isBlank()) {
            return PerDialect.of(s.text());
        }
        if (n instanceof Mapping) {
            Args a = of(file, where + ": key '" + key + "'", n, Set.of("sqlite", "postgresql"));
            String lite = a.optString("sqlite");
            String pg = a.optString("postgresql");
            if (lite == null && pg == null) {
                throw error(file, n.line(), where + ": key '" + key + "': give sqlite:, postgresql: or both");
            }
            return new PerDialect(lite, pg);
        }
        throw error(file, n.line(), where + ": key '" + key + "': expected SQL text or {sqlite: ..., postgresql: ...},"
                + " found " + n.describe());
    }
}
