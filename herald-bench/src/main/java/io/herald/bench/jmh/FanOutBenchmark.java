package io.herald.bench.jmh;

import io.herald.EventSubscription;
import io.herald.ServerEventsHooks;
import io.herald.http.EventSink;
import io.herald.internal.Frames;
import io.herald.internal.Ids;
import io.herald.memory.LocalHub;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The hub's fan-out path without sockets: one channel message to {@code subscribers} streams whose sink
 * only counts bytes: the index look-up, the per-stream write call and the flush bookkeeping, per message.
 *
 * <pre>java -cp herald-bench/target/herald-bench.jar org.openjdk.jmh.Main FanOutBenchmark -f 1 -t 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FanOutBenchmark {

    @Param({"1000", "10000"})
    public int subscribers;

    private LocalHub hub;
    private byte[] data;
    private long id;

    /** Runs shard work at once on the caller: the benchmark thread plays the I/O thread. */
    private static final Executor INLINE = Runnable::run;

    /** A sink that does what a socket sink does to its own state, minus the socket. */
    static final class CountingSink implements EventSink {
        long bytes;
        int frames;
        Blackhole hole;

        @Override
        public Executor executor() {
            return INLINE;
        }

        @Override
        public void write(long eventId, byte[] bytesToWrite) {
            bytes += bytesToWrite.length + 20;
            frames++;
            hole.consume(eventId);
        }

        @Override
        public void writeRaw(byte[] bytesToWrite) {
            bytes += bytesToWrite.length;
        }

        @Override
        public void flush() {
            bytes = 0;
            frames = 0;
        }

        @Override
        public long pendingBytes() {
            return bytes;
        }

        @Override
        public int pendingFrames() {
            return frames;
        }

        @Override
        public void close() {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void onClose(Runnable callback) {
        }
    }

    @Setup
    public void setUp(Blackhole hole) {
        hub = new LocalHub(1 << 20, 10_000, ServerEventsHooks.builder().build(), new LocalHub.Listener() {
            @Override
            public void onEvicted(EventSubscription subscription, String reason) {
            }

            @Override
            public void onClosed(EventSubscription subscription) {
            }
        });
        for (int i = 0; i < subscribers; i++) {
            CountingSink sink = new CountingSink();
            sink.hole = hole;
            hub.add(new EventSubscription(Ids.newSubscriptionId(), List.of("home"), "-" + i, null, "user" + i, null,
                    "127.0.0.1", false, null, 0, sink));
        }
        data = Frames.encode("home", "cmd.chat", "{\"id\":1,\"fromUserId\":\"-1\",\"fromName\":\"user1\",\"message\":\"hello\"}");
    }

    /** One message to every subscriber of the channel; divide the score by {@code subscribers} for one delivery. */
    @Benchmark
    public void fanOutOneMessage() {
        hub.deliverToChannel(++id, "home", data);
    }
}
