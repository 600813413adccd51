package dev.retort.script;

import dev.retort.ops.PortableRevision;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * One revision file, as read from disk: an Alembic {@code .py} revision (read statically, never
 * executed) or a retort {@code .sql} revision.
 *
 * @param id             the revision id
 * @param downRevisions  the down revisions in written order (empty for a base)
 * @param branchLabels   labels declared by this revision
 * @param dependsOn      depends_on entries as written (ids or branch labels)
 * @param longdoc        the message block, stripped (Alembic's {@code longdoc}); "" if none
 * @param location       where it was read from, as messages name it: the file's path as given
 *                       ({@code revisions/3f2a_add_users.sql}), or for a {@code classpath:} location
 *                       {@code classpath:db/revisions/3f2a_add_users.sql (in /app/lib/revs.jar)};
 *                       null for a revision made in memory
 * @param file           the file on disk for a {@code filesystem:} location, else null (a classpath
 *                       resource, even one in a directory, is not written next to)
 * @param upgrade        upgrade sections (generic and per dialect); empty for a .py revision
 * @param downgrade      downgrade sections
 * @param transactional  false when the header says {@code Transactional: false}
 * @param python         true for an Alembic .py revision, whose code retort refuses to run
 * @param portable       the operations of a portable (.yaml) revision, else null
 */
public record Revision(
        String id,
        List<String> downRevisions,
        List<String> branchLabels,
        List<String> dependsOn,
        String longdoc,
        String location,
        Path file,
        List<SqlSection> upgrade,
        List<SqlSection> downgrade,
        boolean transactional,
        boolean python,
        PortableRevision portable) {

    /** A SQL or .py revision. */
    public Revision(String id, List<String> downRevisions, List<String> branchLabels, List<String> dependsOn,
                    String longdoc, String location, Path file, List<SqlSection> upgrade, List<SqlSection> downgrade,
                    boolean transactional, boolean python) {
        this(id, downRevisions, branchLabels, dependsOn, longdoc, location, file, upgrade, downgrade, transactional,
                python, null);
    }

    public Revision {
        downRevisions = List.copyOf(downRevisions);
        branchLabels = List.copyOf(branchLabels);
        dependsOn = List.copyOf(dependsOn);
        upgrade = List.copyOf(upgrade);
        downgrade = List.copyOf(downgrade);
        longdoc = longdoc == null ? "" : longdoc;
    }

    /**
     * Characters a revision id may not hold: Alembic 1.8.1's {@code @ - +}, and {@code :}, which
     * Alembic forbids since 1.17.1 and which would make a {@code FROM:TO} range ambiguous.
     */
    public static final String FORBIDDEN_ID_CHARS = "@-+:";

    /**
     * Alembic's check of a revision id: {@code null} when {@code id} has none of the
     * {@link #FORBIDDEN_ID_CHARS}, else {@code Character(s) '-, @' not allowed in revision
     * identifier 'a-b@c'} (the characters found, sorted). Readers, the writer and the graph all ask here.
     */
    public static String illegalIdMessage(String id) {
        TreeSet<Character> found = null; // made only for a bad id: this runs twice per revision loaded
        for (int i = 0; i < id.length(); i++) {
            if (FORBIDDEN_ID_CHARS.indexOf(id.charAt(i)) >= 0) {
                if (found == null) {
                    found = new TreeSet<>();
                }
                found.add(id.charAt(i));
            }
        }
        if (found == null) {
            return null;
        }
        StringBuilder chars = new StringBuilder();
        for (Character c : found) {
            chars.append(chars.length() == 0 ? "" : ", ").append(c);
        }
        return "Character(s) '" + chars + "' not allowed in revision identifier '" + id + "'";
    }

    /** Alembic's LoopDetected text when a revision lists itself as a down revision, else {@code null}. */
    public static String selfLoopMessage(String id, List<String> downRevisions) {
        return downRevisions.contains(id) ? "Self-loop is detected in revisions (" + id + ")" : null;
    }

    /** Alembic's DependencyLoopDetected text when a revision depends on itself, else {@code null}. */
    public static String dependencySelfLoopMessage(String id, List<String> dependsOn) {
        return dependsOn.contains(id) ? "Dependency self-loop is detected in revisions (" + id + ")" : null;
    }

    /** A revision with no SQL, for graph-only uses and tests. */
    public static Revision of(String id, List<String> down, List<String> labels, List<String> deps) {
        return new Revision(id, down, labels, deps, "", null, null, List.of(), List.of(), true, false);
    }

    /** Alembic's {@code doc}: the first paragraph of the message. */
    public String doc() {
        int i = longdoc.indexOf("\n\n");
        return i < 0 ? longdoc : longdoc.substring(0, i);
    }

    /** The section to run for a direction on a dialect: the dialect's own, else the generic one. */
    public Optional<SqlSection> section(boolean up, String dialect) {
        List<SqlSection> sections = up ? upgrade : downgrade;
        Optional<SqlSection> own = sections.stream().filter(s -> dialect.equals(s.dialect())).findFirst();
        return own.isPresent() ? own : sections.stream().filter(s -> s.dialect() == null).findFirst();
    }
}
