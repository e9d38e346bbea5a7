package io.herald.netty;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.timeout.IdleStateHandler;

/**
 * The pipeline of every connection: idle detection, HTTP/1.1 codec with size limits, request body
 * aggregation, then {@link HeraldHttpHandler}. There is deliberately no compression handler: gzip would
 * hold event-stream bytes back until its buffer fills.
 */
final class HeraldServerInitializer extends ChannelInitializer<SocketChannel> {

    /** Requests one connection may have read and not yet answered. */
    static final int MAX_PIPELINED_REQUESTS = 1024;
    static final String IDLE = "idle";
    /** Fired down the pipeline when a request body is over the limit (the aggregator answers 413 itself). */
    static final Object OVERSIZED_BODY = new Object() {
        @Override
        public String toString() {
            return "OVERSIZED_BODY";
        }
    };

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
        p.addLast("codec", HttpCodecs.serverCodec(new HttpDecoderConfig()
                .setMaxInitialLineLength(server.maxInitialLineBytes())
                .setMaxHeaderSize(server.maxHeaderBytes()), MAX_PIPELINED_REQUESTS));
        // answers 413 by itself when a body is larger than the limit; tells the handler so it is counted
        p.addLast("aggregator", new HttpObjectAggregator(server.maxRequestBytes()) {
            @Override
            protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) throws Exception {
                ctx.fireUserEventTriggered(OVERSIZED_BODY);
                super.handleOversizedMessage(ctx, oversized);
            }
        });
        p.addLast("herald", new HeraldHttpHandler(server));
    }
}
