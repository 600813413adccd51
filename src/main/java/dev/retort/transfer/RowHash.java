package dev.retort.transfer;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The content checksum of a table, independent of row order: the sum of a 64-bit hash per row. A
 * row's hash is the first 8 bytes (big-endian, signed) of the MD5 of its values, each written as
 * {@code <byte length>:<text>} or {@code -} for NULL, where the text is what PostgreSQL prints for
 * the stored value. The target side computes the same in SQL:
 * {@code sum(('x' || substr(md5(...), 1, 16))::bit(64)::bigint)}.
 */
final class RowHash {
    private final MessageDigest md5;
    private final byte[] digits = new byte[12];
    private long lo;
    private long hi;

    RowHash() {
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void value(byte[] b, int off, int len) {
        int n = digits.length;
        int v = len;
        digits[--n] = ':';
        do {
            digits[--n] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0);
        md5.update(digits, n, digits.length - n);
        md5.update(b, off, len);
    }

    void nullValue() {
        md5.update((byte) '-');
    }

    /** Discards the values given since the last {@link #endRow()} (a row left out). */
    void abandonRow() {
        md5.reset();
    }

    void endRow() {
        byte[] d = md5.digest();
        long h = 0;
        for (int i = 0; i < 8; i++) {
            h = (h << 8) | (d[i] & 0xff);
        }
        long old = lo;
        lo += h;
        hi += (h >> 63) + (Long.compareUnsigned(lo, old) < 0 ? 1 : 0);
    }

    /** The exact sum, as PostgreSQL's numeric sum prints it. */
    String sum() {
        BigInteger s = BigInteger.valueOf(hi).shiftLeft(64).add(new BigInteger(Long.toUnsignedString(lo)));
        return s.toString();
    }
}
