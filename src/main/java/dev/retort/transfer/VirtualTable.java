package dev.retort.transfer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a {@code CREATE VIRTUAL TABLE} statement (as sqlite_master keeps it) says about the table's
 * rows: its module and, for FTS4 and FTS5, the {@code content=} option.
 *
 * @param module  the module's name, lower-cased ({@code fts5}, {@code rtree}, ...)
 * @param content null when the table holds its own rows; the table whose rows an external-content
 *                index indexes; {@code ""} for a contentless index (it keeps no rows at all)
 */
record VirtualTable(String module, String content) {
    /** FTS's own option syntax: a bare key, an optional space around {@code =}, a word or a quoted value. */
    private static final Pattern CONTENT = Pattern.compile("(?is)content\\s*=\\s*(.*?)\\s*");

    boolean ownRows() {
        return content == null;
    }

    /** Reads {@code sql}; a statement it can't make sense of is a table of module "?" with its own rows. */
    static VirtualTable parse(String sql) {
        Scanner s = new Scanner(sql == null ? "" : sql);
        String word = s.token();
        while (word != null && !word.equalsIgnoreCase("USING")) {
            word = s.token(); // CREATE VIRTUAL TABLE [IF NOT EXISTS] [schema.]name: a quoted name is one token
        }
        String module = s.token();
        if (module == null) {
            return new VirtualTable("?", null);
        }
        module = dequote(module).toLowerCase(Locale.ROOT);
        // only FTS4 and FTS5 know content=; to FTS3 "content=posts" is a column named so
        if (!module.equals("fts4") && !module.equals("fts5")) {
            return new VirtualTable(module, null);
        }
        for (String arg : s.arguments()) {
            Matcher m = CONTENT.matcher(arg);
            if (m.matches()) {
                return new VirtualTable(module, dequote(m.group(1)));
            }
        }
        return new VirtualTable(module, null);
    }

    /** 'a''b', "a""b", `a``b` and [a] as SQLite reads them; anything else as it is. */
    static String dequote(String s) {
        if (s.length() >= 2 && s.charAt(0) == '[' && s.endsWith("]")) {
            return s.substring(1, s.length() - 1);
        }
        if (s.length() >= 2 && "'\"`".indexOf(s.charAt(0)) >= 0 && s.charAt(s.length() - 1) == s.charAt(0)) {
            String q = String.valueOf(s.charAt(0));
            return s.substring(1, s.length() - 1).replace(q + q, q);
        }
        return s;
    }

    /** Walks the statement: comments and white space skipped, quoted things whole. */
    private static final class Scanner {
        private final String s;
        private int pos;

        Scanner(String s) {
            this.s = s;
        }

        /** The next word, quoted name or character as written; null at the end. */
        String token() {
            skipBlanks();
            if (pos >= s.length()) {
                return null;
            }
            int start = pos;
            char c = s.charAt(pos);
            if ("'\"`[".indexOf(c) >= 0) {
                skipQuoted();
            } else if (Character.isLetterOrDigit(c) || c == '_' || c > 127) {
                while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_'
                        || s.charAt(pos) > 127)) {
                    pos++;
                }
            } else {
                pos++;
            }
            return s.substring(start, pos);
        }

        /**
         * The module's arguments as written, each trimmed, comments left out: split at the commas of
         * the outer parentheses.
         */
        List<String> arguments() {
            List<String> out = new ArrayList<>();
            skipBlanks();
            if (pos >= s.length() || s.charAt(pos) != '(') {
                return out;
            }
            pos++;
            int depth = 0;
            StringBuilder arg = new StringBuilder();
            while (pos < s.length()) {
                char c = s.charAt(pos);
                int start = pos;
                if ("'\"`[".indexOf(c) >= 0) {
                    skipQuoted();
                    arg.append(s, start, pos);
                } else if (s.startsWith("--", pos) || s.startsWith("/*", pos)) {
                    skipBlanks();
                    arg.append(' ');
                } else if (c == ')' && depth == 0 || c == ',' && depth == 0) {
                    out.add(arg.toString().strip());
                    arg.setLength(0);
                    pos++;
                    if (c == ')') {
                        break;
                    }
                } else {
                    depth += c == '(' ? 1 : c == ')' ? -1 : 0;
                    arg.append(c);
                    pos++;
                }
            }
            return out;
        }

        private void skipQuoted() {
            char close = s.charAt(pos) == '[' ? ']' : s.charAt(pos);
            pos++;
            while (pos < s.length()) {
                if (s.charAt(pos++) == close) {
                    if (close == ']' || pos >= s.length() || s.charAt(pos) != close) {
                        return;
                    }
                    pos++; // a doubled quote is one quote character
                }
            }
        }

        private void skipBlanks() {
            while (pos < s.length()) {
                if (Character.isWhitespace(s.charAt(pos))) {
                    pos++;
                } else if (s.startsWith("--", pos)) {
                    int nl = s.indexOf('\n', pos);
                    pos = nl < 0 ? s.length() : nl + 1;
                } else if (s.startsWith("/*", pos)) {
                    int end = s.indexOf("*/", pos + 2);
                    pos = end < 0 ? s.length() : end + 2;
                } else {
                    return;
                }
            }
        }
    }
}
