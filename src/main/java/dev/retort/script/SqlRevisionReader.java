package dev.retort.script;

import dev.retort.api.RetortException;
import dev.retort.api.Dialect;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a retort SQL revision file ({@code <rev>_<slug>.sql}).
 *
 * <pre>
 * -- Add user credits table
 * --
 * -- Revision ID: 3f2a9c1d7e10
 * -- Revises: 1a2b3c4d5e6f
 * -- Create Date: 2025-12-06 10:00:00.000000
 * -- Branch Labels: credits
 * -- Depends On: 9c0ffee12345
 * -- Transactional: false
 *
 * -- retort:upgrade
 * CREATE TABLE user_credits (...);
 *
 * -- retort:downgrade
 * DROP TABLE user_credits;
 * </pre>
 *
 * <p>Rules:
 * <ul>
 * <li>The <b>header</b> is every line before the first {@code -- retort:} marker; each must be a
 *     {@code --} comment or blank (anything else is "SQL before the first marker"). Leading
 *     spaces and tabs before {@code --} are allowed.</li>
 * <li>{@code longdoc} is the header lines with {@code "-- "} (or {@code "--"}) removed, blank
 *     lines kept as empty lines, joined with {@code "\n"} and stripped, so {@link Revision#doc()}
 *     is the message, as for an Alembic docstring.</li>
 * <li>A header comment line {@code Key: value} whose key is one of {@code Revision ID},
 *     {@code Revises}, {@code Create Date}, {@code Branch Labels}, {@code Depends On},
 *     {@code Transactional} (case-insensitive, anywhere in the header) sets that field; it stays
 *     part of {@code longdoc} too. Other {@code Key: value} lines are just message text. Each key
 *     may appear once. {@code Revision ID} and {@code Revises} are required ({@code Revises}
 *     empty for a base). Lists are comma-separated; an entry may not be empty or contain
 *     whitespace. {@code Create Date} is not interpreted. {@code Transactional} is
 *     {@code true} or {@code false}.</li>
 * <li>A comment line whose text starts with {@code retort:} is always a section marker:
 *     {@code -- retort:upgrade} or {@code -- retort:downgrade}, optionally followed by a dialect
 *     ({@code sqlite}, {@code postgresql}). A section's SQL is the text between its marker line
 *     and the next marker (or the end of the file), exactly as written; either section may be
 *     empty or missing.</li>
 * <li>{@code -- retort:lint-ignore RULE[,RULE] reason} inside a section is a plain comment of
 *     the section that {@code retort lint} reads (on the line before a statement); in the header it
 *     is an error.</li>
 * <li>The file is UTF-8 (a byte order mark is ignored); CRLF is read as LF.</li>
 * </ul>
 * Every error is a {@link RetortException} whose message starts {@code <file>:<line>: }.
 */
public final class SqlRevisionReader {
    private SqlRevisionReader() {
    }

    private static final String MARKER = "retort:";

    /** Reads and validates one SQL revision file. */
    public static Revision read(Path file) {
        return read(Origin.of(file), Texts.readBytes(file));
    }

    /** Reads a revision's bytes from wherever they came ({@code origin} names it in messages). */
    static Revision read(Origin origin, byte[] bytes) {
        return parse(origin, Texts.decodeUtf8(origin, bytes));
    }

    /** The known header keys (matched case-insensitively), indexed by the constants below. */
    private static final List<String> KEY_NAMES =
            List.of("Revision ID", "Revises", "Create Date", "Branch Labels", "Depends On", "Transactional");

    private static final int REVISION_ID = 0;
    private static final int REVISES = 1;
    private static final int BRANCH_LABELS = 3;
    private static final int DEPENDS_ON = 4;
    private static final int TRANSACTIONAL = 5;

    /**
     * The header key a comment text ({@code --} removed) sets, as an index into the key list, or
     * -1 when it is not a {@code Key: value} line with a known key. Shared with the writer, which
     * refuses messages that would be read back as a header field.
     */
    static int headerKey(String commentText) {
        return headerKey(commentText, 0, commentText.length());
    }

    /** {@link #headerKey(String)} of {@code text[from, end)}, without copying it. */
    private static int headerKey(String text, int from, int end) {
        int colon = text.indexOf(':', from);
        if (colon <= from || colon >= end) {
            return -1;
        }
        int a = from;
        int b = colon;
        while (a < b && Character.isWhitespace(text.charAt(a))) {
            a++;
        }
        while (b > a && Character.isWhitespace(text.charAt(b - 1))) {
            b--;
        }
        for (int k = 0; k < KEY_NAMES.size(); k++) {
            String name = KEY_NAMES.get(k);
            if (name.length() == b - a && text.regionMatches(true, a, name, 0, name.length())) {
                return k;
            }
        }
        return -1;
    }

    /** True when a comment text ({@code --} removed) is a section marker. */
    static boolean isMarker(String commentText) {
        return isMarker(commentText, 0, commentText.length());
    }

    private static boolean isMarker(String text, int from, int end) {
        while (from < end && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        return end - from >= MARKER.length() && text.regionMatches(true, from, MARKER, 0, MARKER.length());
    }

    private static final String LINT_IGNORE = "retort:lint-ignore";

    /**
     * True for {@code -- retort:lint-ignore RULE[,RULE] reason}: a plain comment of the section
     * (read by {@code retort lint}), not a section marker.
     */
    private static boolean isLintIgnore(String text, int from, int end) {
        while (from < end && Character.isWhitespace(text.charAt(from))) {
            from++;
        }
        int after = from + LINT_IGNORE.length();
        return end >= after && text.regionMatches(true, from, LINT_IGNORE, 0, LINT_IGNORE.length())
                && (after == end || Character.isWhitespace(text.charAt(after)));
    }

    private static Revision parse(Origin file, String text) {
        StringBuilder doc = new StringBuilder();    // the header lines, "--" removed, joined by \n
        String[] values = new String[KEY_NAMES.size()];
        int[] keyLines = new int[KEY_NAMES.size()];
        List<SqlSection> upgrade = new ArrayList<>(2);
        List<SqlSection> downgrade = new ArrayList<>(2);
        Map<String, Integer> sectionLines = new HashMap<>();

        boolean inHeader = true;
        String openKey = null;          // "upgrade sqlite" etc. of the open section
        int openBodyStart = 0;
        int openBodyLine = 0;

        // Lines are handled as ranges of text: only header values, markers and sections are copied.
        int lineNo = 0;
        int pos = 0;
        int n = text.length();
        while (pos < n) {
            lineNo++;
            int eol = text.indexOf('\n', pos);
            int next = eol < 0 ? n : eol + 1;
            int end = eol < 0 ? n : eol;
            int start = pos;
            while (start < end && (text.charAt(start) == ' ' || text.charAt(start) == '\t')) {
                start++;
            }
            boolean comment = end - start >= 2 && text.charAt(start) == '-' && text.charAt(start + 1) == '-';
            int from = !comment ? end : end - start >= 3 && text.charAt(start + 2) == ' ' ? start + 3 : start + 2;
            boolean lintIgnore = comment && isLintIgnore(text, from, end);
            if (lintIgnore && inHeader) {
                throw error(file, lineNo, "'-- retort:lint-ignore' belongs on the line before a statement, inside a"
                        + " '-- retort:upgrade' section");
            }
            if (comment && !lintIgnore && isMarker(text, from, end)) {
                String key = sectionKey(file, lineNo, text.substring(from, end));
                Integer first = sectionLines.putIfAbsent(key, lineNo);
                if (first != null) {
                    throw error(file, lineNo, "second '-- retort:" + key + "' section (the first is at line "
                            + first + "); put all of its SQL in one section");
                }
                if (openKey != null) {
                    addSection(openKey, text.substring(openBodyStart, pos), openBodyLine, upgrade, downgrade);
                }
                inHeader = false;
                openKey = key;
                openBodyStart = next;
                openBodyLine = lineNo + 1;
            } else if (inHeader) {
                if (lineNo > 1) {
                    doc.append('\n');
                }
                if (comment) {
                    doc.append(text, from, end);
                    int k = headerKey(text, from, end);
                    if (k >= 0) {
                        if (values[k] != null) {
                            throw error(file, lineNo, "'" + KEY_NAMES.get(k) + "' is given twice (first at line "
                                    + keyLines[k] + "); keep one");
                        }
                        values[k] = text.substring(text.indexOf(':', from) + 1, end).strip();
                        keyLines[k] = lineNo;
                    }
                } else if (start != end) {
                    if (values[REVISION_ID] == null) {
                        // no header read yet: most likely a file that is no revision (notes.sql, a dump)
                        throw error(file, lineNo, "this .sql file is not a revision: it has no '-- Revision ID:'"
                                + " header before its first statement. Move it out of the revisions directory, or"
                                + " give it a revision's header (retort revision -m MESSAGE writes one)");
                    }
                    throw error(file, lineNo, "SQL before the first '-- retort:upgrade' marker; the header may"
                            + " hold only '--' comments, so put statements under '-- retort:upgrade' or"
                            + " '-- retort:downgrade'");
                }
            }
            pos = next;
        }
        if (openKey != null) {
            addSection(openKey, text.substring(openBodyStart), openBodyLine, upgrade, downgrade);
        }

        String id = values[REVISION_ID];
        if (id == null) {
            throw error(file, 1, "the header has no 'Revision ID:' line; add '-- Revision ID: <id>' to the"
                    + " header comment at the top of the file");
        }
        if (id.isEmpty()) {
            throw error(file, keyLines[REVISION_ID], "'Revision ID:' is empty; write the revision's id after it");
        }
        checkEntry(file, keyLines[REVISION_ID], KEY_NAMES.get(REVISION_ID), id);
        String illegal = Revision.illegalIdMessage(id);
        if (illegal != null) {
            throw error(file, keyLines[REVISION_ID], illegal);
        }
        if (values[REVISES] == null) {
            throw error(file, 1, "the header has no 'Revises:' line; add '-- Revises: <down revision ids>'"
                    + " (comma-separated, empty for a base revision)");
        }
        List<String> down = list(file, keyLines[REVISES], KEY_NAMES.get(REVISES), values[REVISES]);
        String loop = Revision.selfLoopMessage(id, down);
        if (loop != null) {
            throw error(file, keyLines[REVISES], loop + "; a revision cannot list itself in 'Revises:'");
        }
        List<String> labels = list(file, keyLines[BRANCH_LABELS], KEY_NAMES.get(BRANCH_LABELS), values[BRANCH_LABELS]);
        List<String> deps = list(file, keyLines[DEPENDS_ON], KEY_NAMES.get(DEPENDS_ON), values[DEPENDS_ON]);
        String depLoop = Revision.dependencySelfLoopMessage(id, deps);
        if (depLoop != null) {
            throw error(file, keyLines[DEPENDS_ON], depLoop + "; a revision cannot list itself in 'Depends On:'");
        }
        boolean transactional = true;
        String tx = values[TRANSACTIONAL];
        if (tx != null) {
            if (tx.equalsIgnoreCase("false")) {
                transactional = false;
            } else if (!tx.equalsIgnoreCase("true")) {
                throw error(file, keyLines[TRANSACTIONAL], "'Transactional: " + tx
                        + "' is not understood; write 'Transactional: true' or 'Transactional: false'");
            }
        }
        String longdoc = Texts.pyStrip(doc.toString());
        return new Revision(id, down, labels, deps, longdoc, file.location(), file.file(), upgrade, downgrade, transactional, false);
    }

    /** Validates a marker and returns its key: {@code upgrade}, {@code downgrade sqlite}, ... */
    private static String sectionKey(Origin file, int lineNo, String commentText) {
        String rest = commentText.stripLeading().substring(MARKER.length()).strip();
        List<String> words = new ArrayList<>(2);
        for (int i = 0; i < rest.length(); ) {
            int j = i;
            while (j < rest.length() && !Character.isWhitespace(rest.charAt(j))) {
                j++;
            }
            words.add(rest.substring(i, j));
            while (j < rest.length() && Character.isWhitespace(rest.charAt(j))) {
                j++;
            }
            i = j;
        }
        if (words.isEmpty()) {
            throw error(file, lineNo, "'-- " + commentText.strip() + "' names no section" + sectionUsage());
        }
        String direction = words.get(0).toLowerCase(Locale.ROOT);
        if (!direction.equals("upgrade") && !direction.equals("downgrade")) {
            throw error(file, lineNo, "unknown section '" + words.get(0) + "' in '-- " + commentText.strip() + "'"
                    + sectionUsage());
        }
        if (words.size() == 1) {
            return direction;
        }
        String dialect = words.get(1).toLowerCase(Locale.ROOT);
        boolean known = false;
        for (Dialect d : Dialect.values()) {
            known |= d.id().equals(dialect);
        }
        if (!known || words.size() > 2) {
            String what = known ? "unexpected text after the dialect" : "unknown dialect '" + words.get(1) + "'";
            throw error(file, lineNo, what + " in '-- " + commentText.strip() + "'; a section marker may name"
                    + " one dialect: " + dialectNames() + " (or none for the generic section)");
        }
        return direction + " " + dialect;
    }

    private static String sectionUsage() {
        return "; write '-- retort:upgrade' or '-- retort:downgrade', optionally followed by " + dialectNames();
    }

    private static String dialectNames() {
        StringBuilder sb = new StringBuilder();
        Dialect[] all = Dialect.values();
        for (int i = 0; i < all.length; i++) {
            sb.append(i == 0 ? "" : i == all.length - 1 ? " or " : ", ").append(all[i].id());
        }
        return sb.toString();
    }

    private static void addSection(String key, String sql, int firstLine,
                                   List<SqlSection> upgrade, List<SqlSection> downgrade) {
        int space = key.indexOf(' ');
        String dialect = space < 0 ? null : key.substring(space + 1);
        SqlSection section = new SqlSection(dialect, sql, firstLine);
        (key.startsWith("upgrade") ? upgrade : downgrade).add(section);
    }

    /** A comma-separated header list; null or empty means none. */
    private static List<String> list(Origin file, int lineNo, String key, String value) {
        if (value == null || value.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : value.split(",", -1)) {
            String entry = part.strip();
            if (entry.isEmpty()) {
                throw error(file, lineNo, "empty entry in '" + key + ": " + value
                        + "'; separate entries with single commas");
            }
            checkEntry(file, lineNo, key, entry);
            out.add(entry);
        }
        return out;
    }

    private static void checkEntry(Origin file, int lineNo, String key, String entry) {
        for (int i = 0; i < entry.length(); i++) {
            if (Character.isWhitespace(entry.charAt(i)) || (key.equals("Revision ID") && entry.charAt(i) == ',')) {
                throw error(file, lineNo, "'" + key + ": " + entry + "' is not a single "
                        + (key.equals("Revision ID") ? "id" : "entry")
                        + "; ids and labels contain no spaces or commas"
                        + (key.equals("Revision ID") ? "" : ", and list entries are separated by commas"));
            }
        }
    }

    private static RetortException error(Origin file, int line, String message) {
        return new RetortException(file + ":" + line + ": " + message);
    }
}
