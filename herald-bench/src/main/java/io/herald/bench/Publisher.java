package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Publishes benchmark messages at a fixed rate through HTTP POST on a few keep-alive connections
 * (HTTP/1.1 pipelining, bounded per connection).
 *
 * <p>Message {@code i} of a step goes to channel {@code i % channels} and carries that channel's next
 * sequence number and the <em>intended</em> send time {@code start + i / rate} as
 * {@code System.nanoTime()}. Using the schedule rather than the actual send time keeps a lagging
 * publisher from hiding latency (coordinated omission); the lag itself is reported.
 *
 * <p>With several publish servers (the floor's scale-out, which has no broker) every message goes to
 * each of them with the same sequence number and send time; it is sent only when every server's
 * connection for its channel has room, so no server sees a gap the others do not.
 *
 * <p>All state lives on one event loop thread.
 */
final class Publisher implements AutoCloseable {

    /** Counters of one step. */
    record StepResult(long sent, long ok, long errors, long unanswered, long skipped, long maxLagMicros, int lastErrorStatus, long connectionsLost) {
    }

    private static final int MAX_OUTSTANDING = 512;

    private final EventLoopGroup group = NettyTransport.group(1);
    private final String pathTemplate;
    private final int channels;
    private final byte[] padding;
    private final int bodySize;
    private final Conn[][] conns; // [server][connection]
    private final long[] seq;

    private long ok;
    private long errors;
    private int lastErrorStatus; // HTTP status of the latest rejected publish, 0 if none
    private long connectionsLost; // publishing connections the server closed (their pending posts count as errors)

    Publisher(List<URI> servers, String pathTemplate, int channels, int connections, int bodySize) throws InterruptedException {
        this.pathTemplate = pathTemplate;
        this.channels = channels;
        this.bodySize = bodySize;
        this.padding = new byte[Math.max(0, bodySize)];
        Arrays.fill(padding, (byte) 'x');
        this.seq = new long[channels];
        this.conns = new Conn[servers.size()][connections];
        for (int s = 0; s < servers.size(); s++) {
            for (int i = 0; i < connections; i++) {
                conns[s][i] = new Conn(servers.get(s));
                conns[s][i].open().sync();
            }
        }
    }

    /** Highest sequence published so far, per channel (a copy). */
    long[] lastSeq() throws Exception {
        return group.next().submit(seq::clone).get();
    }

    /**
     * Publishes {@code round(rate * seconds)} messages at {@code rate} msgs/s, then waits up to
     * {@code seconds + 10} more seconds for the responses.
     */
    StepResult runStep(double rate, double seconds) throws Exception {
        long total = Math.max(1, Math.round(rate * seconds));
        CompletableFuture<StepResult> done = new CompletableFuture<>();
        group.next().execute(() -> new Step(rate, total, done).start());
        return done.get((long) (seconds * 2 + 30), TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Step implements Runnable {
        final double rate;
        final long total;
        final CompletableFuture<StepResult> done;
        long start;
        long sent;
        long skipped;
        long maxLag;
        long ok0;
        long err0;
        long lost0;
        ScheduledFuture<?> tick;
        boolean finished;

        Step(double rate, long total, CompletableFuture<StepResult> done) {
            this.rate = rate;
            this.total = total;
            this.done = done;
        }

        void start() {
            ok0 = ok;
            err0 = errors;
            lost0 = connectionsLost;
            start = System.nanoTime();
            run();
            if (!finished) {
                tick = group.next().scheduleAtFixedRate(this, 1, 1, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void run() {
            long now = System.nanoTime();
            long due = Math.min(total, (long) ((now - start) * rate / 1e9) + 1);
            while (sent + skipped < due) {
                long i = sent + skipped;
                long intended = start + (long) (i * 1e9 / rate);
                maxLag = Math.max(maxLag, now - intended);
                if (send(i, intended)) {
                    sent++;
                } else {
                    skipped++;
                }
            }
            if (sent + skipped >= total && !finished) {
                finished = true;
                if (tick != null) {
                    tick.cancel(false);
                }
                awaitResponses(System.nanoTime() + TimeUnit.SECONDS.toNanos(10));
            }
        }

        private boolean send(long i, long intendedNanos) {
            int channel = (int) (i % channels);
            // one connection per channel: pipelined requests on one connection keep the channel's
            // publish order; spreading a channel over connections would reorder it at the server
            for (Conn[] perServer : conns) {
                Conn c = perServer[channel % perServer.length];
                if (c.ch == null || !c.ch.isActive() || c.outstanding >= MAX_OUTSTANDING) {
                    return false; // the connection is backed up or reconnecting: the server cannot keep up
                }
            }
            long s = ++seq[channel];
            for (Conn[] perServer : conns) {
                perServer[channel % perServer.length].post(channel, s, intendedNanos);
            }
            return true;
        }

        private void awaitResponses(long deadline) {
            int pending = 0;
            for (Conn[] perServer : conns) {
                for (Conn c : perServer) {
                    pending += c.outstanding;
                }
            }
            if (pending == 0 || System.nanoTime() > deadline) {
                done.complete(new StepResult(sent, ok - ok0, errors - err0, pending, skipped, maxLag / 1000, lastErrorStatus,
                        connectionsLost - lost0));
                return;
            }
            group.next().schedule(() -> awaitResponses(deadline), 5, TimeUnit.MILLISECONDS);
        }
    }

    /** One keep-alive publishing connection; reconnects if the server closes it. */
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        final URI server;
        Channel ch;
        int outstanding;

        Conn(URI server) {
            this.server = server;
        }

        io.netty.channel.ChannelFuture open() {
            Bootstrap b = NettyTransport.clientBootstrap(group).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 20), Conn.this);
                }
            });
            io.netty.channel.ChannelFuture f = b.connect(new InetSocketAddress(server.getHost(), server.getPort()),
                    new InetSocketAddress("127.0.0.1", 0));
            ch = f.channel();
            return f;
        }

        void post(int channel, long s, long t) {
            ByteBuf body = ch.alloc().buffer(bodySize + 48);
            body.writeCharSequence("{\"s\":" + s + ",\"t\":" + t + ",\"p\":\"", StandardCharsets.US_ASCII);
            int pad = Math.max(0, bodySize - body.readableBytes() - 2);
            body.writeBytes(padding, 0, Math.min(pad, padding.length));
            body.writeCharSequence("\"}", StandardCharsets.US_ASCII);
            String path = pathTemplate.replace("{channel}", SubscriberShard.channelName(channel));
            DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, path, body);
            req.headers().set(HttpHeaderNames.HOST, server.getHost() + ":" + server.getPort())
                    .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
            outstanding++;
            ch.writeAndFlush(req);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            outstanding--;
            if (res.status().code() / 100 == 2) {
                ok++;
            } else {
                errors++;
                lastErrorStatus = res.status().code();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            errors += outstanding; // requests lost with the connection
            connectionsLost++;
            outstanding = 0;
            if (!group.isShuttingDown()) {
                group.next().schedule(this::open, 100, TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }

        @Override
        public boolean isSharable() {
            return true; // re-added to each new channel after a reconnect, one channel at a time
        }
    }
}
