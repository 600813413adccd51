package dev.retort.ops;

import java.util.List;

/** The text of a new, empty portable revision (for {@code revision --format yaml} and {@code merge}). */
public final class PortableWriter {
    private static final String DOWNGRADE_COMMENT = "# downgrade: omitted = the reverse of upgrade's operations, in"
            + " reverse order; write downgrade: [] if there is nothing to undo\n";

    private PortableWriter() {
    }

    /**
     * The header filled in, an empty upgrade list and no downgrade key (a comment says what omitting it
     * means): a template with {@code downgrade: []} would make the operations the user adds to
     * {@code upgrade} irreversible without a word. Every value is double-quoted, so an id YAML would
     * read as a number (000111, 1e10) stays text.
     */
    public static String render(String revId, String message, List<String> downRevisions, List<String> branchLabels,
                                List<String> dependsOn, String createDate) {
        String msg = message == null ? "empty message" : message.replace("\r\n", "\n").replace('\r', '\n').strip();
        int nl = msg.indexOf('\n');
        StringBuilder b = new StringBuilder();
        b.append("message: ").append(quote(nl < 0 ? msg : msg.substring(0, nl).strip())).append('\n');
        if (nl >= 0 && !msg.substring(nl).isBlank()) {
            b.append("description: ").append(quote(msg.substring(nl + 1).strip())).append('\n');
        }
        b.append("revision: ").append(quote(revId)).append('\n');
        b.append("revises: ").append(downRevisions.isEmpty() ? "null" : downRevisions.size() == 1
                ? quote(downRevisions.get(0)) : list(downRevisions)).append('\n');
        b.append("create_date: ").append(quote(createDate)).append('\n');
        if (!branchLabels.isEmpty()) {
            b.append("branch_labels: ").append(list(branchLabels)).append('\n');
        }
        if (!dependsOn.isEmpty()) {
            b.append("depends_on: ").append(list(dependsOn)).append('\n');
        }
        return b.append("upgrade: []\n").append(DOWNGRADE_COMMENT).toString();
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items.stream().map(PortableWriter::quote).toList()) + "]";
    }

    /** A YAML double-quoted scalar (JSON's escapes are YAML's). */
    static String quote(String s) {
        return PortableReader.jsonString(s);
    }
}
