package dev.retort.transfer;

import java.util.Arrays;

/**
 * Rows in PostgreSQL's COPY text format, built in one reusable byte array and handed to the server
 * in chunks: columns separated by tabs, rows ended by newlines, NULL as {@code \N}, and backslash,
 * newline, carriage return and tab escaped. Never holds more than about one chunk plus one row.
 */
final class CopyBuffer {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] buf;
    int len;

    CopyBuffer(int capacity) {
        buf = new byte[capacity];
    }

    void ensure(int n) {
        if (len + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
        }
    }

    void reset(int mark) {
        len = mark;
    }

    void clear() {
        len = 0;
    }

    /** Shrinks back after a huge row, so one big value does not keep a big array alive. */
    void trim(int capacity) {
        if (buf.length > capacity * 4 && len <= capacity) {
            buf = Arrays.copyOf(buf, capacity);
        }
    }

    void put(byte b) {
        ensure(1);
        buf[len++] = b;
    }

    void nullValue() {
        ensure(2);
        buf[len++] = '\\';
        buf[len++] = 'N';
    }

    void ascii(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[len++] = (byte) s.charAt(i);
        }
    }

    void decimal(long v) {
        if (v == Long.MIN_VALUE) {
            ascii(Long.toString(v));
            return;
        }
        ensure(20);
        if (v < 0) {
            buf[len++] = '-';
            v = -v;
        }
        int start = len;
        do {
            buf[len++] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        for (int i = start, j = len - 1; i < j; i++, j--) {
            byte t = buf[i];
            buf[i] = buf[j];
            buf[j] = t;
        }
    }

    /** A bytea value in hex format ({@code \\x...} once COPY's own escaping is applied). */
    void bytea(byte[] b, int off, int n) {
        ensure(3 + 2 * n);
        buf[len++] = '\\';
        buf[len++] = '\\';
        buf[len++] = 'x';
        for (int i = off; i < off + n; i++) {
            int v = b[i] & 0xff;
            buf[len++] = HEX[v >>> 4];
            buf[len++] = HEX[v & 15];
        }
    }

    /** Text already known to be valid UTF-8 without NUL, escaped for COPY. */
    void escaped(byte[] b, int off, int n) {
        ensure(n + 16);
        int end = off + n;
        int run = off;
        for (int i = off; i < end; i++) {
            byte c = b[i];
            if (c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                int r = i - run;
                ensure(r + 2 + (end - i));
                System.arraycopy(b, run, buf, len, r);
                len += r;
                buf[len++] = '\\';
                buf[len++] = c == '\\' ? (byte) '\\' : c == '\n' ? (byte) 'n' : c == '\r' ? (byte) 'r' : (byte) 't';
                run = i + 1;
            }
        }
        int r = end - run;
        ensure(r);
        System.arraycopy(b, run, buf, len, r);
        len += r;
    }

    /**
     * Checks that text is valid UTF-8 without NUL characters (PostgreSQL rejects both).
     *
     * @return -1 if fine; the offset of a NUL byte; or {@code -2 - offset} of the first byte of invalid UTF-8
     */
    static int checkText(byte[] b, int off, int n) {
        int end = off + n;
        int i = off;
        while (i < end) {
            byte c = b[i];
            if (c > 0) {
                i++;
            } else if (c == 0) {
                return i - off;
            } else {
                try {
                    i += JsonText.utf8(b, i, end, off);
                } catch (JsonText.Invalid e) {
                    return -2 - (i - off);
                }
            }
        }
        return -1;
    }
}
