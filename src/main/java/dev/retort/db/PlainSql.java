package dev.retort.db;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.List;

/**
 * The splitter's fast path: a section in which every semicolon outside a {@code --} comment ends a
 * statement is cut here, without Flyway's parser (whose classes take 30-40 ms to load and set up at
 * the start of a command, and a fraction of a millisecond per section after that). It is taken only
 * for text a parser could not read differently: no quotes of any kind ({@code ' " ` [ ]}), no
 * {@code $}, backslash, block comment, carriage return or other control character, no word
 * {@code BEGIN}, {@code CASE} or {@code END} (blocks to the parser: trigger bodies, {@code BEGIN
 * ATOMIC}, transaction statements),
 * balanced parentheses around every semicolon and every statement starting with a letter (or the
 * {@code .} of a sqlite3 command, refused as the parser refuses it); anything else returns null and goes to Flyway.
 * The statements, their lines and the errors for what cannot run are Flyway's
 * (SplitterFastPathTest compares the two on generated sections).
 */
final class PlainSql {
    private PlainSql() {
    }

    /**
     * The statements of {@code sql} as {@link FlywaySplitter} cuts them, or null when the text
     * needs the parser.
     *
     * @throws dev.retort.api.RetortException for a statement that cannot run through JDBC
     */
    static List<Statement> split(String sql, int firstLine, Dialect dialect) {
        List<int[]> cuts = cuts(sql);
        if (cuts == null) {
            return null;
        }
        List<Statement> out = new ArrayList<>();
        int line = firstLine;   // the file line of the segment's start
        int from = 0;
        for (int[] cut : cuts) {
            String segment = sql.substring(from, cut[0]);
            int lead = SqlWords.skipLeadingComments(segment, dialect);
            if (lead < segment.length()) {
                char c = segment.charAt(lead);
                if (!Character.isLetter(c) && c != '.') {
                    return null;    // e.g. "(SELECT 1) UNION ...": Flyway drops a leading parenthesis
                }
                int statementLine = line + count(segment, lead);
                String text = segment.substring(lead).strip();
                String why = FlywaySplitter.unrunnable(dialect, text);
                if (why != null) {
                    throw FlywaySplitter.error(statementLine, why, null);
                }
                out.add(new Statement(text, statementLine, FlywaySplitter.nonTransactional(dialect, text)));
            }
            line += count(segment, segment.length());
            from = cut[1];
        }
        return out;
    }

    /**
     * Where each statement ends: {start of the semicolon, index after it} (the last one at the end
     * of the text, without a semicolon); null if the text is not plain.
     */
    private static List<int[]> cuts(String s) {
        List<int[]> cuts = new ArrayList<>();
        int depth = 0;
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
                int eol = s.indexOf('\n', i);
                i = eol < 0 ? n : eol;      // a comment's text is not looked at (Flyway skips it too)
                continue;
            }
            if (Character.isLetter(c)) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(s.charAt(end)) || s.charAt(end) == '_')) {
                    end++;
                }
                if (isBlockWord(s, i, end)) {
                    return null;
                }
                i = end;
                continue;
            }
            switch (c) {
                case '(' -> depth++;
                case ')' -> {
                    if (--depth < 0) {
                        return null;
                    }
                }
                case ';' -> {
                    if (depth != 0) {
                        return null;
                    }
                    cuts.add(new int[] {i, i + 1});
                }
                case '/', '*' -> {
                    if (i + 1 < n && (s.charAt(i + 1) == '*' || s.charAt(i + 1) == '/')) {
                        return null;        // a block comment (or a stray end of one)
                    }
                }
                default -> {
                    if (!plain(c)) {
                        return null;
                    }
                }
            }
            i++;
        }
        cuts.add(new int[] {n, n});
        return cuts;
    }

    /** Newline, tab and printable ASCII other than quotes, brackets, braces, $ and backslash. */
    private static boolean plain(char c) {
        return c == '\n' || c == '\t' || c >= ' ' && c <= '~' && "'\"`[]{}$\\".indexOf(c) < 0;
    }

    private static boolean isBlockWord(String s, int from, int to) {
        int length = to - from;
        return length == 5 && s.regionMatches(true, from, "BEGIN", 0, 5)
                || length == 4 && s.regionMatches(true, from, "CASE", 0, 4)
                || length == 3 && s.regionMatches(true, from, "END", 0, 3);
    }

    private static int count(String s, int to) {
        int lines = 0;
        for (int i = 0; i < to; i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
