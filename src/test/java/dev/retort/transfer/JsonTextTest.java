package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.retort.testing.PgFixture;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The jsonb text JsonText predicts is exactly what PostgreSQL prints; what it rejects, PostgreSQL rejects. */
class JsonTextTest {
    static final List<String> VALID = List.of(
            "{}", "[]", "1", "-0", "-0.0", "0.000e5", "1e2", "1E+2", "1.50", "12e-1", "1.2300e1", "-1.5E-3",
            "123456789012345678901234567890", "\"x\"", "true", "false", "null", " \t\n{ \"a\" : 1 } \r\n",
            "{\"b\": 1, \"a\": 2, \"aa\": 3, \"a\": 4}", "{\"é\": 1, \"z\": 2, \"ab\": 3, \"\": 0}",
            "{\"nested\": {\"zz\": [1, {\"y\": 2, \"x\": 1}], \"b\": null}}",
            "\"caf\\u00e9 \\ud83d\\ude00 \\/ \\\" \\\\ \\b\\f\\n\\r\\t \\u001f \\u007f\"",
            "\"raw ünïcödé 🙂 \u007f\"", "[1,2,[3,[4,[]]],{}]", "{\"k\\nkey\": \"v\"}", "1e-10", "0.1", "-12.0e0");
    static final List<String> INVALID = List.of(
            "", "{", "[1,]", "{\"a\" 1}", "{'a': 1}", "01", "1.", ".5", "+1", "1e", "tru", "nul", "\"\\x\"",
            "\"\\u12\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\udc00\"", "\"a\tb\"", "[1] 2", "NaN", "{\"a\":1,}");

    static String pg(Connection c, String json) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void canonicalTextIsWhatPostgresqlPrints() throws Exception {
        JsonText j = new JsonText();
        try (Connection c = PgFixture.connect(PgFixture.newDatabase())) {
            for (String v : VALID) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                byte[] out = j.canonical(b, 0, b.length);
                assertEquals(pg(c, v), new String(out, 0, j.canonicalLength(), StandardCharsets.UTF_8), v);
                assertEquals(pgLong(c, "SELECT jsonb_hash_extended(?::jsonb, 0)", v),
                        new JsonbHash().of(out, j.canonicalLength()), "jsonb hash of " + v);
                j.check(b, 0, b.length);
            }
            for (String v : INVALID) {
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                assertThrows(JsonText.Invalid.class, () -> j.canonical(b, 0, b.length), v);
                assertThrows(SQLException.class, () -> pg(c, v), v);

            }
        }
    }

    static long pgLong(Connection c, String sql, String arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Test
    void hashesAreWhatPostgresqlComputes() throws Exception {
        try (Connection c = PgFixture.connect(PgFixture.newDatabase())) {
            StringBuilder s = new StringBuilder();
            for (int n = 0; n <= 40; n++) {
                String v = s.toString();
                byte[] b = v.getBytes(StandardCharsets.UTF_8);
                assertEquals(pgLong(c, "SELECT hashtextextended(?, 0)", v), JsonbHash.hashBytes(b, 0, b.length, 0), v);
                assertEquals(pgLong(c, "SELECT hashtextextended(?, 42)", v), JsonbHash.hashBytes(b, 0, b.length, 42), v);
                s.append(n % 7 == 0 ? "é" : (char) ('a' + n % 26));
            }
            for (String num : List.of("1", "-1", "0", "0.000", "10000", "123.45", "0.5", "1e-9", "99999999.99990000",
                    "-0.0001", "12345678901234567890.123456789", "1e30", "7")) {
                assertEquals(pgLong(c, "SELECT hash_numeric_extended(?::numeric, 0)", num),
                        JsonbHash.numeric(new java.math.BigDecimal(num)), num);
            }
        }
    }

    @Test
    void invalidUtf8IsRejected() {
        JsonText j = new JsonText();
        byte[] b = {'"', (byte) 0xC3, '"'};
        assertThrows(JsonText.Invalid.class, () -> j.check(b, 0, b.length));
        byte[] overlong = {'"', (byte) 0xC0, (byte) 0x80, '"'};
        assertThrows(JsonText.Invalid.class, () -> j.check(overlong, 0, overlong.length));
    }
}
