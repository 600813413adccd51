package dev.retort.transfer;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * PostgreSQL's {@code jsonb_hash_extended(value, 0)}, computed from the canonical jsonb text that
 * {@link JsonText} writes (keys already sorted and de-duplicated, as jsonb stores them). Lets the
 * verification compare jsonb columns without PostgreSQL printing every value back as text, which is
 * about three times slower. Re-implements, for little-endian servers: the token walk of
 * {@code jsonb_hash_extended}, {@code JsonbHashScalarValueExtended}, {@code hash_numeric_extended}
 * and Bob Jenkins' lookup3 {@code hash_bytes_extended}. Checked against PostgreSQL in the tests.
 */
final class JsonbHash {
    private static final long JB_FOBJECT = 0x20000000L;
    private static final long JB_FARRAY = 0x40000000L;

    private byte[] in;
    private int pos;
    private int end;
    private long hash;
    private byte[] scratch = new byte[256];

    /** The hash of a canonical jsonb text. */
    long of(byte[] canonical, int len) {
        in = canonical;
        pos = 0;
        end = len;
        hash = 0;
        byte first = canonical[0];
        if (len == 2 && (first == '{' || first == '[')) {
            return 0; // an empty root container hashes to the seed
        }
        if (first != '{' && first != '[') {
            hash ^= JB_FARRAY << 32 | JB_FARRAY; // a top-level scalar is stored as a one-element raw array
        }
        value();
        return hash;
    }

    private static long rotate(long v) {
        return ((v << 1) & 0xfffffffefffffffeL) | ((v >>> 31) & 0x100000001L);
    }

    private void scalar(long tmp) {
        hash = rotate(hash) ^ tmp;
    }

    private void value() {
        byte b = in[pos];
        switch (b) {
            case '{' -> {
                hash ^= JB_FOBJECT << 32 | JB_FOBJECT;
                pos++;
                if (in[pos] == '}') {
                    pos++;
                    return;
                }
                while (true) {
                    scalar(string()); // key
                    pos += 2; // ": "
                    value();
                    if (in[pos] == '}') {
                        pos++;
                        return;
                    }
                    pos += 2; // ", "
                }
            }
            case '[' -> {
                hash ^= JB_FARRAY << 32 | JB_FARRAY;
                pos++;
                if (in[pos] == ']') {
                    pos++;
                    return;
                }
                while (true) {
                    value();
                    if (in[pos] == ']') {
                        pos++;
                        return;
                    }
                    pos += 2;
                }
            }
            case '"' -> scalar(string());
            case 't' -> {
                pos += 4;
                scalar(0x02);
            }
            case 'f' -> {
                pos += 5;
                scalar(0x04);
            }
            case 'n' -> {
                pos += 4;
                scalar(0x01);
            }
            default -> scalar(number());
        }
    }

