package dev.retort.db;

import dev.retort.api.Dialect;
import dev.retort.script.Revision;
import dev.retort.script.SqlSection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * SHA-256 of the SQL a revision runs, with line endings normalised (CRLF and CR become LF). For a
 * portable revision, of the statements its operations render to on the dialect (a rebuild by its
 * operations): a changed operation changes it, the file's whitespace and comments don't.
 */
public final class Checksum {
    private static final MessageDigest SHA256 = newSha256();

    private Checksum() {
    }

    /** The checksum of the section a revision runs in a direction on a dialect; null for a .py revision. */
    public static String of(Revision r, boolean up, Dialect dialect) {
        return of(r, up, dialect, null);
    }

    /**
     * The same, from the statements a step already rendered for {@code r} (its portable
     * operations' are the checksum's text), so a run does not render them again; null: render.
     */
    static String of(Revision r, boolean up, Dialect dialect, List<Statement> rendered) {
        if (r == null || r.python()) {
            return null;
        }
        if (r.portable() != null) {
            StringBuilder sql = new StringBuilder();
            for (Statement s : rendered != null ? rendered : StepSql.portable(r, up, dialect)) {
                sql.append(s.sql()).append(";\n");
            }
            return of(sql.toString());
        }
        return of(r.section(up, dialect.id()).map(SqlSection::sql).orElse(""));
    }

    public static String of(String sql) {
        String normalised = sql.replace("\r\n", "\n").replace('\r', '\n');
        return HexFormat.of().formatHex(sha256().digest(normalised.getBytes(StandardCharsets.UTF_8)));
    }

    /** A fresh digest: a copy of one looked up once (the provider lookup costs ~20 µs, once per revision). */
    private static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone();
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
