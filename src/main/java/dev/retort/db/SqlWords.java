package dev.retort.db;

import dev.retort.api.Dialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A tiny SQL lexer for looking at the first words of one statement, comments skipped. It is
 * not a parser: the statement boundaries come from Flyway; this only answers "how does this
 * statement start?".
 *
 * <p>Tokens: words (upper-cased), each parenthesised group as one {@code (} token (or, if asked,
 * its parentheses and contents as tokens of their own), each quoted thing (string, quoted
 * identifier, dollar-quoted body) as one {@code '} or {@code "} token, and any other character
 * as itself. Comments and white space are skipped; PostgreSQL block comments nest, SQLite ones
 * do not.
 */
final class SqlWords {
    private final String s;
    private final boolean nestedComments;
    private final boolean groupParens;
    private int pos;

    private SqlWords(String s, Dialect dialect, boolean groupParens) {
        this.s = s;
        this.nestedComments = dialect == Dialect.POSTGRESQL;
        this.groupParens = groupParens;
    }

    /** The index of the first character of {@code sql} that is not white space or a comment. */
    static int skipLeadingComments(String sql, Dialect dialect) {
        SqlWords lexer = new SqlWords(sql, dialect, true);
        lexer.skipBlanks();
        return lexer.pos;
    }

    /**
     * Up to {@code max} leading tokens of {@code sql}; with {@code groupParens} each parenthesised
     * group is one {@code (} token, else its parentheses and contents are tokens of their own.
     */
    static List<String> leading(String sql, Dialect dialect, int max, boolean groupParens) {
        SqlWords lexer = new SqlWords(sql, dialect, groupParens);
        List<String> out = new ArrayList<>();
        String t;
        while (out.size() < max && (t = lexer.next()) != null) {
            out.add(t);
        }
        return out;
    }

    private String next() {
        skipBlanks();
        if (pos >= s.length()) {
            return null;
        }
        char c = s.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < s.length() && isWordChar(s.charAt(pos))) {
                pos++;
            }
            String word = s.substring(start, pos);
            if (pos < s.length() && s.charAt(pos) == '\'' && word.equalsIgnoreCase("E")) {
                skipQuoted('\'', true);
                return "'";
            }
            return word.toUpperCase(Locale.ROOT);
        }
        switch (c) {
            case '\'':
                skipQuoted('\'', false);
                return "'";
            case '"':
            case '`':
                skipQuoted(c, false);
                return "\"";
            case '[':
                if (!nestedComments) { // SQLite's [identifier]; in PostgreSQL an array subscript
                    skipQuoted(']', false);
                    return "\"";
                }
                break;
            case '$':
                if (skipDollarQuoted()) {
                    return "'";
                }
                break;
            case '(':
                if (!groupParens) {
                    break;
                }
                pos++;
                for (int depth = 1; depth > 0; ) {
                    String t = next();
                    if (t == null) {
                        break;
                    } else if (t.equals(")")) {
                        depth--;
                    }
                }
                return "(";
            default:
                break;
        }
        pos++;
        return String.valueOf(c);
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }

    /** Skips white space and comments. */
    private void skipBlanks() {
        while (pos < s.length()) {
            char c = s.charAt(pos);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                pos++;
            } else if (s.startsWith("--", pos)) {
                int eol = s.indexOf('\n', pos);
                pos = eol < 0 ? s.length() : eol + 1;
            } else if (s.startsWith("/*", pos)) {
                pos += 2;
                int depth = 1;
                while (pos < s.length() && depth > 0) {
                    if (s.startsWith("*/", pos)) {
                        depth--;
                        pos += 2;
                    } else if (nestedComments && s.startsWith("/*", pos)) {
                        depth++;
                        pos += 2;
                    } else {
                        pos++;
                    }
                }
            } else {
                return;
            }
        }
    }

    /** Skips a quoted token starting at pos; a doubled closing quote is part of the text. */
    private void skipQuoted(char close, boolean backslashEscapes) {
        pos++; // the opening quote
        while (pos < s.length()) {
            char c = s.charAt(pos++);
            if (backslashEscapes && c == '\\') {
                pos++;
            } else if (c == close) {
                if (pos < s.length() && s.charAt(pos) == close && close != ']') {
                    pos++;
                } else {
                    return;
                }
            }
        }
    }

    /** Skips {@code $tag$ ... $tag$} if one starts at pos. */
    private boolean skipDollarQuoted() {
        int end = pos + 1;
        while (end < s.length() && isWordChar(s.charAt(end)) && s.charAt(end) != '$') {
            end++;
        }
        if (end >= s.length() || s.charAt(end) != '$' || (end > pos + 1 && Character.isDigit(s.charAt(pos + 1)))) {
            return false;
        }
        String tag = s.substring(pos, end + 1);
        int close = s.indexOf(tag, end + 1);
        pos = close < 0 ? s.length() : close + tag.length();
        return true;
    }
}
