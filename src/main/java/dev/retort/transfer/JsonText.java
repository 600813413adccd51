package dev.retort.transfer;

import java.math.BigDecimal;
import java.util.Arrays;

/**
 * A small JSON reader over UTF-8 bytes, for the two JSON types of PostgreSQL. It checks a value the
 * way PostgreSQL's {@code json} input does (RFC 8259 syntax, valid UTF-8, no raw control characters in
 * strings), and for {@code jsonb} it also writes the text PostgreSQL prints for the stored value: keys
 * sorted by length then bytes, a repeated key keeps its last value, {@code ", "} and {@code ": "}
 * separators, escapes resolved and re-escaped as PostgreSQL does, numbers as {@code numeric} prints
 * them. That text is what the verification checksums compare with the target. Not thread-safe; one per
 * copying thread. Kept free of Jackson: it runs on every JSON value of the copy.
 */
final class JsonText {
    /** A value PostgreSQL would reject; {@code offset} is the byte where it went wrong. */
    static final class Invalid extends Exception {
        final int offset;

        Invalid(String message, int offset) {
            super(message, null, false, false);
            this.offset = offset;
        }
    }

    private byte[] in;
    private int pos;
    private int end;
    private boolean jsonb;
    private byte[] out = new byte[1 << 12];
    private int len;
    private int depth;

    /** Checks a {@code json} value (syntax only, as PostgreSQL's json type). */
    void check(byte[] src, int off, int length) throws Invalid {
        run(src, off, length, false);
    }

    /** Checks a {@code jsonb} value and returns its canonical text (valid until the next call). */
    byte[] canonical(byte[] src, int off, int length) throws Invalid {
        run(src, off, length, true);
        return out;
    }

    /** Length of the canonical text of the last {@link #canonical} call. */
    int canonicalLength() {
        return len;
    }

    private void run(byte[] src, int off, int length, boolean jsonb) throws Invalid {
        this.in = src;
        this.pos = off;
        this.end = off + length;
        this.jsonb = jsonb;
        this.len = 0;
        this.depth = 0;
        skipWs();
        if (pos >= end) {
            throw new Invalid("The input string ended unexpectedly", pos - off);
        }
        value(off);
        skipWs();
        if (pos < end) {
            throw new Invalid("Expected end of input, but found \"" + token() + "\"", pos - off);
        }
    }

    private String token() {
        int e = Math.min(end, pos + 20);
        return new String(in, pos, e - pos, java.nio.charset.StandardCharsets.UTF_8);
    }

    private void skipWs() {
        while (pos < end) {
            byte b = in[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                pos++;
            } else {
                break;
            }
        }
    }

    private void ensure(int n) {
        if (len + n > out.length) {
            out = Arrays.copyOf(out, Math.max(out.length * 2, len + n));
        }
    }

    private void emit(byte b) {
        if (jsonb) {
            ensure(1);
            out[len++] = b;
        }
    }

    private void emit(byte[] b, int off, int n) {
        if (jsonb) {
            ensure(n);
            System.arraycopy(b, off, out, len, n);
            len += n;
        }
    }

    private void emit(String ascii) {
        if (jsonb) {
            ensure(ascii.length());
            for (int i = 0; i < ascii.length(); i++) {
                out[len++] = (byte) ascii.charAt(i);
            }
        }
    }

    private void value(int base) throws Invalid {
        if (pos >= end) {
            throw new Invalid("The input string ended unexpectedly", pos - base);
        }
        byte b = in[pos];
        switch (b) {
            case '{' -> object(base);
            case '[' -> array(base);
            case '"' -> {
                emit((byte) '"');
                string(base);
                emit((byte) '"');
            }
            case 't' -> literal("true", base);
            case 'f' -> literal("false", base);
            case 'n' -> literal("null", base);
            default -> {
                if (b == '-' || (b >= '0' && b <= '9')) {
                    number(base);
                } else {
                    throw new Invalid("Expected JSON value, but found \"" + token() + "\"", pos - base);
                }
            }
        }
    }

