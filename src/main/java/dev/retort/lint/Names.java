package dev.retort.lint;

import java.util.Locale;

/** How lint compares names: unquoted identifiers fold to lower case (as PostgreSQL does), quoted ones keep theirs. */
final class Names {
    private Names() {
    }

    /** {@code "User"} → {@code User}; {@code Users} → {@code users}; {@code public.t} → {@code t}. */
    static String of(String name) {
        if (name == null) {
            return null;
        }
        String last = lastPart(name.strip());
        if (last.length() >= 2 && (last.startsWith("\"") && last.endsWith("\"")
                || last.startsWith("`") && last.endsWith("`") || last.startsWith("[") && last.endsWith("]"))) {
            return last.substring(1, last.length() - 1).replace("\"\"", "\"");
        }
        return last.toLowerCase(Locale.ROOT);
    }

    /** The part after the last dot that is not inside double quotes. */
    private static String lastPart(String name) {
        boolean quoted = false;
        int cut = -1;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '.' && !quoted) {
                cut = i;
            }
        }
        return name.substring(cut + 1);
    }
}
