package dev.retort.transfer;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;

/**
 * Converts one SQLite value (by its storage class: INTEGER, REAL, TEXT, BLOB, NULL) to the target
 * column's PostgreSQL type, written in COPY text format, and feeds the text PostgreSQL will print
 * for it to the row checksum. Rules (see the README, "What is converted and how"):
 *
 * <ul>
 *   <li>boolean: integer 0/1 (also 0.0/1.0, and the texts PostgreSQL accepts: t/f, true/false, yes/no,
 *       on/off, 1/0); anything else is reported.</li>
 *   <li>smallint/integer/bigint: integers in range; reals with no fraction; integer texts.</li>
 *   <li>numeric(p,s): exact decimal of the value, rounded half away from zero to the scale.</li>
 *   <li>real/double precision: the same binary value.</li>
 *   <li>text/varchar(n)/char(n): the text as it is (length checked); integers and reals as SQLite
 *       prints them; blobs if they are valid UTF-8.</li>
 *   <li>json/jsonb: checked as PostgreSQL checks them; invalid JSON is reported with its position.</li>
 *   <li>bytea: blob bytes (text: its UTF-8 bytes).</li>
 *   <li>timestamp/timestamptz: integers and reals as Unix time — seconds, or milliseconds,
 *       microseconds or nanoseconds by magnitude (|v| &lt; 1e11 s, &lt; 1e14 ms, &lt; 1e17 µs, else
 *       ns); texts {@code YYYY-MM-DD[( |T)HH:MM[:SS[.fff]]][Z|±HH[:MM]]}, an offset converted to UTC;
 *       a timestamp without time zone holds the UTC wall-clock time.</li>
 *   <li>date, time, uuid (text with or without hyphens/braces, or a 16-byte blob).</li>
 *   <li>NUL characters and invalid UTF-8 in text are reported (PostgreSQL rejects both).</li>
 * </ul>
 */
final class TypeConverter {
    static final int INTEGER = 1;
    static final int FLOAT = 2;
    static final int TEXT = 3;
    static final int BLOB = 4;
    static final int NULL = 5;

    /** A value that can't be converted: {@code kind} as in {@link Problem}. */
    static final class Bad extends Exception {
        final String kind;

        Bad(String kind, String message) {
            super(message, null, false, false);
            this.kind = kind;
        }
    }

    private static final HexFormat HEX = HexFormat.of();

    private final JsonText json = new JsonText();
    private final JsonbHash jsonbHash = new JsonbHash();

