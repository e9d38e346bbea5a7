package io.herald.bench;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * Moves latency histograms between processes: the Java shards send one base64 token of HdrHistogram's
 * compressed encoding ({@code hist=}), the native client plain {@code value:count} pairs of its own
 * buckets ({@code buckets=}); both end up as an HdrHistogram in the coordinator.
 */
final class Histograms {
    private Histograms() {
    }

    static String encode(Histogram h) {
        ByteBuffer buf = ByteBuffer.allocate(h.getNeededByteBufferCapacity() + 64);
        int n = h.encodeIntoCompressedByteBuffer(buf);
        byte[] bytes = new byte[n];
        buf.flip();
        buf.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The histogram of one {@code @@SNAP} reply, whichever client sent it; empty when it holds none. */
    static Histogram fromSnap(java.util.Map<String, String> fields) {
        String hist = fields.get("hist");
        if (hist != null) {
            return decode(hist);
        }
        return fromBuckets(fields.getOrDefault("buckets", ""));
    }

    /** Rebuilds a histogram from {@code value:count,value:count,...} (microseconds); blank is empty. */
    static Histogram fromBuckets(String pairs) {
        Histogram h = new Histogram(3);
        if (pairs.isBlank()) {
            return h;
        }
        for (String pair : pairs.split(",")) {
            int colon = pair.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("bad histogram bucket (want value:count): " + pair);
            }
            h.recordValueWithCount(Long.parseLong(pair.substring(0, colon)), Long.parseLong(pair.substring(colon + 1)));
        }
        return h;
    }

    static Histogram decode(String token) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(token)), 0);
        } catch (DataFormatException e) {
            throw new IllegalArgumentException("bad histogram token", e);
        }
    }
}