    /** Decodes the string at pos (PostgreSQL's escapes) and hashes its bytes. */
    private long string() {
        pos++;
        int n = 0;
        while (true) {
            byte c = in[pos++];
            if (c == '"') {
                break;
            }
            if (c == '\\') {
                byte e = in[pos++];
                c = switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    case 'u' -> {
                        int v = Integer.parseInt(new String(in, pos, 4, StandardCharsets.US_ASCII), 16);
                        pos += 4;
                        yield (byte) v;
                    }
                    default -> e; // \" and \\
                };
            }
            if (n == scratch.length) {
                scratch = java.util.Arrays.copyOf(scratch, n * 2);
            }
            scratch[n++] = c;
        }
        return hashBytes(scratch, 0, n, 0);
    }

    private long number() {
        int start = pos;
        while (pos < end && (in[pos] == '-' || in[pos] == '.' || (in[pos] >= '0' && in[pos] <= '9'))) {
            pos++;
        }
        BigDecimal v = new BigDecimal(new String(in, start, pos - start, StandardCharsets.US_ASCII));
        return numeric(v);
    }

    /** hash_numeric_extended(v, 0): lookup3 over the base-10000 digits without leading and trailing zeros. */
    static long numeric(BigDecimal v) {
        if (v.signum() == 0) {
            return -1L; // seed - 1
        }
        String digits = v.unscaledValue().abs().toString();
        int lastExp = -v.scale(); // decimal exponent of the last digit
        int padRight = Math.floorMod(lastExp, 4);
        lastExp -= padRight;
        int len = digits.length() + padRight;
        int padLeft = (4 - len % 4) % 4;
        int groups = (len + padLeft) / 4;
        int[] d = new int[groups];
        for (int g = 0; g < groups; g++) {
            int x = 0;
            for (int k = 0; k < 4; k++) {
                int idx = g * 4 + k - padLeft; // index into digits (past the end: right padding)
                x = x * 10 + (idx >= 0 && idx < digits.length() ? digits.charAt(idx) - '0' : 0);
            }
            d[g] = x;
        }
        int weight = lastExp / 4 + groups - 1;
        int first = 0;
        while (d[first] == 0) {
            first++;
            weight--;
        }
        int last = groups - 1;
        while (d[last] == 0) {
            last--;
        }
        byte[] b = new byte[(last - first + 1) * 2];
        for (int i = first, j = 0; i <= last; i++, j += 2) {
            b[j] = (byte) d[i];
            b[j + 1] = (byte) (d[i] >> 8);
        }
        return hashBytes(b, 0, b.length, 0) ^ (long) weight;
    }

    // ---------------------------------------------------------------- lookup3 (hash_bytes_extended)

    private static int rot(int x, int k) {
        return Integer.rotateLeft(x, k);
    }

    private static int word(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }

    /** PostgreSQL's hash_bytes_extended (little-endian), as a signed 64-bit value. */
    static long hashBytes(byte[] k, int off, int keylen, long seed) {
        int len = keylen;
        int a = 0x9e3779b9 + len + 3923095;
        int b = a;
        int c = a;
        if (seed != 0) {
            a += (int) (seed >>> 32);
            b += (int) seed;
            a -= c; a ^= rot(c, 4); c += b;
            b -= a; b ^= rot(a, 6); a += c;
            c -= b; c ^= rot(b, 8); b += a;
            a -= c; a ^= rot(c, 16); c += b;
            b -= a; b ^= rot(a, 19); a += c;
            c -= b; c ^= rot(b, 4); b += a;
        }
        int i = off;
        while (len >= 12) {
            a += word(k, i);
            b += word(k, i + 4);
            c += word(k, i + 8);
            a -= c; a ^= rot(c, 4); c += b;
            b -= a; b ^= rot(a, 6); a += c;
            c -= b; c ^= rot(b, 8); b += a;
            a -= c; a ^= rot(c, 16); c += b;
            b -= a; b ^= rot(a, 19); a += c;
            c -= b; c ^= rot(b, 4); b += a;
            i += 12;
            len -= 12;
        }
        switch (len) {
            case 11: c += (k[i + 10] & 0xff) << 24; // fall through
            case 10: c += (k[i + 9] & 0xff) << 16;
            case 9: c += (k[i + 8] & 0xff) << 8;
            case 8: b += (k[i + 7] & 0xff) << 24;
            case 7: b += (k[i + 6] & 0xff) << 16;
            case 6: b += (k[i + 5] & 0xff) << 8;
            case 5: b += k[i + 4] & 0xff;
            case 4: a += (k[i + 3] & 0xff) << 24;
            case 3: a += (k[i + 2] & 0xff) << 16;
            case 2: a += (k[i + 1] & 0xff) << 8;
            case 1: a += k[i] & 0xff;
            default: break;
        }
        c ^= b; c -= rot(b, 14);
        a ^= c; a -= rot(c, 11);
        b ^= a; b -= rot(a, 25);
        c ^= b; c -= rot(b, 16);
        a ^= c; a -= rot(c, 4);
        b ^= a; b -= rot(a, 14);
        c ^= b; c -= rot(b, 24);
        return ((long) b << 32) | (c & 0xffffffffL);
    }
}