    /**
     * Writes one value.
     *
     * @param hash the row checksum, or null when this column is not checksummed
     */
    void write(PgType t, boolean notNull, int type, long l, double d, byte[] b, CopyBuffer out, RowHash hash)
            throws Bad {
        if (type == NULL) {
            if (notNull) {
                throw new Bad("not_null", "NULL in a NOT NULL column (" + t.display() + ")");
            }
            out.nullValue();
            if (hash != null) {
                hash.nullValue();
            }
            return;
        }
        switch (t.kind()) {
            case BOOL -> {
                boolean v = bool(type, l, d, b);
                out.put(v ? (byte) 't' : (byte) 'f');
                hashAscii(hash, v ? "true" : "false");
            }
            case INT2, INT4, INT8 -> {
                long v = integer(t, type, l, d, b);
                int start = out.len;
                out.decimal(v);
                if (hash != null) {
                    hash.value(out.buf, start, out.len - start);
                }
            }
            case NUMERIC -> {
                String s = numeric(t, type, l, d, b);
                asciiValue(out, s, hash);
            }
            case FLOAT8 -> {
                double v = floating(type, l, d, b);
                out.ascii(floatText(v));
                hashAscii(hash, HEX.toHexDigits(Double.doubleToRawLongBits(v)));
            }
            case FLOAT4 -> {
                double wide = floating(type, l, d, b);
                float v = (float) wide;     // rounded to the nearest real, as PostgreSQL rounds what it is given
                if (Double.isFinite(wide) && (Float.isInfinite(v) || (v == 0 && wide != 0))) {
                    // PostgreSQL refuses these too rather than store Infinity or 0
                    throw new Bad("out_of_range", describe(type, l, d, b) + " is out of range for " + t.display());
                }
                out.ascii(Float.isNaN(v) ? "NaN" : Float.isInfinite(v) ? (v > 0 ? "Infinity" : "-Infinity")
                        : Float.toString(v));
                hashAscii(hash, HEX.toHexDigits(Float.floatToRawIntBits(v)));
            }
            case TEXT, VARCHAR, BPCHAR, OTHER -> text(t, type, l, d, b, out, hash);
            case JSON, JSONB -> json(t, type, l, d, b, out, hash);
            case BYTEA -> {
                byte[] v = switch (type) {
                    case INTEGER -> Long.toString(l).getBytes(StandardCharsets.US_ASCII);
                    case FLOAT -> exactReal(d).getBytes(StandardCharsets.US_ASCII);
                    default -> b;
                };
                out.bytea(v, 0, v.length);
                if (hash != null) {
                    hash.value(out.buf, out.len - 2 * v.length, 2 * v.length);
                }
            }
            case TIMESTAMP, TIMESTAMPTZ -> {
                long micros = roundMicros(timestampMicros(type, l, d, b), t.length());
                String s = formatTimestamp(micros) + (t.kind() == PgType.Kind.TIMESTAMPTZ ? "+00" : "");
                asciiValue(out, s, hash);
            }
            case DATE -> {
                String s = date(type, l, d, b);
                asciiValue(out, s, hash);
            }
            case TIME -> {
                String s = time(t, type, b);
                asciiValue(out, s, hash);
            }
            case UUID -> {
                String s = uuid(type, b);
                asciiValue(out, s, hash);
            }
            default -> throw new IllegalStateException(t.kind().name());
        }
    }

    /** Writes an ASCII value and hashes the bytes written. */
    private static void asciiValue(CopyBuffer out, String s, RowHash hash) {
        int start = out.len;
        out.ascii(s);
        if (hash != null) {
            hash.value(out.buf, start, out.len - start);
        }
    }

    private static void hashAscii(RowHash hash, String s) {
        if (hash != null) {
            byte[] a = s.getBytes(StandardCharsets.US_ASCII);
            hash.value(a, 0, a.length);
        }
    }

    private static String excerpt(byte[] b) {
        String s = new String(b, 0, Math.min(b.length, 60), StandardCharsets.UTF_8).replace("\u0000", "\\0");
        return "'" + s + (b.length > 60 ? "...'" : "'");
    }

    private static String describe(int type, long l, double d, byte[] b) {
        return switch (type) {
            case INTEGER -> "integer " + l;
            case FLOAT -> "real " + sqliteReal(d);
            case TEXT -> "text " + excerpt(b);
            default -> "blob of " + b.length + " bytes";
        };
    }

    private static Bad bad(String what, int type, long l, double d, byte[] b) {
        return new Bad("bad_value", describe(type, l, d, b) + " is not " + what);
    }

    // ---------------------------------------------------------------- booleans and numbers

    private static boolean bool(int type, long l, double d, byte[] b) throws Bad {
        switch (type) {
            case INTEGER -> {
                if (l == 0 || l == 1) {
                    return l == 1;
                }
            }
            case FLOAT -> {
                if (d == 0 || d == 1) {
                    return d == 1;
                }
            }
            case TEXT -> {
                switch (new String(b, StandardCharsets.UTF_8).strip().toLowerCase()) {
                    case "t", "true", "y", "yes", "on", "1" -> {
                        return true;
                    }
                    case "f", "false", "n", "no", "off", "0" -> {
                        return false;
                    }
                    default -> { }
                }
            }
            default -> { }
        }
        throw bad("a boolean (0/1, true/false)", type, l, d, b);
    }

