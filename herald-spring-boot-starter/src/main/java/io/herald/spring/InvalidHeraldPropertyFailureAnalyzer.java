package io.herald.spring;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a refused {@code herald.*} property into Boot's start-up report: what is wrong and which property to fix. */
class InvalidHeraldPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidHeraldPropertyException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidHeraldPropertyException cause) {
        return new FailureAnalysis("Herald cannot start: " + cause.getMessage(),
                "Fix the property '" + cause.property() + "' (application.properties, application.yml, an"
                        + " environment variable or a command-line argument).", cause);
    }
}
