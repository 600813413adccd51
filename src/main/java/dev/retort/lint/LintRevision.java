package dev.retort.lint;

import java.util.List;

/**
 * One revision's upgrade as lint sees it.
 *
 * @param id            the revision id
 * @param file          its file, as shown in findings
 * @param transactional whether its statements run in one transaction (false for
 *                      {@code Transactional: false} or a statement such as CREATE INDEX CONCURRENTLY)
 * @param statements    its upgrade statements, in order
 */
public record LintRevision(String id, String file, boolean transactional, List<LintStatement> statements) {
    public LintRevision {
        statements = List.copyOf(statements);
    }
}
