package io.herald.http;

import java.nio.charset.StandardCharsets;

/** The per-thread cache behind {@link EventSink#idLine}: the last id line built on each thread. */
final class IdLines {

    private static final ThreadLocal<IdLines> LAST = ThreadLocal.withInitial(IdLines::new);

    private long id = Long.MIN_VALUE;
    private byte[] bytes;

    private IdLines() {
    }

    static byte[] of(long id) {
        IdLines last = LAST.get();
        if (last.bytes == null || last.id != id) {
            last.bytes = ("id: " + id + "\n").getBytes(StandardCharsets.US_ASCII);
            last.id = id;
        }
        return last.bytes;
    }
}
