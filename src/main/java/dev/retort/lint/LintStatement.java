package dev.retort.lint;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One statement (or portable operation) as lint sees it.
 *
 * @param line    the line in the revision file
 * @param text    the statement as written (shown in JSON)
 * @param changes what it does; empty when it could not be parsed (reported, never guessed at)
 * @param ignored the rule ids a {@code -- retort:lint-ignore} comment (or {@code lint_ignore:}) turns off
 * @param ignoreLine the comment's line (0 without one); a portable operation's statements share it
 */
public record LintStatement(int line, String text, Optional<List<Change>> changes, Set<String> ignored,
                            int ignoreLine) {
    public LintStatement {
        changes = changes.map(List::copyOf);
        ignored = Set.copyOf(ignored);
    }
}
