package io.herald.spi;

import java.util.List;

/**
 * What a broker's history holds after a position.
 *
 * @param events   the kept events after the position under the addresses asked for, each once, in id order
 * @param complete true only if the broker can vouch that nothing published after the position under those
 *                 addresses is missing: the position was handed out by this back-end's current order (not
 *                 from before a restart or a lost history), is inside the retention window, and no event
 *                 after it was dropped for the size limit
 */
public record History(List<Event> events, boolean complete) {

    public History {
        events = List.copyOf(events);
    }

    /** Nothing to give, and nothing vouched for. */
    public static History unavailable() {
        return new History(List.of(), false);
    }
}
