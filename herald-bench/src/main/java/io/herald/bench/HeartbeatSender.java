package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sends the ServiceStack client heartbeats ({@code POST heartbeatUrl} every
 * {@code heartbeatIntervalMs}, both announced in {@code cmd.onConnect}) for every subscription of a
 * shard, so a server with the default 30 s idle timeout keeps them.
 *
 * <p>Posts go over a few pipelined keep-alive connections per (server, source address): the server
 * may check that heartbeats come from the stream's IP ({@code ValidateUserAddress}).
 */
final class HeartbeatSender {
    private static final Pattern URL = Pattern.compile("\"heartbeatUrl\":\"([^\"]+)\"");
    private static final Pattern INTERVAL = Pattern.compile("\"heartbeatIntervalMs\":\"?(\\d+)");
    private static final int CONNS_PER_SOURCE = 2;

    /** What an onConnect line announced; {@code null} from {@link #parse} when there is no heartbeat. */
    record Announce(String pathAndQuery, long intervalMillis) {
    }

    private final EventLoopGroup group;
    private final Map<String, Pool> pools = new ConcurrentHashMap<>();
    final AtomicLong sent = new AtomicLong();
    final AtomicLong ok = new AtomicLong();
    final AtomicLong failed = new AtomicLong();

    HeartbeatSender(EventLoopGroup group) {
        this.group = group;
    }

    static Announce parse(String onConnectLine) {
        Matcher u = URL.matcher(onConnectLine);
        if (!onConnectLine.startsWith("cmd.onConnect") || !u.find()) {
            return null;
        }
        Matcher i = INTERVAL.matcher(onConnectLine);
        long interval = i.find() ? Long.parseLong(i.group(1)) : 10_000;
        URI uri = URI.create(u.group(1).replace("\\u0026", "&"));
        String pq = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        return new Announce(pq, Math.max(100, interval));
    }

    /** Posts one heartbeat from {@code source} to {@code server} (thread-safe). */
    void post(URI server, String source, String pathAndQuery) {
        String key = server.getHost() + ":" + server.getPort() + "/" + source;
        Pool pool = pools.computeIfAbsent(key, k -> new Pool(server, source));
        Conn c = pool.conns[(pool.next.getAndIncrement() & Integer.MAX_VALUE) % CONNS_PER_SOURCE];
        ChannelFuture connecting = c.connectFuture;
        Channel ch = c.ch;
        if (ch == null || c.outstanding.get() > 1000 || (connecting.isDone() && !ch.isActive())) {
            failed.incrementAndGet(); // connection lost (reconnecting) or hopelessly backed up
            return;
        }
        DefaultFullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, pathAndQuery,
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, server.getHost() + ":" + server.getPort())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
        c.outstanding.incrementAndGet();
        sent.incrementAndGet();
        if (connecting.isDone()) {
            ch.writeAndFlush(req);
        } else {
            // first heartbeats of a fresh pool: send once the keep-alive connection is up
            connecting.addListener(f -> {
                if (f.isSuccess()) {
                    ch.writeAndFlush(req);
                } else {
                    c.outstanding.decrementAndGet();
                    failed.incrementAndGet();
                }
            });
        }
    }

    private final class Pool {
        final Conn[] conns = new Conn[CONNS_PER_SOURCE];
        final AtomicInteger next = new AtomicInteger();

        Pool(URI server, String source) {
            for (int i = 0; i < conns.length; i++) {
                conns[i] = new Conn(server, source);
                conns[i].open();
            }
        }
    }

    @ChannelHandler.Sharable
    private final class Conn extends SimpleChannelInboundHandler<FullHttpResponse> {
        final URI server;
        final String source;
        final AtomicInteger outstanding = new AtomicInteger();
        volatile Channel ch;
        volatile ChannelFuture connectFuture;

        Conn(URI server, String source) {
            this.server = server;
            this.source = source;
        }

        void open() {
            if (group.isShuttingDown()) {
                return;
            }
            Bootstrap b = NettyTransport.clientBootstrap(group).handler(new ChannelInitializer<Channel>() {
                @Override
                protected void initChannel(Channel c) {
                    c.pipeline().addLast(new HttpClientCodec(), new HttpObjectAggregator(1 << 16), Conn.this);
                }
            });
            ChannelFuture f = b.connect(new InetSocketAddress(server.getHost(), server.getPort()),
                    new InetSocketAddress(source, 0));
            connectFuture = f;
            ch = f.channel();
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpResponse res) {
            outstanding.decrementAndGet();
            if (res.status().code() / 100 == 2) {
                ok.incrementAndGet();
            } else {
                failed.incrementAndGet();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            failed.addAndGet(outstanding.getAndSet(0));
            if (!group.isShuttingDown()) {
                ctx.channel().eventLoop().schedule(this::open, 200, java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
