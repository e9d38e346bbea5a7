package io.herald.redis;

/**
 * Conversion between Unix epoch milliseconds and .NET ticks (100 ns units since 0001-01-01T00:00Z), the
 * score ServiceStack stores in {@code sse:ids}. Keeping the same unit lets Java and .NET servers sweep each
 * other's expired subscriptions. Stateless.
 */
public final class DotNetTicks {

    /** Ticks at the Unix epoch, 1970-01-01T00:00Z. */
    public static final long UNIX_EPOCH_TICKS = 621_355_968_000_000_000L;

    /** Ticks per millisecond. */
    public static final long TICKS_PER_MILLISECOND = 10_000L;

    private DotNetTicks() {
    }

    /** {@code unixMillis * 10_000 + 621_355_968_000_000_000}. */
    public static long fromUnixMillis(long unixMillis) {
        return Math.addExact(Math.multiplyExact(unixMillis, TICKS_PER_MILLISECOND), UNIX_EPOCH_TICKS);
    }

    /** The inverse of {@link #fromUnixMillis(long)}, rounding sub-millisecond ticks down. */
    public static long toUnixMillis(long ticks) {
        return Math.floorDiv(ticks - UNIX_EPOCH_TICKS, TICKS_PER_MILLISECOND);
    }
}