    private static long integer(PgType t, int type, long l, double d, byte[] b) throws Bad {
        long v;
        switch (type) {
            case INTEGER -> v = l;
            case FLOAT -> {
                if (d != Math.rint(d) || Double.isInfinite(d) || Math.abs(d) >= 0x1p63) {
                    throw bad("an integer", type, l, d, b);
                }
                v = (long) d;
            }
            case TEXT -> {
                String s = new String(b, StandardCharsets.UTF_8).strip();
                try {
                    v = Long.parseLong(s.startsWith("+") ? s.substring(1) : s);
                } catch (NumberFormatException e) {
                    throw bad("an integer", type, l, d, b);
                }
            }
            default -> throw bad("an integer", type, l, d, b);
        }
        long min = t.kind() == PgType.Kind.INT2 ? Short.MIN_VALUE : t.kind() == PgType.Kind.INT4 ? Integer.MIN_VALUE
                : Long.MIN_VALUE;
        long max = t.kind() == PgType.Kind.INT2 ? Short.MAX_VALUE : t.kind() == PgType.Kind.INT4 ? Integer.MAX_VALUE
                : Long.MAX_VALUE;
        if (v < min || v > max) {
            throw new Bad("out_of_range", v + " is out of range for " + t.display());
        }
        return v;
    }