    private void literal(String word, int base) throws Invalid {
        int n = word.length();
        boolean ok = pos + n <= end;
        for (int i = 0; ok && i < n; i++) {
            ok = in[pos + i] == word.charAt(i);
        }
        if (ok && pos + n < end && identChar(in[pos + n])) {
            ok = false;
        }
        if (!ok) {
            throw new Invalid("Token \"" + token() + "\" is invalid", pos - base);
        }
        pos += n;
        emit(word);
    }

    private static boolean identChar(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b < 0;
    }

    private void number(int base) throws Invalid {
        int start = pos;
        boolean neg = false;
        if (in[pos] == '-') {
            neg = true;
            pos++;
        }
        if (pos >= end || in[pos] < '0' || in[pos] > '9') {
            throw new Invalid("Token \"" + new String(in, start, Math.min(end, pos + 1) - start,
                    java.nio.charset.StandardCharsets.UTF_8) + "\" is invalid", start - base);
        }
        boolean allZero = true;
        if (in[pos] == '0') {
            pos++;
        } else {
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                allZero = false;
                pos++;
            }
        }
        boolean fraction = false;
        boolean exponent = false;
        if (pos < end && in[pos] == '.') {
            fraction = true;
            pos++;
            int d = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                if (in[pos] != '0') {
                    allZero = false;
                }
                pos++;
            }
            if (pos == d) {
                throw new Invalid("Token \"" + new String(in, start, pos - start,
                        java.nio.charset.StandardCharsets.UTF_8) + "\" is invalid", start - base);
            }
        }
        if (pos < end && (in[pos] == 'e' || in[pos] == 'E')) {
            exponent = true;
            pos++;
            if (pos < end && (in[pos] == '+' || in[pos] == '-')) {
                pos++;
            }
            int d = pos;
            while (pos < end && in[pos] >= '0' && in[pos] <= '9') {
                pos++;
            }
            if (pos == d) {
                throw new Invalid("Token \"" + new String(in, start, pos - start,
                        java.nio.charset.StandardCharsets.UTF_8) + "\" is invalid", start - base);
            }
        }
        if (pos < end && identChar(in[pos])) {
            throw new Invalid("Token \"" + new String(in, start, Math.min(end, pos + 1) - start,
                    java.nio.charset.StandardCharsets.UTF_8) + "\" is invalid", start - base);
        }
        if (!jsonb) {
            return;
        }
        if (!exponent) {
            if (neg && allZero) {
                emit(in, start + 1, pos - start - 1); // numeric has no negative zero
            } else {
                emit(in, start, pos - start);
            }
            return;
        }
        String text = new String(in, start, pos - start, java.nio.charset.StandardCharsets.US_ASCII);
        BigDecimal d = new BigDecimal(text);
        if (d.scale() < 0) {
            d = d.setScale(0);
        }
        emit(d.toPlainString());
    }

    private void array(int base) throws Invalid {
        if (++depth > 6400) {
            throw new Invalid("JSON nested too deeply", pos - base);
        }
        pos++;
        emit((byte) '[');
        skipWs();
        if (pos < end && in[pos] == ']') {
            pos++;
            emit((byte) ']');
            depth--;
            return;
        }
        while (true) {
            skipWs();
            value(base);
            skipWs();
            if (pos >= end) {
                throw new Invalid("The input string ended unexpectedly", pos - base);
            }
            if (in[pos] == ',') {
                pos++;
                emit(", ");
            } else if (in[pos] == ']') {
                pos++;
                emit((byte) ']');
                depth--;
                return;
            } else {
                throw new Invalid("Expected \",\" or \"]\", but found \"" + token() + "\"", pos - base);
            }
        }
    }

    private void object(int base) throws Invalid {
        if (++depth > 6400) {
            throw new Invalid("JSON nested too deeply", pos - base);
        }
        pos++;
        int objStart = len;
        int[] spans = jsonb ? new int[16] : null; // keyStart, keyLen, valStart, valLen per member
        int n = 0;
        skipWs();
        if (pos < end && in[pos] == '}') {
            pos++;
            emit("{}");
            depth--;
            return;
        }
        while (true) {
            skipWs();
            if (pos >= end || in[pos] != '"') {
                throw new Invalid(pos >= end ? "The input string ended unexpectedly"
                        : "Expected string, but found \"" + token() + "\"", pos - base);
            }
            int keyStart = len;
            scanString(base); // for jsonb, the key's decoded bytes are written
            int keyLen = len - keyStart;
            skipWs();
            if (pos >= end || in[pos] != ':') {
                throw new Invalid(pos >= end ? "The input string ended unexpectedly"
                        : "Expected \":\", but found \"" + token() + "\"", pos - base);
            }
            pos++;
            skipWs();
            int valStart = len;
            value(base);
            if (jsonb) {
                if ((n + 1) * 4 > spans.length) {
                    spans = Arrays.copyOf(spans, spans.length * 2);
                }
                spans[n * 4] = keyStart;
                spans[n * 4 + 1] = keyLen;
                spans[n * 4 + 2] = valStart;
                spans[n * 4 + 3] = len - valStart;
            }
            n++;
            skipWs();
            if (pos >= end) {
                throw new Invalid("The input string ended unexpectedly", pos - base);
            }
            if (in[pos] == ',') {
                pos++;
            } else if (in[pos] == '}') {
                pos++;
                break;
            } else {
                throw new Invalid("Expected \",\" or \"}\", but found \"" + token() + "\"", pos - base);
            }
        }
        depth--;
        if (!jsonb) {
            return;
        }
        byte[] region = Arrays.copyOfRange(out, objStart, len);
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        final int[] s = spans;
        Arrays.sort(order, (a, b) -> {
            int c = compareKeys(region, s[a * 4] - objStart, s[a * 4 + 1], s[b * 4] - objStart, s[b * 4 + 1]);
            return c != 0 ? c : Integer.compare(b, a); // equal keys: the later one first, and it is kept
        });
        len = objStart;
        emit((byte) '{');
        int prev = -1;
        boolean first = true;
        for (int k = 0; k < n; k++) {
            int i = order[k];
            if (prev >= 0 && compareKeys(region, s[prev * 4] - objStart, s[prev * 4 + 1], s[i * 4] - objStart,
                    s[i * 4 + 1]) == 0) {
                continue;
            }
            prev = i;
            if (!first) {
                emit(", ");
            }
            first = false;
            emit((byte) '"');
            escape(region, s[i * 4] - objStart, s[i * 4 + 1]);
            emit("\": ");
            emit(region, s[i * 4 + 2] - objStart, s[i * 4 + 3]);
        }
        emit((byte) '}');
    }

    private static int compareKeys(byte[] r, int a, int alen, int b, int blen) {
        if (alen != blen) {
            return alen < blen ? -1 : 1;
        }
        return Arrays.compareUnsigned(r, a, a + alen, r, b, b + blen);
    }

    /** Escapes decoded string bytes the way PostgreSQL's escape_json does. */
    private void escape(byte[] r, int off, int n) {
        int runStart = off;
        int e = off + n;
        for (int i = off; i < e; i++) {
            int c = r[i] & 0xff;
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            emit(r, runStart, i - runStart);
            switch (c) {
                case '\b' -> emit("\\b");
                case '\f' -> emit("\\f");
                case '\n' -> emit("\\n");
                case '\r' -> emit("\\r");
                case '\t' -> emit("\\t");
                case '"' -> emit("\\\"");
                case '\\' -> emit("\\\\");
                default -> emit(String.format("\\u%04x", c));
            }
            runStart = i + 1;
        }
        emit(r, runStart, e - runStart);
    }

    /** A string value: for jsonb, written re-escaped (without quotes). */
    private void string(int base) throws Invalid {
        int keyStart = len;
        boolean escapes = scanString(base);
        if (jsonb && escapes) {
            // decoded bytes were written; re-escape them in place
            byte[] decoded = Arrays.copyOfRange(out, keyStart, len);
            len = keyStart;
            escape(decoded, 0, decoded.length);
        }
    }

    /**
     * Reads a string at pos (on the opening quote). For jsonb writes its decoded bytes. Returns
     * whether it had escapes (when it had none, the decoded bytes equal the canonical text).
     */
    private boolean scanString(int base) throws Invalid {
        pos++;
        int runStart = pos;
        boolean escapes = false;
        while (true) {
            if (pos >= end) {
                throw new Invalid("The input string ended unexpectedly", pos - base);
            }
            int c = in[pos] & 0xff;
            if (c == '"') {
                emit(in, runStart, pos - runStart);
                pos++;
                return escapes;
            }
            if (c < 0x20) {
                throw new Invalid("Character with value 0x" + String.format("%02x", c) + " must be escaped",
                        pos - base);
            }
            if (c == '\\') {
                escapes = true;
                emit(in, runStart, pos - runStart);
                pos++;
                if (pos >= end) {
                    throw new Invalid("The input string ended unexpectedly", pos - base);
                }
                byte e = in[pos++];
                switch (e) {
                    case '"' -> emit((byte) '"');
                    case '\\' -> emit((byte) '\\');
                    case '/' -> emit((byte) '/');
                    case 'b' -> emit((byte) '\b');
                    case 'f' -> emit((byte) '\f');
                    case 'n' -> emit((byte) '\n');
                    case 'r' -> emit((byte) '\r');
                    case 't' -> emit((byte) '\t');
                    case 'u' -> unicodeEscape(base);
                    default -> throw new Invalid("Escape sequence \"\\" + (char) e + "\" is invalid", pos - 2 - base);
                }
                runStart = pos;
                continue;
            }
            if (c >= 0x80) {
                pos += utf8(in, pos, end, base);
                continue;
            }
            pos++;
        }
    }

    private int hex4(int base) throws Invalid {
        if (pos + 4 > end) {
            throw new Invalid("\"\\u\" must be followed by four hexadecimal digits", pos - 2 - base);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int d = Character.digit(in[pos + i], 16);
            if (d < 0) {
                throw new Invalid("\"\\u\" must be followed by four hexadecimal digits", pos - 2 - base);
            }
            v = v * 16 + d;
        }
        pos += 4;
        return v;
    }

    private void unicodeEscape(int base) throws Invalid {
        int cp = hex4(base);
        if (!jsonb) {
            return; // the json type keeps the text as it is
        }
        if (cp == 0) {
            throw new Invalid("Unicode escape value \\u0000 cannot be converted to text (PostgreSQL rejects it"
                    + " in jsonb)", pos - 6 - base);
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (pos + 6 <= end && in[pos] == '\\' && in[pos + 1] == 'u') {
                pos += 2;
                int lo = hex4(base);
                if (lo < 0xDC00 || lo > 0xDFFF) {
                    throw new Invalid("Unicode low surrogate must follow a high surrogate", pos - 6 - base);
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
                throw new Invalid("Unicode low surrogate must follow a high surrogate", pos - base);
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            throw new Invalid("Unicode low surrogate must follow a high surrogate", pos - 6 - base);
        }
        byte[] b = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        emit(b, 0, b.length);
    }

    /**
     * Length of the valid UTF-8 sequence at {@code i} (first byte >= 0x80), or throws. Shared with
     * the text checks of the copy.
     */
    static int utf8(byte[] b, int i, int end, int base) throws Invalid {
        int c = b[i] & 0xff;
        int n;
        int min;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 2;
            min = 0x80;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 3;
            min = 0x800;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 4;
            min = 0x10000;
        } else {
            throw new Invalid("invalid byte sequence for encoding \"UTF8\": 0x" + String.format("%02x", c), i - base);
        }
        if (i + n > end) {
            throw new Invalid("incomplete UTF-8 sequence at the end of the value", i - base);
        }
        int cp = c & (0xFF >> (n + 1));
        for (int k = 1; k < n; k++) {
            int cc = b[i + k] & 0xff;
            if ((cc & 0xC0) != 0x80) {
                throw new Invalid("invalid byte sequence for encoding \"UTF8\": 0x" + String.format("%02x 0x%02x", c,
                        cc), i - base);
            }
            cp = (cp << 6) | (cc & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            throw new Invalid("invalid byte sequence for encoding \"UTF8\" (code point " + Integer.toHexString(cp)
                    + ")", i - base);
        }
        return n;
    }
}
