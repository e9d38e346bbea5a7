package io.herald.client;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * Reconnect delays: exponential from a base (the server's {@code retry:} value when it sent one, else the
 * configured initial delay), capped, with "equal jitter" (a random point in the upper half) so that many
 * clients dropped at once do not come back in lock step. Stateless and thread-safe (given a thread-safe
 * random source).
 */
final class Backoff {

    /** Never retry faster than this, even if the server says {@code retry: 0}. */
    static final long MIN_DELAY_MS = 10;

    private final long initialMs;
    private final long maxMs;
    /** Given a bound {@code n > 0}, a number in {@code [0, n)}; injectable so tests get known delays. */
    private final LongUnaryOperator random;

    Backoff(long initialMs, long maxMs) {
        this(initialMs, maxMs, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    Backoff(long initialMs, long maxMs, LongUnaryOperator random) {
        this.initialMs = initialMs;
        this.maxMs = maxMs;
        this.random = random;
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
        return half + random.applyAsLong(ceiling - half + 1);
    }
}
