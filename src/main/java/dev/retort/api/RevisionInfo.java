package dev.retort.api;

import java.nio.file.Path;
import java.util.List;

/**
 * A revision of the graph as the commands show it ({@code heads}, {@code history}, {@code show},
 * {@code current}): its file's headers and where it stands in the graph.
 *
 * @param id            the revision id
 * @param downRevisions the revisions it revises ({@code Revises:}); empty for a base
 * @param dependsOn     its {@code Depends On:} entries, as written
 * @param branchLabels  its branch labels, those it inherits included, sorted
 * @param message       the first line of its message ({@code doc})
 * @param longdoc       the whole message
 * @param path          its file on disk (null for a revision made in memory or read from the class path)
 * @param location      where it was read from, as messages name it: the path as given, or
 *                      {@code classpath:db/revisions/3f2a_add_users.sql (in /app/lib/revs.jar)}
 * @param head          nothing revises or depends on it (Alembic's real head)
 * @param effectiveHead nothing revises it, but a revision depends on it
 * @param branchPoint   more than one revision revises it
 * @param mergePoint    it revises more than one revision
 * @param children      the ids of the revisions that revise it, sorted
 */
public record RevisionInfo(String id, List<String> downRevisions, List<String> dependsOn, List<String> branchLabels,
                           String message, String longdoc, Path path, String location, boolean head, boolean effectiveHead,
                           boolean branchPoint, boolean mergePoint, List<String> children) {
    public RevisionInfo {
        downRevisions = List.copyOf(downRevisions);
        dependsOn = List.copyOf(dependsOn);
        branchLabels = List.copyOf(branchLabels);
        children = List.copyOf(children);
    }

    /** Nothing revises it: a head of its branch (real or effective). */
    public boolean versionedHead() {
        return head || effectiveHead;
    }
}
