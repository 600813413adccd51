package dev.retort.transfer;

/**
 * A value the copy could not carry over as it is (invalid JSON, a NUL character in text, a value
 * out of the column's range, NULL in a NOT NULL column, ...), named by table, row and column.
 *
 * @param table  source table
 * @param row    the row: {@code rowid N} (or the primary key of a WITHOUT ROWID table)
 * @param column source column
 * @param kind   short identifier: invalid_json, nul_in_text, invalid_utf8, not_null, out_of_range,
 *               too_long, bad_value
 * @param detail what is wrong, with an excerpt of the value where it helps
 */
public record Problem(String table, String row, String column, String kind, String detail) {
    @Override
    public String toString() {
        return table + " " + row + " column " + column + ": " + detail;
    }
}
