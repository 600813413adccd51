package dev.retort.script;

import dev.retort.api.RetortException;
import dev.retort.ops.PortableWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Writes new SQL revision files, for the {@code revision} and {@code merge} commands, in the
 * format {@link SqlRevisionReader} reads:
 *
 * <pre>
 * -- &lt;message, one comment line per line; 'empty message' when null&gt;
 * --
 * -- Revision ID: &lt;rev&gt;
 * -- Revises: &lt;down revisions joined with ", "; empty for a base&gt;
 * -- Create Date: &lt;Python str(datetime), e.g. 2026-11-22 03:14:18.180469&gt;
 * -- Branch Labels: &lt;labels&gt;      (only when there are some)
 * -- Depends On: &lt;ids or labels&gt;  (only when there are some)
 *
 * -- retort:upgrade
 *
 * -- retort:downgrade
 * </pre>
 *
 * The file is {@code <dir>/<rev>_<slug>.sql} with Alembic's slug; see {@link #slug(String)}. With
 * {@link Format#YAML} it is a portable revision {@code <dir>/<rev>_<slug>.yaml} instead
 * ({@link PortableWriter}).
 */
public final class RevisionWriter {
    private RevisionWriter() {
    }

    /** The format of a new revision file: {@code revision --format}, {@code revision_format} in retort.yaml. */
    public enum Format {
        SQL, YAML;

        /** {@code sql} or {@code yaml} (case-insensitive); null for anything else. */
        public static Format parse(String s) {
            return s == null ? null : s.equalsIgnoreCase("sql") ? SQL : s.equalsIgnoreCase("yaml") ? YAML : null;
        }
    }

    /** Alembic's default {@code truncate_slug_length}. */
    private static final int SLUG_LENGTH = 40;

    /**
     * Writes a new revision file and returns its path. Refuses (RetortException) an id with a
     * character Alembic forbids or a path separator; ids or labels that the SQL header cannot
     * hold (empty, with whitespace or a comma); a message line that would be read back as a
     * header field or section marker; a missing directory (exit 2); and an existing file (it is
     * never overwritten).
     *
     * @param message the {@code -m} message; null gives {@code empty message}
     */
    public static Path write(Path dir, String revId, String message, List<String> downRevisions,
                             List<String> branchLabels, List<String> dependsOn, LocalDateTime createDate) {
        return write(dir, revId, message, downRevisions, branchLabels, dependsOn, createDate, Format.SQL);
    }

    /** {@link #write} in the given format. */
    public static Path write(Path dir, String revId, String message, List<String> downRevisions,
                             List<String> branchLabels, List<String> dependsOn, LocalDateTime createDate,
                             Format format) {
        String text = render(revId, message, downRevisions, branchLabels, dependsOn, createDate);
        if (format == Format.YAML) {
            text = PortableWriter.render(revId, message, downRevisions, branchLabels, dependsOn, pythonStr(createDate));
        }
        if (!Files.isDirectory(dir)) {
            throw RetortException.usage("Path doesn't exist: '" + dir.toAbsolutePath().normalize()
                    + "'; create the revisions directory first");
        }
        Path file = dir.resolve(revId + "_" + slug(message) + (format == Format.YAML ? ".yaml" : ".sql"));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new RetortException(file + " already exists; choose another --rev-id or message");
        } catch (IOException e) {
            throw new RetortException(file + ": cannot write file (" + e.getMessage() + ")", e);
        }
        return file;
    }

    /** A new revision id: the last 12 hex digits of a random UUID, as Alembic's {@code rev_id()}. */
    public static String newRevisionId() {
        return UUID.randomUUID().toString().substring(24);
    }

    /**
     * Alembic's slug of a message: the runs of word characters (Unicode letters and numbers, and
     * {@code _}, as Python's {@code \w}) joined with {@code _} and lower-cased; when longer than 40
     * characters, the first 40 cut at their last {@code _}, plus {@code _}. Null or no word
     * characters give "".
     */
    public static String slug(String message) {
        if (message == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < message.length(); ) {
            int cp = message.codePointAt(i);
            if (isPyWord(cp)) {
                if (!inWord && sb.length() > 0) {
                    sb.append('_');
                }
                sb.appendCodePoint(cp);
                inWord = true;
            } else {
                inWord = false;
            }
            i += Character.charCount(cp);
        }
        String slug = sb.toString().toLowerCase(Locale.ROOT);
        if (slug.codePointCount(0, slug.length()) > SLUG_LENGTH) {
            String head = slug.substring(0, slug.offsetByCodePoints(0, SLUG_LENGTH));
            int cut = head.lastIndexOf('_');
            slug = (cut < 0 ? head : head.substring(0, cut)) + "_";
        }
        return slug;
    }

    /** Python's {@code \w} for str patterns: {@code str.isalnum()} or {@code _}. */
    private static boolean isPyWord(int cp) {
        if (cp == '_') {
            return true;
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER:
                return true;
            default:
                return false;
        }
    }

    /** The file's text; validates as {@link #write} describes. */
    static String render(String revId, String message, List<String> downRevisions,
                         List<String> branchLabels, List<String> dependsOn, LocalDateTime createDate) {
        checkEntry("revision id", revId);
        if (revId.contains("/") || revId.contains("\\")) {
            throw new RetortException("the revision id '" + revId + "' contains a path separator; it names a file");
        }
        String illegal = Revision.illegalIdMessage(revId);
        if (illegal != null) {
            throw new RetortException(illegal);
        }
        downRevisions.forEach(r -> checkEntry("down revision", r));
        branchLabels.forEach(l -> checkEntry("branch label", l));
        dependsOn.forEach(d -> checkEntry("depends-on entry", d));

        String msg = message == null ? "empty message" : message.replace("\r\n", "\n").replace('\r', '\n');
        StringBuilder sb = new StringBuilder();
        for (String line : msg.split("\n", -1)) {
            if (SqlRevisionReader.headerKey(line) >= 0 || SqlRevisionReader.isMarker(line)) {
                throw new RetortException("the message line '" + line + "' would be read back as a header field"
                        + " or section marker of the revision file; reword it (e.g. without the ':')");
            }
            sb.append(line.isEmpty() ? "--" : "-- " + line).append('\n');
        }
        sb.append("--\n");
        sb.append("-- Revision ID: ").append(revId).append('\n');
        sb.append("-- Revises: ").append(String.join(", ", downRevisions)).append('\n');
        sb.append("-- Create Date: ").append(pythonStr(createDate)).append('\n');
        if (!branchLabels.isEmpty()) {
            sb.append("-- Branch Labels: ").append(String.join(", ", branchLabels)).append('\n');
        }
        if (!dependsOn.isEmpty()) {
            sb.append("-- Depends On: ").append(String.join(", ", dependsOn)).append('\n');
        }
        sb.append("\n-- retort:upgrade\n\n-- retort:downgrade\n");
        return sb.toString();
    }

    /** Python's {@code str(datetime)}: microseconds only when not zero. */
    static String pythonStr(LocalDateTime t) {
        String s = String.format(Locale.ROOT, "%04d-%02d-%02d %02d:%02d:%02d",
                t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(), t.getSecond());
        int micros = t.getNano() / 1000;
        return micros == 0 ? s : s + String.format(Locale.ROOT, ".%06d", micros);
    }

    private static void checkEntry(String what, String value) {
        if (value == null || value.isEmpty()) {
            throw new RetortException("the " + what + " is empty");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new RetortException("the " + what + " '" + value + "' contains whitespace or a comma,"
                        + " which a revision file header cannot hold");
            }
        }
    }
}
