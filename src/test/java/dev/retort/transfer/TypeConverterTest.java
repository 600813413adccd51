package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.retort.testing.PgFixture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

/**
 * Each conversion, loaded into a real PostgreSQL column of the target type: the stored value prints
 * as expected, and the checksum the copy computes for it equals the one PostgreSQL computes.
 */
class TypeConverterTest {
    static Connection pg;

    @BeforeAll
    static void connect() throws Exception {
        pg = PgFixture.connect(PgFixture.newDatabase());
        try (Statement st = pg.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
            st.execute("SET DateStyle = 'ISO, YMD'");
        }
    }

    @AfterAll
    static void close() throws Exception {
        pg.close();
    }

    static Object[] integer(long v) {
        return new Object[] {TypeConverter.INTEGER, v, 0.0, null};
    }

    static Object[] real(double v) {
        return new Object[] {TypeConverter.FLOAT, 0L, v, null};
    }

    static Object[] text(String v) {
        return new Object[] {TypeConverter.TEXT, 0L, 0.0, v.getBytes(StandardCharsets.UTF_8)};
    }

    static Object[] blob(byte... v) {
        return new Object[] {TypeConverter.BLOB, 0L, 0.0, v};
    }

    /** Converts, loads through COPY into a column of {@code type}, returns what PostgreSQL prints. */
    static String load(String type, Object[] value) throws Exception {
        String typname;
        int typmod;
        try (Statement st = pg.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t (v " + type + ")");
            try (ResultSet rs = st.executeQuery("SELECT CASE WHEN y.typcategory = 'A' THEN 'array' ELSE y.typname END,"
                    + " a.atttypmod FROM pg_attribute a JOIN pg_type y ON y.oid = a.atttypid"
                    + " WHERE a.attrelid = 't'::regclass AND a.attname = 'v'")) {
                rs.next();
                typname = rs.getString(1);
                typmod = rs.getInt(2);
            }
        }
        PgType t = PgType.of(typname, typmod, type);
        CopyBuffer buf = new CopyBuffer(64);
        RowHash hash = new RowHash();
        new TypeConverter().write(t, false, (int) value[0], (long) value[1], (double) value[2], (byte[]) value[3], buf,
                hash);
        buf.put((byte) '\n');
        hash.endRow();
        pg.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY t (v) FROM STDIN",
                new ByteArrayInputStream(buf.buf, 0, buf.len));
        String expr = t.checksumExpression("v");
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT v::text, "
                + (expr == null ? "NULL" : "(SELECT sum(('x' || substr(md5(coalesce(octet_length(e)::text || ':' || e,"
                + " '-')), 1, 16))::bit(64)::bigint::numeric)::text FROM (SELECT " + expr + " AS e FROM t) s)")
                + " FROM t")) {
            rs.next();
            if (expr != null) {
                assertEquals(rs.getString(2), hash.sum(), "checksum of " + type + " " + rs.getString(1));
            }
            return rs.getString(1);
        }
    }

    @Test
    void timestamps() throws Exception {
        assertEquals("2023-11-14 22:13:20+00", load("timestamptz", integer(1_700_000_000L)));
        assertEquals("2023-11-14 22:13:20.123+00", load("timestamptz", integer(1_700_000_000_123L)));
        assertEquals("2023-11-14 22:13:20.123456", load("timestamp", integer(1_700_000_000_123_456L)));
        assertEquals("2023-11-14 22:13:20.123457", load("timestamp", integer(1_700_000_000_123_456_789L)));
        assertEquals("1969-12-31 23:59:59", load("timestamp", integer(-1)));
        assertEquals("2023-11-14 22:13:20.5", load("timestamp", real(1_700_000_000.5)));
        assertEquals("2024-03-01 10:00:00.5+00", load("timestamptz", text("2024-03-01T12:00:00.5+02:00")));
        assertEquals("2024-03-01 12:00:00", load("timestamp", text("2024-03-01T12:00:00Z")));
        assertEquals("2024-03-01 00:00:00", load("timestamp", text("2024-03-01")));
        assertEquals("2024-05-01 10:00:00.123456", load("timestamp", text("2024-05-01 10:00:00.1234564")));
        assertEquals("2024-05-01 10:00:00.12", load("timestamp(2)", text("2024-05-01 10:00:00.115")));
        assertEquals("2024-05-01 09:30:00+00", load("timestamptz", text("2024-05-01 10:00:00+0030")));
        assertEquals("2024-02-29", load("date", text("2024-02-29 23:59:59")));
        assertEquals("2023-11-14", load("date", integer(1_700_000_000L)));
        assertEquals("10:00:00.123", load("time(3)", text("10:00:00.1234")));
        assertThrows(TypeConverter.Bad.class, () -> load("timestamp", text("yesterday")));
        assertThrows(TypeConverter.Bad.class, () -> load("date", text("2023-02-29")));
        // reals past any timestamp are refused, not clamped to the largest one (year 294247)
        for (Object[] far : List.of(real(1e300), real(-1e300), real(Double.POSITIVE_INFINITY), text("1e300"))) {
            for (String type : List.of("timestamp", "timestamptz", "date")) {
                TypeConverter.Bad e = assertThrows(TypeConverter.Bad.class, () -> load(type, far), type);
                assertTrue(e.kind.equals("out_of_range") || e.kind.equals("bad_value"), e.kind);
            }
        }
    }

    @Test
    void numbersAndBooleans() throws Exception {
        assertEquals("true", load("boolean", integer(1)));
        assertEquals("false", load("boolean", text("off")));
        assertThrows(TypeConverter.Bad.class, () -> load("boolean", integer(2)));
        assertEquals("12.35", load("numeric(12,2)", real(12.345)));
        assertEquals("-12.35", load("numeric(12,2)", text("-12.345")));
        assertEquals("0.1", load("numeric", real(0.1)));
        assertEquals("100000000000000000000", load("numeric", real(1e20)));
        assertThrows(TypeConverter.Bad.class, () -> load("numeric(3,2)", integer(100)));
        assertEquals("Infinity", load("numeric", real(Double.POSITIVE_INFINITY)));
        assertEquals("NaN", load("numeric(5,2)", real(Double.NaN)));
        for (Object[] inf : List.of(real(Double.NEGATIVE_INFINITY), text("inf"))) {
            TypeConverter.Bad e = assertThrows(TypeConverter.Bad.class, () -> load("numeric(5,2)", inf));
            assertEquals("out_of_range", e.kind, "found before PostgreSQL's 'cannot hold an infinite value'");
        }
        assertEquals("0.1", load("double precision", real(0.1)));
        assertEquals("-0", load("double precision", real(-0.0)));
        assertEquals("NaN", load("double precision", text("nan")));
        assertEquals("0.1", load("real", real(0.1)));
        assertEquals("1.6777216e+07", load("real", integer(16_777_217)), "rounded to a real, as PostgreSQL does");
        for (Object[] wide : List.of(real(1e300), real(-1e300), real(1e-50), text("1e39"))) {
            TypeConverter.Bad e = assertThrows(TypeConverter.Bad.class, () -> load("real", wide));
            assertEquals("out_of_range", e.kind, "PostgreSQL refuses it rather than store Infinity or 0");
        }
        assertEquals("0", load("real", real(0.0)));
        assertEquals("Infinity", load("real", text("inf")));
        assertEquals("16777217", load("bigint", text(" +16777217 ")));
        assertEquals("3", load("integer", real(3.0)));
        assertThrows(TypeConverter.Bad.class, () -> load("integer", real(3.5)));
        assertThrows(TypeConverter.Bad.class, () -> load("smallint", integer(40000)));
    }

    @Test
    void textBytesJsonAndUuids() throws Exception {
        assertEquals("tab\there\nnew \\ line", load("text", text("tab\there\nnew \\ line")));
        assertEquals("ab", load("char(4)", text("ab")));
        assertThrows(TypeConverter.Bad.class, () -> load("varchar(3)", text("abcd")));
        assertEquals("héé", load("varchar(3)", text("héé")));
        assertEquals("1.5", load("text", real(1.5)));
        assertEquals("1.0e+20", load("text", real(1e20)));
        // as SQLite prints a real, but with the digits that make it the same double again
        assertEquals("0.30000000000000004", load("text", real(0.1 + 0.2)));
        assertEquals("0.3333333333333333", load("text", real(1.0 / 3)));
        assertEquals("0.3", load("text", real(0.3)));
        assertEquals("\\x302e3330303030303030303030303030303034", load("bytea", real(0.1 + 0.2)));
        assertEquals("\\x00ff10", load("bytea", blob((byte) 0, (byte) 255, (byte) 16)));
        assertEquals("\\x6869", load("bytea", text("hi")));
        assertEquals("{\"a\": 2, \"b\": [1, 100]}", load("jsonb", text("{\"b\":[1,1e2],\"a\":1,\"a\":2}")));
        assertEquals("{\"b\":[1,1e2],\"a\":1}", load("json", text("{\"b\":[1,1e2],\"a\":1}")));
        assertEquals("1.5", load("jsonb", real(1.5)));
        assertThrows(TypeConverter.Bad.class, () -> load("jsonb", text("{\"a\": \"\\u0000\"}")));
        assertThrows(TypeConverter.Bad.class, () -> load("text", text("a\u0000b")));
        assertThrows(TypeConverter.Bad.class, () -> load("text", blob((byte) 0xC3)));
        assertEquals("6ba7b810-9dad-11d1-80b4-00c04fd430c8", load("uuid", text("{6BA7B8109DAD11D180B400C04FD430C8}")));
        // Java's Character.digit takes non-ASCII digits (here a fullwidth 8); PostgreSQL does not
        assertThrows(TypeConverter.Bad.class, () -> load("uuid", text("6ba7b810-9dad-11d1-80b4-00c04fd430c\uff18")));
        assertEquals("00010203-0405-0607-0809-0a0b0c0d0e0f", load("uuid", blob((byte) 0, (byte) 1, (byte) 2, (byte) 3,
                (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8, (byte) 9, (byte) 10, (byte) 11, (byte) 12, (byte) 13,
                (byte) 14, (byte) 15)));
        assertEquals("{1,2}", load("integer[]", text("{1,2}")));
    }

    /** What the sqlite3 shell's json() prints for a REAL. */
    static String sqliteJson(double v) throws Exception {
        Process p = new ProcessBuilder("sqlite3", ":memory:", "SELECT json(" + Double.toString(v) + ")")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    @Test
    void realsInJsonAreWrittenAsSqliteJsonPrintsThemAndReadBackTheSame() throws Exception {
        // a json column keeps the text as written: it must be json()'s form, not a fixed decimal
        for (double v : new double[] {1e-05, 1.5e300, 0.1, 100.0, 1e20, 1_718_000_000.5, -2.5e-7, 123.456}) {
            assertEquals(sqliteJson(v), load("json", real(v)), "json of " + v);
        }
        // where 15 digits don't read back as the same double, up to 17 (json() itself rounds these)
        for (double v : new double[] {0.30000000000000004, 1.7976931348623157e308, 5e-324}) {
            String s = load("json", real(v));
            assertEquals(v, Double.parseDouble(s), s);
            assertTrue(new java.math.BigDecimal(s).stripTrailingZeros().precision() <= 17, s);
        }
        assertEquals("1.0e+20", load("json", real(1e20)));
        // jsonb holds what PostgreSQL makes of json()'s text
        for (double v : new double[] {1e-05, 1.5e300, 100.0}) {
            try (Statement st = pg.createStatement();
                 ResultSet rs = st.executeQuery("SELECT '" + sqliteJson(v) + "'::jsonb::text")) {
                rs.next();
                assertEquals(rs.getString(1), load("jsonb", real(v)), "jsonb of " + v);
            }
        }
    }

    @Test
    void aRealInAMessageIsWrittenAsSqlitePrintsIt() {
        TypeConverter.Bad e = assertThrows(TypeConverter.Bad.class, () -> load("bigint", real(1_718_000_000.5)));
        assertTrue(e.getMessage().contains("real 1718000000.5"), e.getMessage());
    }
}
