package io.herald.spi;

import java.util.Objects;

/**
 * A message with the id the broker gave it: its position in the one total order of the back-end.
 *
 * @param id      strictly increasing in publish order, cluster-wide; positive
 * @param message what was published
 */
public record Event(long id, Message message) {

    public Event {
        Objects.requireNonNull(message, "message");
    }
}
