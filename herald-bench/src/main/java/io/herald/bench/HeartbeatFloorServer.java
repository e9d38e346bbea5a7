package io.herald.bench;

import io.herald.netty.HeraldServer;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpVersion;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The floor of a heartbeat: the least a small HTTP request costs on this stack, to compare with what
 * a ServiceStack heartbeat costs Herald ({@code idle} scenario). Answers {@code POST /bench/ping} with
 * {@code 200} and no body; driven by {@link RequestLoad} at the heartbeat rate of the idle scenario.
 *
 * <pre>
 * java -cp herald-bench.jar io.herald.bench.HeartbeatFloorServer --port=18090 [--mode=herald|herald-inline|netty] [--io-threads=1]
 * </pre>
 * <ul>
 *   <li>{@code herald}: a {@link HeraldServer} with that one application route (run on its worker pool,
 *       as any route is);</li>
 *   <li>{@code herald-inline}: the same, the route run on the I/O thread (a direct worker executor), as
 *       Herald answers the heartbeats of its own streams;</li>
 *   <li>{@code netty}: plain Netty ({@code HttpServerCodec} + aggregator + one handler): no Herald at all.</li>
 * </ul>
 * Prints {@code pid=<pid> port=<port> mode=<mode>} once listening.
 */
public final class HeartbeatFloorServer {

    private HeartbeatFloorServer() {
    }

    public static void main(String[] argv) throws Exception {
        Args a = new Args(argv, 0);
        int port = a.integer("port", 18090);
        int io = a.integer("io-threads", 1);
        String mode = a.str("mode", "herald");
        Runnable stop;
        int bound;
        switch (mode) {
            case "herald", "herald-inline" -> {
                HeraldServer.Builder b = HeraldServer.builder().host("127.0.0.1").port(port).ioThreads(io)
                        .route("POST", "/bench/ping", Void.class, (ctx, none) -> {
                            ctx.status(200);
                            return null;
                        });
                if (mode.equals("herald-inline")) {
                    b.workerExecutor(new DirectExecutor());
                }
                HeraldServer http = b.build();
                bound = http.start();
                stop = http::stop;
            }
            case "netty" -> {
                EventLoopGroup group = new MultiThreadIoEventLoopGroup(io, EpollIoHandler.newFactory());
                Channel ch = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                        .childHandler(new ChannelInitializer<Channel>() {
                            @Override
                            protected void initChannel(Channel c) {
                                c.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(1 << 16), new Ok());
                            }
                        }).bind("127.0.0.1", port).sync().channel();
                bound = ((java.net.InetSocketAddress) ch.localAddress()).getPort();
                stop = () -> group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
            default -> throw new IllegalArgumentException("--mode must be herald, herald-inline or netty: " + mode);
        }
        System.out.println("pid=" + ProcessHandle.current().pid() + " port=" + bound + " mode=" + mode);
        System.out.flush();
        CountDownLatch done = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stop.run();
            done.countDown();
        }, "heartbeat-floor-shutdown"));
        done.await();
    }

    /** Answers every request {@code 200} with an empty body, keeping the connection. */
    private static final class Ok extends SimpleChannelInboundHandler<FullHttpRequest> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            DefaultFullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.EMPTY_BUFFER);
            res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
            ctx.writeAndFlush(res);
        }
    }

    /** Runs each task in the calling thread: route handlers then run on the I/O thread. */
    private static final class DirectExecutor extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable r) {
            r.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }
}
