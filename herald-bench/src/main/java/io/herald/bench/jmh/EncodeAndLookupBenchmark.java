package io.herald.bench.jmh;

import io.herald.JsonCodec;
import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.SubscriptionInfo;
import io.herald.internal.Frames;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The once-per-message work on the publish path (serialise the body, build the shared frame) and the
 * look-ups services make, on 10,000 subscriptions opened through the endpoint (memory back-end).
 *
 * <pre>java -cp herald-bench/target/herald-bench.jar org.openjdk.jmh.Main EncodeAndLookupBenchmark -f 1 -t 1</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EncodeAndLookupBenchmark {

    /** What the Chat app sends. */
    public record ChatMessage(long id, String channel, String fromUserId, String fromName, String message,
                              boolean isPrivate) {
    }

    private final JsonCodec codec = JsonCodec.defaultCodec();
    private final ChatMessage message = new ChatMessage(42, "home", "-7", "user7", "Hello, everyone in home", false);
    private ServerEventsFeature feature;
    private ServerEvents events;

    @Setup
    public void setUp() throws Exception {
        feature = ServerEventsFeature.create(ServerEventsOptions.builder().notifyChannelOfSubscriptions(false).build());
        events = feature.serverEvents();
        StreamsWithoutSockets.openMany(feature, 10_000, i -> "c" + (i % 100) + ",home", FanOutBenchmark.CountingSink::new);
    }

    @TearDown
    public void tearDown() {
        feature.close();
    }

    /** Body serialisation (Jackson through herald-jackson) plus the shared frame bytes. */
    @Benchmark
    public byte[] encodeChatFrame() {
        return Frames.encode("home", "cmd.chat", codec.body(message));
    }

    /** The frame of a pre-serialised body alone. */
    @Benchmark
    public byte[] encodeFrameOnly() {
        return Frames.encode("home", "cmd.chat", "{\"id\":42,\"message\":\"Hello\"}");
    }

    /** A subscription's info by id (the endpoints' ownership check). */
    @Benchmark
    public SubscriptionInfo lookUpById() {
        return events.getSubscriptionInfo("AAAAAAAAAAAAAAAAAAAA");
    }

    /** The subscribers list of two channels, each subscription once (100 + 100 of 10,000). */
    @Benchmark
    public int subscribersOfTwoChannels() {
        return events.getSubscriptionsDetails("c1", "c2").size();
    }
}
