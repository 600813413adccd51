package dev.retort.spring;

import dev.retort.api.RetortException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Shows retort's own message (revision, file, line, the state the database is in) under Spring
 * Boot's "APPLICATION FAILED TO START" instead of a bean-creation stack trace, and the next step.
 */
public final class RetortFailureAnalyzer extends AbstractFailureAnalyzer<RetortException> {
    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RetortException cause) {
        return new FailureAnalysis("retort could not migrate the database at start-up:\n\n" + cause.getMessage(),
                "Correct what the message above names (the revision file, the database or a retort.* property)"
                        + " and start the application again; retort applies the pending revisions then. To start"
                        + " without migrating, set retort.enabled=false.",
                cause);
    }
}
