package io.herald.bench;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;

/**
 * Chooses the native epoll transport when it loads and falls back to NIO, so the client runs
 * anywhere but uses the faster path on Linux.
 */
final class NettyTransport {
    private NettyTransport() {
    }

    static boolean epoll() {
        return Epoll.isAvailable() && !Boolean.getBoolean("bench.nio");
    }

    static EventLoopGroup group(int threads) {
        return new MultiThreadIoEventLoopGroup(threads,
                epoll() ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** A client bootstrap with small-footprint defaults for many mostly idle sockets. */
    static Bootstrap clientBootstrap(EventLoopGroup group) {
        Bootstrap b = new Bootstrap().group(group)
                .channel(epoll() ? EpollSocketChannel.class : NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        if (epoll()) {
            // Let the kernel pick the source port at connect() time (per 4-tuple), not at bind():
            // otherwise every bound socket would use a port of the source address' shared range.
            b.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
        }
        return b;
    }
}