    private static String numeric(PgType t, int type, long l, double d, byte[] b) throws Bad {
        BigDecimal v;
        switch (type) {
            case INTEGER -> v = BigDecimal.valueOf(l);
            case FLOAT -> {
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return Double.isNaN(d) ? "NaN" : infinity(t, d > 0);
                }
                v = new BigDecimal(Double.toString(d));
            }
            case TEXT -> {
                String s = new String(b, StandardCharsets.UTF_8).strip();
                switch (s.toLowerCase()) {
                    case "nan" -> {
                        return "NaN";
                    }
                    case "infinity", "inf", "+infinity", "+inf" -> {
                        return infinity(t, true);
                    }
                    case "-infinity", "-inf" -> {
                        return infinity(t, false);
                    }
                    default -> { }
                }
                try {
                    v = new BigDecimal(s);
                } catch (NumberFormatException e) {
                    throw bad("a number", type, l, d, b);
                }
            }
            default -> throw bad("a number", type, l, d, b);
        }
        if (t.scale() >= 0 || t.length() > 0) {
            int scale = Math.max(t.scale(), 0);
            v = v.setScale(scale, RoundingMode.HALF_UP);
            int intDigits = v.precision() - v.scale();
            if (v.signum() != 0 && intDigits > t.length() - t.scale()) {
                throw new Bad("out_of_range", v.toPlainString() + " does not fit " + t.display());
            }
        } else if (v.scale() < 0) {
            v = v.setScale(0);
        }
        String s = v.toPlainString();
        return s.startsWith("-") && v.signum() == 0 ? s.substring(1) : s;
    }

    /** PostgreSQL keeps an infinity only in a numeric without precision: numeric(p,s) refuses it. */
    private static String infinity(PgType t, boolean positive) throws Bad {
        if (t.scale() >= 0 || t.length() > 0) {
            throw new Bad("out_of_range", (positive ? "" : "-") + "Infinity does not fit " + t.display()
                    + " (PostgreSQL keeps infinity only in a numeric without precision)");
        }
        return positive ? "Infinity" : "-Infinity";
    }

    private static final java.util.regex.Pattern FLOAT_TEXT = java.util.regex.Pattern.compile(
            "[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private static double floating(int type, long l, double d, byte[] b) throws Bad {
        switch (type) {
            case INTEGER -> {
                return l;
            }
            case FLOAT -> {
                return d;
            }
            case TEXT -> {
                String s = new String(b, StandardCharsets.UTF_8).strip();
                switch (s.toLowerCase()) {
                    case "nan" -> {
                        return Double.NaN;
                    }
                    case "infinity", "inf", "+infinity", "+inf" -> {
                        return Double.POSITIVE_INFINITY;
                    }
                    case "-infinity", "-inf" -> {
                        return Double.NEGATIVE_INFINITY;
                    }
                    default -> { }
                }
                if (!FLOAT_TEXT.matcher(s).matches()) {
                    throw bad("a number", type, l, d, b);
                }
                return Double.parseDouble(s);
            }
            default -> throw bad("a number", type, l, d, b);
        }
    }

    private static String floatText(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(v);
    }

    /** A REAL as SQLite prints it ({@code %!.15g}): 1.5, 100.0, 1.0e+20. */
    static String sqliteReal(double d) {
        return sqliteReal(d, 15);
    }

    /**
     * A REAL as text (and as a JSON number) that reads back as the same double: SQLite's form
     * ({@code %!.15g}: 0.3, 1.0e-05, 1.5e+300, 100.0), with 16 or 17 digits where 15 would not
     * (SQLite's own text and json() round those: 0.30000000000000004 would become 0.3).
     */
    static String exactReal(double d) {
        for (int digits = 15; digits < 17; digits++) {
            String s = sqliteReal(d, digits);
            if (Double.parseDouble(s) == d) {
                return s;
            }
        }
        return sqliteReal(d, 17);
    }

    private static String sqliteReal(double d, int precision) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Inf" : "-Inf";
        }
        if (d == 0) {
            return (1 / d < 0) ? "-0.0" : "0.0";
        }
        BigDecimal bd = new BigDecimal(d).round(new MathContext(precision, RoundingMode.HALF_EVEN))
                .stripTrailingZeros();
        int exp = bd.precision() - bd.scale() - 1;
        if (exp < -4 || exp >= 15) {
            String digits = bd.unscaledValue().abs().toString();
            String mant = digits.charAt(0) + "." + (digits.length() > 1 ? digits.substring(1) : "0");
            return (bd.signum() < 0 ? "-" : "") + mant + "e" + (exp < 0 ? "-" : "+")
                    + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
        }
        String s = bd.toPlainString();
        return s.contains(".") ? s : s + ".0";
    }

    // ---------------------------------------------------------------- text and JSON

    private static int codePoints(byte[] b, int n) {
        int count = 0;
        for (int i = 0; i < n; i++) {
            if ((b[i] & 0xC0) != 0x80) {
                count++;
            }
        }
        return count;
    }

    private static void checkText(byte[] b) throws Bad {
        int r = CopyBuffer.checkText(b, 0, b.length);
        if (r == -1) {
            return;
        }
        if (r >= 0) {
            throw new Bad("nul_in_text", "NUL character (0x00) at byte " + r + " of " + excerpt(b)
                    + "; PostgreSQL text can't hold it");
        }
        throw new Bad("invalid_utf8", "invalid UTF-8 at byte " + (-2 - r) + " of " + excerpt(b));
    }

    private void text(PgType t, int type, long l, double d, byte[] b, CopyBuffer out, RowHash hash) throws Bad {
        byte[] v = switch (type) {
            case INTEGER -> Long.toString(l).getBytes(StandardCharsets.US_ASCII);
            case FLOAT -> exactReal(d).getBytes(StandardCharsets.US_ASCII);
            default -> b;
        };
        if (type == TEXT || type == BLOB) {
            checkText(v);
        }
        int n = v.length;
        if (t.kind() == PgType.Kind.BPCHAR) {
            while (n > 0 && v[n - 1] == ' ') {
                n--;
            }
        }
        if (t.length() >= 0 && (t.kind() == PgType.Kind.VARCHAR || t.kind() == PgType.Kind.BPCHAR)
                && n > t.length() && codePoints(v, n) > t.length()) {
            throw new Bad("too_long", "value of " + codePoints(v, n) + " characters is too long for " + t.display()
                    + ": " + excerpt(v));
        }
        out.escaped(v, 0, v.length);
        if (hash != null) {
            hash.value(v, 0, n);
        }
    }

    private void json(PgType t, int type, long l, double d, byte[] b, CopyBuffer out, RowHash hash) throws Bad {
        byte[] v;
        if (type == INTEGER) {
            v = Long.toString(l).getBytes(StandardCharsets.US_ASCII);
        } else if (type == FLOAT) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                throw new Bad("invalid_json", "real " + sqliteReal(d) + " is not a JSON number");
            }
            v = exactReal(d).getBytes(StandardCharsets.US_ASCII);
        } else {
            v = b;
        }
        try {
            if (t.kind() == PgType.Kind.JSONB) {
                byte[] canon = json.canonical(v, 0, v.length);
                if (hash != null) {
                    hashAscii(hash, Long.toString(jsonbHash.of(canon, json.canonicalLength())));
                }
            } else {
                json.check(v, 0, v.length);
                if (hash != null) {
                    hash.value(v, 0, v.length);
                }
            }
        } catch (JsonText.Invalid e) {
            int from = Math.max(0, e.offset - 20);
            int to = Math.min(v.length, e.offset + 20);
            String near = new String(v, from, to - from, StandardCharsets.UTF_8).replace("\u0000", "\\0")
                    .replace("\n", "\\n");
            throw new Bad("invalid_json", "invalid JSON at byte " + e.offset + " of " + v.length + ": "
                    + e.getMessage() + " (near '" + near + "')");
        }
        out.escaped(v, 0, v.length);
    }

    // ---------------------------------------------------------------- dates and times

    /** Unix time in microseconds from an integer whose unit is guessed from its magnitude. */
    static long epochMicros(long v) {
        long a = Math.abs(v);
        if (a < 100_000_000_000L) {
            return v * 1_000_000L;
        }
        if (a < 100_000_000_000_000L) {
            return v * 1_000L;
        }
        if (a < 100_000_000_000_000_000L) {
            return v;
        }
        long q = Math.floorDiv(v, 1000);
        return Math.floorMod(v, 1000) >= 500 ? q + 1 : q;
    }

    private static long epochMicros(double d) throws Bad {
        double a = Math.abs(d);
        double scale = a < 1e11 ? 1e6 : a < 1e14 ? 1e3 : a < 1e17 ? 1 : 1e-3;
        double micros = d * scale;
        if (!(Math.abs(micros) < 0x1p63)) {  // NaN, Infinity, or past any timestamp: Math.round would clamp it
            throw new Bad("out_of_range", "real " + sqliteReal(d) + " is out of the timestamp range (as Unix time)");
        }
        return Math.round(micros);
    }

    private long timestampMicros(int type, long l, double d, byte[] b) throws Bad {
        switch (type) {
            case INTEGER -> {
                return epochMicros(l);
            }
            case FLOAT -> {
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    throw bad("a timestamp", type, l, d, b);
                }
                return epochMicros(d);
            }
            case TEXT -> {
                String s = new String(b, StandardCharsets.UTF_8).strip();
                if (!s.isEmpty() && s.chars().allMatch(c -> (c >= '0' && c <= '9') || c == '-' || c == '.')
                        && s.indexOf('-', 1) < 0) {
                    try {
                        return s.contains(".") ? epochMicros(Double.parseDouble(s)) : epochMicros(Long.parseLong(s));
                    } catch (NumberFormatException e) {
                        throw bad("a timestamp", type, l, d, b);
                    }
                }
                Parsed p = parse(s, true);
                if (p == null) {
                    throw bad("a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][+HH:MM] or Unix time)", type, l, d, b);
                }
                try {
                    long secs = LocalDateTime.of(p.year, p.month, p.day, p.hour, p.minute, p.second)
                            .toEpochSecond(ZoneOffset.UTC) - p.offsetSeconds;
                    return Math.addExact(Math.multiplyExact(secs, 1_000_000L), p.micros);
                } catch (DateTimeException | ArithmeticException e) {
                    throw bad("a valid timestamp", type, l, d, b);
                }
            }
            default -> throw bad("a timestamp", type, l, d, b);
        }
    }

    private static final long[] SCALES = {1_000_000, 100_000, 10_000, 1_000, 100, 10, 1};

    private static long roundMicros(long micros, int precision) {
        if (precision < 0 || precision >= 6) {
            return micros;
        }
        long s = SCALES[precision];
        long half = s / 2;
        return micros >= 0 ? ((micros + half) / s) * s : -(((-micros) + half) / s) * s;
    }

    /** As PostgreSQL prints a timestamp with DateStyle ISO: fraction without trailing zeros. */
    static String formatTimestamp(long micros) throws Bad {
        long secs = Math.floorDiv(micros, 1_000_000L);
        int us = (int) Math.floorMod(micros, 1_000_000L);
        LocalDateTime t;
        try {
            t = LocalDateTime.ofEpochSecond(secs, 0, ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw new Bad("out_of_range", "timestamp out of range (" + micros + " µs since 1970)");
        }
        if (t.getYear() < 1 || t.getYear() > 294276) {
            throw new Bad("out_of_range", "timestamp out of range: year " + t.getYear());
        }
        StringBuilder s = new StringBuilder(32);
        pad(s, t.getYear(), 4).append('-');
        pad(s, t.getMonthValue(), 2).append('-');
        pad(s, t.getDayOfMonth(), 2).append(' ');
        pad(s, t.getHour(), 2).append(':');
        pad(s, t.getMinute(), 2).append(':');
        pad(s, t.getSecond(), 2);
        fraction(s, us);
        return s.toString();
    }

    private static void fraction(StringBuilder s, int us) {
        if (us != 0) {
            int width = 6;
            while (us % 10 == 0) {
                us /= 10;
                width--;
            }
            pad(s.append('.'), us, width);
        }
    }

    private static StringBuilder pad(StringBuilder s, int v, int width) {
        String d = Integer.toString(v);
        for (int i = d.length(); i < width; i++) {
            s.append('0');
        }
        return s.append(d);
    }

    private String date(int type, long l, double d, byte[] b) throws Bad {
        if (type == INTEGER || type == FLOAT) {
            long micros = type == INTEGER ? epochMicros(l) : epochMicros(d);
            String ts = formatTimestamp(micros);
            return ts.substring(0, ts.indexOf(' '));
        }
        if (type != TEXT) {
            throw bad("a date", type, l, d, b);
        }
        Parsed p = parse(new String(b, StandardCharsets.UTF_8).strip(), true);
        if (p == null) {
            throw bad("a date (YYYY-MM-DD)", type, l, d, b);
        }
        try {
            LocalDate.of(p.year, p.month, p.day);
        } catch (DateTimeException e) {
            throw bad("a valid date", type, l, d, b);
        }
        StringBuilder s = new StringBuilder();
        pad(s, p.year, 4).append('-');
        pad(s, p.month, 2).append('-');
        pad(s, p.day, 2);
        return s.toString();
    }

    private static String time(PgType t, int type, byte[] b) throws Bad {
        if (type != TEXT) {
            throw new Bad("bad_value", "a " + (type == INTEGER ? "integer" : type == FLOAT ? "real" : "blob")
                    + " is not a time of day (HH:MM:SS)");
        }
        String s = new String(b, StandardCharsets.UTF_8).strip();
        Parsed p = parse("2000-01-01 " + s, false);
        if (p == null || p.hour > 23 || p.minute > 59 || p.second > 59) {
            throw new Bad("bad_value", "text " + excerpt(b) + " is not a time of day (HH:MM[:SS[.ffffff]])");
        }
        long micros = roundMicros(((p.hour * 60L + p.minute) * 60 + p.second) * 1_000_000L + p.micros, t.length());
        long secs = micros / 1_000_000;
        StringBuilder out = new StringBuilder();
        pad(out, (int) (secs / 3600), 2).append(':');
        pad(out, (int) (secs / 60 % 60), 2).append(':');
        pad(out, (int) (secs % 60), 2);
        fraction(out, (int) (micros % 1_000_000));
        return out.toString();
    }

    private static final class Parsed {
        int year;
        int month;
        int day;
        int hour;
        int minute;
        int second;
        long micros;
        int offsetSeconds;
    }

    private static int digits(String s, int at, int n) {
        if (at + n > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = at; i < at + n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** {@code YYYY-MM-DD[( |T)HH:MM[:SS[.f+]]][ ][Z|±HH[[:]MM]]}; null if it is not that. */
    private static Parsed parse(String s, boolean zoneAllowed) {
        Parsed p = new Parsed();
        p.year = digits(s, 0, 4);
        if (p.year < 0 || s.length() < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return null;
        }
        p.month = digits(s, 5, 2);
        p.day = digits(s, 8, 2);
        if (p.month < 0 || p.day < 0) {
            return null;
        }
        int i = 10;
        if (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == 'T' || s.charAt(i) == 't')) {
            p.hour = digits(s, i + 1, 2);
            if (p.hour < 0 || i + 3 >= s.length() || s.charAt(i + 3) != ':') {
                return null;
            }
            p.minute = digits(s, i + 4, 2);
            if (p.minute < 0) {
                return null;
            }
            i += 6;
            if (i < s.length() && s.charAt(i) == ':') {
                p.second = digits(s, i + 1, 2);
                if (p.second < 0) {
                    return null;
                }
                i += 3;
                if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == ',')) {
                    int j = i + 1;
                    long frac = 0;
                    int n = 0;
                    while (j < s.length() && Character.isDigit(s.charAt(j))) {
                        if (n < 7) {
                            frac = frac * 10 + (s.charAt(j) - '0');
                            n++;
                        }
                        j++;
                    }
                    if (j == i + 1) {
                        return null;
                    }
                    while (n < 7) {
                        frac *= 10;
                        n++;
                    }
                    p.micros = (frac + 5) / 10; // 7 digits rounded to 6
                    i = j;
                }
            }
        }
        if (i < s.length() && s.charAt(i) == ' ') {
            i++;
        }
        if (i < s.length()) {
            if (!zoneAllowed) {
                return null;
            }
            char c = s.charAt(i);
            if ((c == 'Z' || c == 'z') && i + 1 == s.length()) {
                return p;
            }
            if (s.regionMatches(true, i, "UTC", 0, 3) && i + 3 == s.length()) {
                return p;
            }
            if (c != '+' && c != '-') {
                return null;
            }
            int hh = digits(s, i + 1, 2);
            int j = i + 3;
            int mm = 0;
            if (j < s.length() && s.charAt(j) == ':') {
                j++;
            }
            if (j < s.length()) {
                mm = digits(s, j, 2);
                j += 2;
            }
            if (hh < 0 || mm < 0 || j != s.length() || hh > 15 || mm > 59) {
                return null;
            }
            p.offsetSeconds = (c == '-' ? -1 : 1) * (hh * 3600 + mm * 60);
        }
        return p;
    }

    private static String uuid(int type, byte[] b) throws Bad {
        String hex;
        if (type == BLOB && b.length == 16) {
            hex = HEX.formatHex(b);
        } else if (type == TEXT) {
            String s = new String(b, StandardCharsets.UTF_8).strip();
            if (s.startsWith("{") && s.endsWith("}")) {
                s = s.substring(1, s.length() - 1);
            }
            hex = s.replace("-", "").toLowerCase();
            if (hex.length() != 32 || !hex.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw new Bad("bad_value", "text " + excerpt(b) + " is not a UUID");
            }
        } else {
            throw new Bad("bad_value", (type == BLOB ? "blob of " + b.length + " bytes" : "a number")
                    + " is not a UUID");
        }
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }
}
