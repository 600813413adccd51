package dev.retort.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NumericNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Compares a SQLite table with its PostgreSQL copy row by row and value by value, with expectations
 * written independently of the copy's converter: the test knows each epoch column's unit.
 */
final class RoundTrip {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** Epoch columns and their unit's size in nanoseconds. */
    private static final Map<String, Long> EPOCH_UNIT = Map.of(
            "user.created_at", 1_000_000_000L, "chat.created_at", 1_000_000L, "chat.updated_at", 1L,
            "knowledge.created_at", 1_000_000_000L, "chat_file.created_at", 1_000_000_000L);

    private RoundTrip() {
    }

    /** Asserts every row and value of {@code table} arrived; rows whose key is in {@code leftOut} must not. */
    static int compare(Path sqlite, Connection pg, String table, String orderBy, Set<String> leftOut)
            throws SQLException {
        List<List<Object>> src = new ArrayList<>();
        List<String> names = new ArrayList<>();
        try (Connection s = DriverManager.getConnection("jdbc:sqlite:" + sqlite);
             ResultSet rs = s.createStatement().executeQuery("SELECT * FROM \"" + table + "\" ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                names.add(md.getColumnName(i));
            }
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= md.getColumnCount(); i++) {
                    row.add(rs.getObject(i));
                }
                if (!leftOut.contains(String.valueOf(row.get(0)))) {
                    src.add(row);
                }
            }
        }
        int n = 0;
        try (ResultSet rs = pg.createStatement().executeQuery("SELECT " + String.join(", ", names.stream()
                .map(c -> "\"" + c + "\"").toList()) + " FROM \"" + table + "\" ORDER BY " + orderBy)) {
            ResultSetMetaData md = rs.getMetaData();
            while (rs.next()) {
                if (n >= src.size()) {
                    fail(table + ": the target has more rows than the source");
                }
                List<Object> row = src.get(n++);
                for (int i = 1; i <= names.size(); i++) {
                    String where = table + "." + names.get(i - 1) + " of row " + row.get(0);
                    check(where, table + "." + names.get(i - 1), row.get(i - 1), rs, i, md.getColumnTypeName(i));
                }
            }
        }
        assertEquals(src.size(), n, table + ": row count");
        return n;
    }

    private static void check(String where, String column, Object s, ResultSet rs, int i, String type)
            throws SQLException {
        if (s == null) {
            rs.getObject(i);
            assertEquals(true, rs.wasNull(), where + " should be NULL");
            return;
        }
        switch (type) {
            case "bool" -> assertEquals(((Number) s).longValue() == 1, rs.getBoolean(i), where);
            case "int2", "int4", "int8", "serial", "bigserial" ->
                    assertEquals(((Number) s).longValue(), rs.getLong(i), where);
            case "float8" -> assertEquals(Double.doubleToRawLongBits(((Number) s).doubleValue()),
                    Double.doubleToRawLongBits(rs.getDouble(i)), where);
            case "numeric" -> assertEquals(new BigDecimal(s.toString()).setScale(2, RoundingMode.HALF_UP),
                    rs.getBigDecimal(i), where);
            case "json" -> {
                if (s instanceof Double d) { // a REAL in a JSON column: a JSON number that reads back the same
                    assertEquals(d, Double.parseDouble(rs.getString(i)), where);
                } else {
                    assertEquals(s.toString(), rs.getString(i), where);
                }
            }
            case "text", "varchar" -> assertEquals(s.toString(), rs.getString(i), where);
            case "jsonb" -> {
                try {
                    JsonNode a = JSON.readTree(s.toString());
                    JsonNode b = JSON.readTree(rs.getString(i));
                    Comparator<JsonNode> numbers = (x, y) -> x instanceof NumericNode && y instanceof NumericNode
                            ? x.decimalValue().compareTo(y.decimalValue()) : x.equals(y) ? 0 : 1;
                    if (!a.equals(numbers, b)) {
                        fail(where + ": " + a + " != " + b);
                    }
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new AssertionError(where, e);
                }
            }
            case "bytea" -> assertArrayEquals((byte[]) s, rs.getBytes(i), where);
            case "uuid" -> {
                String h = s.toString().replace("-", "").toLowerCase();
                UUID u = UUID.fromString(h.substring(0, 8) + "-" + h.substring(8, 12) + "-" + h.substring(12, 16) + "-"
                        + h.substring(16, 20) + "-" + h.substring(20));
                assertEquals(u, rs.getObject(i, UUID.class), where);
            }
            case "timestamptz" -> assertEquals(instant(column, s), rs.getObject(i, OffsetDateTime.class).toInstant(),
                    where);
            case "timestamp" -> assertEquals(LocalDateTime.ofInstant(instant(column, s), ZoneOffset.UTC),
                    rs.getObject(i, LocalDateTime.class), where);
            case "date" -> assertEquals(LocalDate.parse(s.toString().substring(0, 10)), rs.getObject(i, LocalDate.class),
                    where);
            default -> fail(where + ": no expectation for type " + type);
        }
    }

    private static Instant instant(String column, Object s) {
        if (s instanceof Number n) {
            long nanos = n.longValue() * EPOCH_UNIT.get(column);
            long micros = Math.floorDiv(nanos + 500, 1000); // PostgreSQL keeps microseconds, rounded
            return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
        }
        String t = s.toString().replace(' ', 'T');
        if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:\\d\\d$")) {
            return OffsetDateTime.parse(t).toInstant();
        }
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
    }
}
