package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Holds this process' share of the benchmark's SSE subscribers and measures what they receive.
 *
 * <p>Connection {@code j} of the whole run (0 &le; j &lt; total) belongs to shard {@code j % shards};
 * it subscribes to channel {@code j % channels} on server {@code (j / channels) % servers}. Sockets
 * are bound to several loopback source addresses so one address' port range is not the cap.
 * Connects are ramped: at most {@code maxInFlight} are pending (connected but no response head yet).
 *
 * <p>Latency is recorded in microseconds into an HdrHistogram {@link Recorder} (interval snapshots).
 */
final class SubscriberShard implements AutoCloseable {

    /** Static plan of the shard. */
    record Plan(List<URI> servers, String subscribePath, int total, int channels, int shard, int shards,
                List<String> sources, int maxInFlight, int threads, boolean heartbeats) {
    }

    /** Cumulative counters plus the latency histogram since the previous snapshot. */
    record Snapshot(long established, long failed, long disconnected, long received, long duplicates,
                    long reordered, long unique, long expected, Histogram interval,
                    long heartbeatsSent, long heartbeatsOk, long heartbeatsFailed) {
    }

    private final Plan plan;
    private final EventLoopGroup group;
    private final Bootstrap bootstrap;
    private final Recorder recorder = new Recorder(3);
    private final Semaphore inFlight;
    private final ConcurrentLinkedQueue<SseConnection> connections = new ConcurrentLinkedQueue<>();
    private final AtomicLong established = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong disconnected = new AtomicLong();
    // why connections failed: refused/timeout, HTTP status other than 200, closed before the response head
    final AtomicLong failedConnect = new AtomicLong();
    final AtomicLong failedStatus = new AtomicLong();
    final AtomicLong failedClosed = new AtomicLong();
    volatile int lastBadStatus;
    private final HeartbeatSender heartbeats;

    SubscriberShard(Plan plan) {
        this.plan = plan;
        this.inFlight = new Semaphore(plan.maxInFlight());
        this.group = NettyTransport.group(plan.threads());
        this.bootstrap = NettyTransport.clientBootstrap(group);
        this.heartbeats = new HeartbeatSender(group);
    }

    /** Channel name of channel index {@code c}; shared with the publisher. */
    static String channelName(int c) {
        return "c" + c;
    }

    /** Number of connections this shard owns. */
    int ownedConnections() {
        int n = 0;
        for (int j = plan.shard(); j < plan.total(); j += plan.shards()) {
            n++;
        }
        return n;
    }

