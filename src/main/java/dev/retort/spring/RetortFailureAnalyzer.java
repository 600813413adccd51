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
        String message = cause.getMessage();
        return new FailureAnalysis("retort could not migrate the database at start-up:\n\n" + message,
                action(message), cause);
    }

    private static String action(String message) {
        if (message.startsWith("retort.target=")) {
            return "Set retort.target to a revision id, a branch label (branch@head), 'head' with a single head, or"
                    + " 'heads' (the default: every head); or remove it.";
        }
        if (message.startsWith("Can't locate revision identified by")) {
            return "That revision is named by the database's version table or by retort.target, and no revision file"
                    + " under retort.locations defines it: a database migrated by a newer release of the application"
                    + " (deploy that release, or its revision files), a mistyped retort.target, or a version row of"
                    + " another tool. To start without migrating, set retort.enabled=false.";
        }
        if (message.startsWith("Path doesn't exist: ")) {
            return "Set retort.locations to where the revision files are (default classpath:db/revisions, the"
                    + " application's src/main/resources/db/revisions), or set retort.enabled=false to start"
                    + " without migrating.";
        }
        if (message.equals(RetortWithoutSqlInitAutoConfiguration.MESSAGE)) {
            return "Add org.springframework.boot:spring-boot-starter-jdbc to the application's dependencies and start"
                    + " it again, or set retort.enabled=false to start without migrating.";
        }
        return "Correct what the message above names (the revision file, the database or a retort.* property)"
                + " and start the application again; retort applies the pending revisions then. To start"
                + " without migrating, set retort.enabled=false.";
    }
}
