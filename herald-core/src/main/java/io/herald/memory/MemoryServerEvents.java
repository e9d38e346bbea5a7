package io.herald.memory;

import io.herald.ServerEventsNode;
import io.herald.ServerEventsOptions;

/**
 * The default back-end: one server, every subscription in this process. A {@link ServerEventsNode} over the
 * in-process {@link MemoryBroker} (one lock orders publishes; history kept in memory) and
 * {@link MemoryRegistry}. Sending serialises the body once and hands the shared frame to the connections'
 * own I/O threads; one total order per process, so every stream sees events in id order.
 *
 * <p>Thread-safe.
 */
public final class MemoryServerEvents extends ServerEventsNode {

    public MemoryServerEvents(ServerEventsOptions options) {
        super(options, new MemoryBroker(options), new MemoryRegistry());
    }

    /** A memory back-end with default options. */
    public MemoryServerEvents() {
        this(ServerEventsOptions.defaults());
    }
}
