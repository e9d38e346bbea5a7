package io.herald.bench.jmh;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.http.EventSink;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The publish and fan-out path without sockets: one channel message through the memory back-end (validation,
 * one serialisation, the broker's order, the node's routing, the hub) to {@code subscribers} streams whose
 * sink only counts bytes: the index look-up, the per-stream write call and the flush bookkeeping, per message.
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

    private ServerEventsFeature feature;
    private ServerEvents events;
    private final String body = "{\"id\":1,\"fromUserId\":\"-1\",\"fromName\":\"user1\",\"message\":\"hello\"}";

    /** A sink that does what a socket sink does to its own state, minus the socket. */
    static final class CountingSink implements EventSink {
        long bytes;
        int frames;
        Blackhole hole;

        @Override
        public Executor executor() {
            return StreamsWithoutSockets.INLINE;
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
    public void setUp(Blackhole hole) throws Exception {
        feature = ServerEventsFeature.create(ServerEventsOptions.builder().notifyChannelOfSubscriptions(false).build());
        events = feature.serverEvents();
        StreamsWithoutSockets.openMany(feature, subscribers, i -> "home", () -> {
            CountingSink sink = new CountingSink();
            sink.hole = hole;
            return sink;
        });
    }

    @TearDown
    public void tearDown() {
        feature.close();
    }

    /** One message to every subscriber of the channel; divide the score by {@code subscribers} for one delivery. */
    @Benchmark
    public void fanOutOneMessage() {
        events.notifyChannel("home", "cmd.chat", io.herald.RawJson.of(body));
    }
}
