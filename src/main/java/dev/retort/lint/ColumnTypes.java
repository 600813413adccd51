package dev.retort.lint;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which column type changes PostgreSQL makes without rewriting the table (its "binary coercible"
 * changes, ALTER TABLE's documentation): raising or removing a {@code varchar}/{@code varbit}
 * length limit, {@code varchar} ↔ {@code text}, raising a {@code numeric} precision at the same
 * scale or removing it, raising or removing the precision of {@code timestamp}, {@code time},
 * {@code interval}, and {@code cidr} → {@code inet}. Every other change rewrites the table.
 */
final class ColumnTypes {
    private ColumnTypes() {
    }

    /** A type split into its canonical base name and its modifiers ({@code numeric(10,2)} → numeric, [10, 2]). */
    record Type(String base, List<Integer> args) {
    }

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"),
            Map.entry("int8", "bigint"), Map.entry("int2", "smallint"),
            Map.entry("character varying", "varchar"), Map.entry("char varying", "varchar"),
            Map.entry("character", "char"), Map.entry("bpchar", "char"),
            Map.entry("decimal", "numeric"), Map.entry("bool", "boolean"),
            Map.entry("float8", "double precision"), Map.entry("float4", "real"),
            Map.entry("timestamp without time zone", "timestamp"),
            Map.entry("timestamp with time zone", "timestamptz"),
            Map.entry("time without time zone", "time"), Map.entry("time with time zone", "timetz"),
            Map.entry("bit varying", "varbit"));

    private static final Pattern ARGS = Pattern.compile("\\(([^()]*)\\)");

    /** Parses a type as written ({@code VARCHAR (20)}, {@code timestamp(3) with time zone}); null if it has odd modifiers. */
    static Type parse(String written) {
        String s = written.strip().toLowerCase(Locale.ROOT);
        Matcher m = ARGS.matcher(s);
        List<Integer> args = List.of();
        if (m.find()) {
            try {
                args = java.util.Arrays.stream(m.group(1).split(",")).map(String::strip).map(Integer::valueOf).toList();
            } catch (NumberFormatException e) {
                return null;
            }
            s = s.substring(0, m.start()) + " " + s.substring(m.end());
        }
        String base = s.replaceAll("\\s+", " ").strip();
        return new Type(ALIASES.getOrDefault(base, base), args);
    }

    /**
     * True when changing a column from {@code from} to {@code to} neither rewrites the table nor
     * changes what the old code reads (a widening); false when it rewrites; the types as written.
     */
    static boolean widensWithoutRewrite(String from, String to) {
        Type a = parse(from);
        Type b = parse(to);
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        boolean textLike = isTextLike(a) && isTextLike(b);
        if (textLike) {
            // varchar(n) -> varchar(m >= n), varchar, text; varchar/text -> unlimited varchar or text
            return b.args().isEmpty() || !a.args().isEmpty() && a.base().equals("varchar") && b.args().get(0) >= a.args().get(0);
        }
        if (!a.base().equals(b.base())) {
            return a.base().equals("cidr") && b.base().equals("inet");
        }
        return switch (a.base()) {
            case "varbit", "timestamp", "timestamptz", "time", "timetz", "interval" -> b.args().isEmpty()
                    || !a.args().isEmpty() && b.args().get(0) >= a.args().get(0);
            case "numeric" -> b.args().isEmpty() || !a.args().isEmpty() && b.args().get(0) >= a.args().get(0)
                    && scale(a) == scale(b);
            default -> false;
        };
    }

    private static boolean isTextLike(Type t) {
        return t.base().equals("text") || t.base().equals("varchar");
    }

    private static int scale(Type t) {
        return t.args().size() > 1 ? t.args().get(1) : 0;
    }
}
