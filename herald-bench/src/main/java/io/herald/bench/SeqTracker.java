package io.herald.bench;

/**
 * Per-subscriber bookkeeping of one channel's sequence numbers (1, 2, 3, ...): counts what arrived,
 * duplicates, and messages that arrived after a later one (reordered).
 *
 * <p>A 64-bit window behind the highest sequence seen tells a late message (its bit is clear) from a
 * duplicate (its bit is set) without storing every sequence. Messages more than 64 behind the highest
 * are counted as reordered, since they cannot be told apart from duplicates any more.
 *
 * <p>Loss is not counted here: it needs to know what was published, see {@link #unique()}.
 * Not thread-safe; owned by one connection's event loop.
 */
public final class SeqTracker {
    private long highest;
    private long window = 1; // bit i set = (highest - i) was received; bit 0 stands for "sequence 0"
    private long received;
    private long duplicates;
    private long reordered;

    /** Records the arrival of {@code seq} (expected to start at 1). */
    public void accept(long seq) {
        received++;
        if (seq > highest) {
            long shift = seq - highest;
            window = shift >= 64 ? 1L : (window << shift) | 1L;
            highest = seq;
            return;
        }
        long behind = highest - seq;
        if (behind >= 64) {
            reordered++;
            return;
        }
        long bit = 1L << behind;
        if ((window & bit) != 0) {
            duplicates++;
        } else {
            window |= bit;
            reordered++;
        }
    }

    public long received() {
        return received;
    }

    public long duplicates() {
        return duplicates;
    }

    public long reordered() {
        return reordered;
    }

    /** Distinct messages received: {@code received - duplicates}. */
    public long unique() {
        return received - duplicates;
    }

    /** Highest sequence seen, 0 if none. */
    public long highest() {
        return highest;
    }
}
