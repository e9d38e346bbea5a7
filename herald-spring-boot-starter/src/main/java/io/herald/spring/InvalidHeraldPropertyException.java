package io.herald.spring;

import java.util.List;

/**
 * A {@code herald.*} property whose value Herald refuses, thrown while the application context starts (so it
 * does not start). The message names the property, the value as configured and the problem, e.g.
 * {@code herald.idle-timeout=5s is invalid: idleTimeout must be > heartbeatInterval: PT5S <= PT10S
 * (with herald.heartbeat-interval=10s)}; a secret's value is never shown.
 */
public class InvalidHeraldPropertyException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final String value;
    private final String problem;
    private final List<String> related;

    /**
     * @param property the property's canonical name, e.g. {@code herald.idle-timeout}
     * @param value    the value as shown to the user (already masked for secrets)
     * @param problem  what is wrong, from Herald's own check
     * @param related  other properties the problem involves, each as {@code name=value}
     * @param cause    Herald's own exception, or null
     */
    public InvalidHeraldPropertyException(String property, String value, String problem, List<String> related,
                                          Throwable cause) {
        super(property + "=" + value + " is invalid: " + problem
                + (related.isEmpty() ? "" : " (with " + String.join(", ", related) + ")"), cause);
        this.property = property;
        this.value = value;
        this.problem = problem;
        this.related = List.copyOf(related);
    }

    /** The property, e.g. {@code herald.idle-timeout}. */
    public String property() {
        return property;
    }

    /** Its value as configured (masked for secrets). */
    public String value() {
        return value;
    }

    /** What is wrong with it. */
    public String problem() {
        return problem;
    }

    /** Other properties the problem involves, as {@code name=value}. */
    public List<String> related() {
        return related;
    }
}