    /**
     * Opens this shard's connections with the bounded ramp; returns when all attempts settled or
     * {@code deadlineNanos} passed.
     */
    void connectAll(long deadlineNanos) throws InterruptedException {
        int k = 0;
        for (int j = plan.shard(); j < plan.total(); j += plan.shards()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0 || !inFlight.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                break;
            }
            int channel = j % plan.channels();
            URI server = plan.servers().get((j / plan.channels()) % plan.servers().size());
            String source = plan.sources().get(k++ % plan.sources().size());
            connect(server, channel, source);
        }
        // wait for the pending ones to settle
        long left = deadlineNanos - System.nanoTime();
        if (left > 0 && inFlight.tryAcquire(plan.maxInFlight(), left, TimeUnit.NANOSECONDS)) {
            inFlight.release(plan.maxInFlight());
        }
    }

    private void connect(URI server, int channel, String source) {
        String path = plan.subscribePath().replace("{channel}", channelName(channel));
        String host = server.getHost() + ":" + server.getPort();
        byte[] request = ("GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nAccept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        SseConnection conn = new SseConnection(channel, request, server, source);
        Bootstrap b = bootstrap.clone().handler(conn);
        b.connect(new InetSocketAddress(server.getHost(), server.getPort()), new InetSocketAddress(source, 0))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        if (!conn.settled) {
                            failedConnect.incrementAndGet();
                        }
                        conn.settle(false);
                    }
                });
    }

    /**
     * Sums the counters on each connection's own event loop (so plain fields are read safely).
     *
     * @param lastSeq per channel, the highest sequence the publisher sent so far, or {@code null}
     *                to use the highest sequence any subscriber of that channel saw
     */
    Snapshot snapshot(long[] lastSeq) throws Exception {
        long[] maxSeen = new long[plan.channels()];
        long[] sums = new long[5]; // received, duplicates, reordered, unique, expectedKnown
        List<Future<?>> tasks = new ArrayList<>();
        for (EventExecutor loop : group) {
            tasks.add(loop.submit(() -> {
                long r = 0, d = 0, o = 0, u = 0, e = 0;
                long[] localMax = new long[plan.channels()];
                for (SseConnection c : connections) {
                    if (c.loop() != loop) {
                        continue;
                    }
                    SeqTracker t = c.tracker;
                    r += t.received();
                    d += t.duplicates();
                    o += t.reordered();
                    u += t.unique();
                    localMax[c.channel] = Math.max(localMax[c.channel], t.highest());
                    if (lastSeq != null) {
                        e += lastSeq[c.channel];
                    }
                }
                synchronized (sums) {
                    sums[0] += r;
                    sums[1] += d;
                    sums[2] += o;
                    sums[3] += u;
                    sums[4] += e;
                    for (int i = 0; i < localMax.length; i++) {
                        maxSeen[i] = Math.max(maxSeen[i], localMax[i]);
                    }
                }
            }));
        }
        for (Future<?> f : tasks) {
            f.get(30, TimeUnit.SECONDS);
        }
        long expected = sums[4];
        if (lastSeq == null) {
            expected = 0;
            for (SseConnection c : connections) {
                expected += maxSeen[c.channel];
            }
        }
        return new Snapshot(established.get(), failed.get(), disconnected.get(), sums[0], sums[1], sums[2],
                sums[3], expected, recorder.getIntervalHistogram(), heartbeats.sent.get(), heartbeats.ok.get(),
                heartbeats.failed.get());
    }

    @Override
    public void close() {
        for (SseConnection c : connections) {
            c.close();
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One SSE subscriber. All fields are touched by its event loop only (snapshots run there too). */
    private final class SseConnection extends ChannelInboundHandlerAdapter implements SseScanner.Listener {
        final int channel;
        final SeqTracker tracker = new SeqTracker();
        private final byte[] request;
        private final SseScanner scanner = new SseScanner(this, plan.heartbeats());
        private final URI server;
        private final String source;
        private io.netty.util.concurrent.ScheduledFuture<?> heartbeatTask;
        private volatile Channel ch;
        private boolean settled;
        private boolean open;
        private long readNanos;

        SseConnection(int channel, byte[] request, URI server, String source) {
            this.channel = channel;
            this.request = request;
            this.server = server;
            this.source = source;
        }

        @Override
        public void onFirstData(String line) {
            HeartbeatSender.Announce hb = HeartbeatSender.parse(line);
            Channel c = ch;
            if (hb == null || c == null) {
                return;
            }
            // random phase so 10,000 subscriptions do not pulse in the same millisecond
            long first = java.util.concurrent.ThreadLocalRandom.current().nextLong(hb.intervalMillis());
            heartbeatTask = c.eventLoop().scheduleAtFixedRate(() -> heartbeats.post(server, source, hb.pathAndQuery()),
                    first, hb.intervalMillis(), TimeUnit.MILLISECONDS);
        }

        EventExecutor loop() {
            Channel c = ch;
            return c == null ? null : c.eventLoop();
        }

        void close() {
            Channel c = ch;
            if (c != null) {
                c.close();
            }
        }

        /** Releases the ramp slot once per connection: on the response head or on failure. */
        void settle(boolean ok) {
            if (settled) {
                return;
            }
            settled = true;
            inFlight.release();
            if (ok) {
                open = true;
                established.incrementAndGet();
                connections.add(this);
            } else {
                failed.incrementAndGet();
            }
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            ch = ctx.channel();
            ctx.writeAndFlush(ctx.alloc().buffer(request.length).writeBytes(request));
            // a server that accepts but never answers must not hold a ramp slot for ever
            ctx.executor().schedule(() -> {
                if (!settled) {
                    settle(false);
                    ctx.close();
                }
            }, 15, TimeUnit.SECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            try {
                readNanos = System.nanoTime(); // one clock read per socket read, shared by its events
                scanner.feed(buf);
            } finally {
                buf.release();
            }
            if (scanner.isDone()) {
                ctx.close();
            }
        }

        @Override
        public void onHeaders(int status) {
            if (status != 200 && !settled) {
                failedStatus.incrementAndGet();
                lastBadStatus = status;
            }
            settle(status == 200);
        }

        @Override
        public void onEvent(long seq, long sentNanos) {
            long micros = (readNanos - sentNanos) / 1000;
            recorder.recordValue(Math.max(0, micros));
            tracker.accept(seq);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (heartbeatTask != null) {
                heartbeatTask.cancel(false);
            }
            if (!settled) {
                failedClosed.incrementAndGet();
                settle(false);
            } else if (open) {
                open = false;
                disconnected.incrementAndGet();
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
