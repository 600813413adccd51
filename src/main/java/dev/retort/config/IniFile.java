package dev.retort.config;

import dev.retort.api.RetortException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Python's {@code configparser.ConfigParser} (default options, {@code BasicInterpolation})
 * that reading an {@code alembic.ini} needs, with the same results:
 *
 * <ul>
 *   <li>{@code [section]} headers (case-sensitive names; {@code [DEFAULT]} holds defaults seen by
 *       every section); {@code key = value} and {@code key: value} (the first {@code =} or
 *       {@code :} splits); keys are case-insensitive (lower-cased); values are stripped;</li>
 *   <li>a line indented deeper than its key line continues the value (joined with newlines;
 *       blank lines inside a value are kept, trailing ones dropped);</li>
 *   <li>lines whose first non-blank character is {@code #} or {@code ;} are comments; there are
 *       <b>no inline comments</b>: {@code key = a # b} has the value {@code a # b};</li>
 *   <li>values are interpolated when read: {@code %(name)s} is the value of {@code name} in the
 *       same section or in DEFAULT (recursively, at most 10 levels), {@code %%} is {@code %},
 *       any other {@code %} is an error;</li>
 *   <li>a duplicate section or a duplicate key within a section is an error ({@code strict}); so
 *       is text before the first section header, and a line that is neither a header, a comment,
 *       a continuation nor {@code key = value}.</li>
 * </ul>
 *
 * Errors are {@link RetortException#usage usage errors} (exit 2) naming the file and line.
 */
public final class IniFile {
    /** The default section's name. */
    public static final String DEFAULT = "DEFAULT";
    private static final int MAX_INTERPOLATION_DEPTH = 10;
    private static final Pattern SECTION = Pattern.compile("\\[(?<header>.+)\\]");
    private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*(?<vi>[=:])\\s*(?<value>.*)$");
    private static final Pattern KEY = Pattern.compile("%\\(([^)]+)\\)s");
    private static final Pattern NEWLINE = Pattern.compile("\r\n|\r|\n");

    /** A value as written (continuation lines joined) and the line its key is on. */
    public record Entry(String raw, int line) {
    }

    private final String name;
    private final Map<String, Entry> defaults = new LinkedHashMap<>();
    private final Map<String, Map<String, Entry>> sections = new LinkedHashMap<>();

    private IniFile(String name) {
        this.name = name;
    }

    /**
     * Parses {@code text}.
     *
     * @param name     the file as it should appear in messages
     * @param defaults values put in DEFAULT before reading (as ConfigParser's constructor argument;
     *                 the file may override them); they are taken literally, not interpolated
     */
    public static IniFile parse(String text, String name, Map<String, String> defaults) {
        IniFile ini = new IniFile(name);
        defaults.forEach((k, v) -> ini.defaults.put(k.toLowerCase(Locale.ROOT), new Entry(v.replace("%", "%%"), 0)));
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        ini.read(text);
        return ini;
    }

    private void read(String text) {
        Map<String, List<String>> pending = new LinkedHashMap<>(); // "section\0key" -> lines
        Map<String, Integer> pendingLine = new LinkedHashMap<>();
        Set<String> added = new HashSet<>();
        String section = null;   // current section name (DEFAULT included)
        String option = null;    // current key in it
        int indentLevel = 0;
        String[] lines = NEWLINE.split(text, -1);
        int count = text.isEmpty() ? 0 : (text.endsWith("\n") || text.endsWith("\r") ? lines.length - 1 : lines.length);
        for (int i = 0; i < count; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            String stripped = line.strip();
            boolean comment = stripped.startsWith("#") || stripped.startsWith(";");
            String value = comment ? "" : stripped;
            if (value.isEmpty()) {
                // an empty line inside a value is kept (Python's empty_lines_in_values), a comment is not
                if (!comment && section != null && option != null) {
                    pending.get(section + '\0' + option).add("");
                }
                continue;
            }
            int indent = indentOf(line);
            if (section != null && option != null && indent > indentLevel) {
                pending.get(section + '\0' + option).add(value);
                continue;
            }
            indentLevel = indent;
            Matcher header = SECTION.matcher(value);
            if (header.lookingAt()) {
                String s = header.group("header");
                if (!s.equals(DEFAULT)) {
                    if (added.contains(s)) {
                        throw error(lineNo, "section '" + s + "' already exists");
                    }
                    added.add(s);
                    sections.putIfAbsent(s, new LinkedHashMap<>());
                }
                section = s;
                option = null;
                continue;
            }
            if (section == null) {
                throw error(lineNo, "File contains no section headers; found '" + line + "' before the first"
                        + " [section]");
            }
            Matcher m = OPTION.matcher(value);
            if (!m.matches() || m.group("option").isEmpty()) {
                throw error(lineNo, "not a 'key = value' line: '" + line + "' (continuation lines must be indented"
                        + " more than their key)");
            }
            String key = m.group("option").stripTrailing().toLowerCase(Locale.ROOT);
            if (!added.add(section + '\0' + key)) {
                throw error(lineNo, "option '" + key + "' in section '" + section + "' already exists");
            }
            option = key;
            List<String> parts = new ArrayList<>();
            parts.add(m.group("value").strip());
            pending.put(section + '\0' + key, parts);
            pendingLine.put(section + '\0' + key, lineNo);
        }
        pending.forEach((k, parts) -> {
            int nul = k.indexOf('\0');
            String s = k.substring(0, nul);
            Entry e = new Entry(String.join("\n", parts).stripTrailing(), pendingLine.get(k));
            (s.equals(DEFAULT) ? defaults : sections.get(s)).put(k.substring(nul + 1), e);
        });
    }

    private static int indentOf(String line) {
        int i = 0;
        while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    private RetortException error(int line, String message) {
        return RetortException.usage(name + ":" + line + ": " + message);
    }

    /** The file as named in messages. */
    public String name() {
        return name;
    }

    /** Whether the file has this section ({@code DEFAULT} never counts, as in Python). */
    public boolean hasSection(String section) {
        return sections.containsKey(section);
    }

    /**
     * The section's entry for a key, falling back to DEFAULT; null when neither has it or the
     * section does not exist.
     */
    public Entry entry(String section, String key) {
        String k = key.toLowerCase(Locale.ROOT);
        if (section.equals(DEFAULT)) {
            return defaults.get(k);
        }
        Map<String, Entry> s = sections.get(section);
        if (s == null) {
            return null;
        }
        Entry e = s.get(k);
        return e != null ? e : defaults.get(k);
    }

    /**
     * A value with {@code %(name)s} and {@code %%} interpolated, as {@code ConfigParser.get} gives
     * it; null when the key is neither in the section nor in DEFAULT.
     */
    public String get(String section, String key) {
        Entry e = entry(section, key);
        if (e == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        interpolate(section, key.toLowerCase(Locale.ROOT), e, e.raw(), out, 1);
        return out.toString();
    }

    private void interpolate(String section, String option, Entry entry, String rest, StringBuilder out, int depth) {
        if (depth > MAX_INTERPOLATION_DEPTH) {
            throw error(entry.line(), "Recursion limit exceeded in value substitution: option '" + option
                    + "' in section '" + section + "' contains an interpolation key which cannot be substituted in "
                    + MAX_INTERPOLATION_DEPTH + " steps. Raw value: " + shown(option, entry.raw()));
        }
        while (!rest.isEmpty()) {
            int p = rest.indexOf('%');
            if (p < 0) {
                out.append(rest);
                return;
            }
            out.append(rest, 0, p);
            rest = rest.substring(p);
            char c = rest.length() > 1 ? rest.charAt(1) : 0;
            if (c == '%') {
                out.append('%');
                rest = rest.substring(2);
            } else if (c == '(') {
                Matcher m = KEY.matcher(rest);
                if (!m.lookingAt()) {
                    throw error(entry.line(), "bad interpolation variable reference " + shown(option, rest)
                            + " in option '"
                            + option + "' of section '" + section + "' (write %(name)s, or %% for a literal %)");
                }
                String var = m.group(1).toLowerCase(Locale.ROOT);
                rest = rest.substring(m.end());
                Entry v = entry(section, var);
                if (v == null) {
                    throw error(entry.line(), "Bad value substitution: option '" + option + "' in section '"
                            + section + "' contains an interpolation key '" + var + "' which is not a valid option"
                            + " name. Raw value: " + shown(option, entry.raw()));
                }
                if (v.raw().indexOf('%') >= 0) {
                    interpolate(section, option, entry, v.raw(), out, depth + 1);
                } else {
                    out.append(v.raw());
                }
            } else {
                throw error(entry.line(), "'%' must be followed by '%' or '(', found: " + shown(option, rest)
                        + " in option '"
                        + option + "' of section '" + section + "' (write %% for a literal %)");
            }
        }
    }

    /** A value quoted for a message; not the value of a URL or password option (a password's % is the usual cause). */
    private static String shown(String option, String text) {
        return option.endsWith("url") || option.contains("password") ? "(value not shown: it may hold a password)"
                : "'" + text + "'";
    }
}
