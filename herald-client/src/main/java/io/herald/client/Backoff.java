package io.herald.client;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Reconnect delays: exponential from a base (the server's {@code retry:} value when it sent one, else the
 * configured initial delay), capped, with "equal jitter" (a random point in the upper half) so that many
 * clients dropped at once do not come back in lock step. Stateless and thread-safe.
 */
final class Backoff {

    /** Never retry faster than this, even if the server says {@code retry: 0}. */
    static final long MIN_DELAY_MS = 10;

    private final long initialMs;
    private final long maxMs;

    Backoff(long initialMs, long maxMs) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
    }

    long maxMillis() {
        return maxMs;
    }

    /**
     * @param failures consecutive failures so far, at least 1
     * @param serverRetryMs the server's {@code retry:} value, or negative when none was sent
     */
    long delayMillis(int failures, long serverRetryMs) {
        long base = Math.max(MIN_DELAY_MS, serverRetryMs >= 0 ? serverRetryMs : initialMs);
        int shift = Math.min(Math.max(failures, 1) - 1, 30);
        long ceiling = base > (maxMs >> shift) ? maxMs : Math.min(maxMs, base << shift);
        ceiling = Math.max(ceiling, MIN_DELAY_MS);
        long half = ceiling / 2;
        return half + ThreadLocalRandom.current().nextLong(ceiling - half + 1);
    }
}
