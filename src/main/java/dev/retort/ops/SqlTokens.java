package dev.retort.ops;

import dev.retort.api.RetortException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A small tokenizer for the CREATE TABLE text SQLite keeps in sqlite_master. */
final class SqlTokens {
    private SqlTokens() {
    }

    /** A token and where it is in the text ({@code [start, end)}). */
    record Token(String text, int start, int end) {
        String upper() {
            return text.toUpperCase(Locale.ROOT);
        }
    }

    static List<Token> tokenize(String sql) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int e = sql.indexOf("*/", i + 2);
                i = e < 0 ? n : e + 2;
            } else if (c == '\'' || c == '"' || c == '`' || c == '[') {
                char close = c == '[' ? ']' : c;
                int j = i + 1;
                while (j < n) {
                    if (sql.charAt(j) == close) {
                        if (close != ']' && j + 1 < n && sql.charAt(j + 1) == close) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    j++;
                }
                out.add(new Token(sql.substring(i, Math.min(n, j + 1)), i, Math.min(n, j + 1)));
                i = j + 1;
            } else if (Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127) {
                int j = i;
                while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_'
                        || sql.charAt(j) == '$' || sql.charAt(j) == '.' || sql.charAt(j) > 127)) {
                    j++;
                }
                out.add(new Token(sql.substring(i, j), i, j));
                i = j;
            } else {
                out.add(new Token(String.valueOf(c), i, i + 1));
                i++;
            }
        }
        return out;
    }

    static int indexOf(List<Token> tokens, String text, int from) {
        for (int i = from; i < tokens.size(); i++) {
            if (tokens.get(i).text().equals(text)) {
                return i;
            }
        }
        throw new RetortException("can't read the table definition: no '" + text + "'");
    }

    /** The index of the ")" that closes the "(" at {@code open}. */
    static int matching(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            String t = tokens.get(i).text();
            if (t.equals("(")) {
                depth++;
            } else if (t.equals(")") && --depth == 0) {
                return i;
            }
        }
        throw new RetortException("can't read the table definition: unbalanced parentheses");
    }

    /** An identifier without its quotes. */
    static String unquote(String id) {
        if (id.length() >= 2) {
            char c = id.charAt(0);
            if (c == '"' || c == '`') {
                return id.substring(1, id.length() - 1).replace(String.valueOf(c) + c, String.valueOf(c));
            }
            if (c == '[') {
                return id.substring(1, id.length() - 1);
            }
            if (c == '\'') {
                return id.substring(1, id.length() - 1).replace("''", "'");
            }
        }
        return id;
    }
}
