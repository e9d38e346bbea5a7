package io.herald.tck.fuzz;

import java.util.Set;

/**
 * What a container answers by itself to malformed requests, before Herald sees them: statuses that are the right
 * HTTP answer there (501 Not Implemented for a method or transfer coding it does not implement, 505 for an HTTP
 * version it does not speak), and whether it answers an HTTP/0.9 request line ({@code GET /}) in HTTP/0.9, with a
 * body and no status line.
 *
 * @param statuses 5xx statuses accepted for {@code malformed} cases
 * @param http09   whether an HTTP/0.9 request may get an HTTP/0.9 answer
 */
public record ContainerAnswers(Set<Integer> statuses, boolean http09) {

    /** None: every request reaches Herald. */
    public static final ContainerAnswers NONE = new ContainerAnswers(Set.of(), false);

    public ContainerAnswers {
        statuses = Set.copyOf(statuses);
    }
}
