package io.herald.netty;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of every connection: idle detection, HTTP/1.1 codec with size limits, request body
 * aggregation, then {@link HeraldHttpHandler}. There is deliberately no compression handler: gzip would
 * hold event-stream bytes back until its buffer fills.
 */
final class HeraldServerInitializer extends ChannelInitializer<SocketChannel> {

    static final String IDLE = "idle";

    private final ServerContext server;

    HeraldServerInitializer(ServerContext server) {
        this.server = server;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        server.allChannels().add(ch);
        ChannelPipeline p = ch.pipeline();
        if (server.idleTimeoutSeconds() > 0) {
            p.addLast(IDLE, new IdleStateHandler(0, 0, server.idleTimeoutSeconds()));
        }
        p.addLast("codec", new HttpServerCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(server.maxInitialLineBytes())
                .setMaxHeaderSize(server.maxHeaderBytes())));
        // answers 413 by itself when a body is larger than the limit
        p.addLast("aggregator", new HttpObjectAggregator(server.maxRequestBytes()));
        p.addLast("herald", new HeraldHttpHandler(server));
    }
}
