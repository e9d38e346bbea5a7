package io.herald.netty;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.CodecException;
import io.netty.handler.codec.EncoderException;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection: hands each aggregated request to the worker executor and writes the answers back.
 *
 * <p>Requests on one connection are handled one at a time, so pipelined requests are answered in order
 * even though workers run them: while one is in progress, reading stops and any request the decoder
 * already produced waits in a small queue. Once a request turns into an event stream, the connection
 * takes no more requests but keeps reading, so a client that goes away is noticed at once.
 *
 * <p>All fields are touched only on the channel's event loop.
 */
final class HeraldHttpHandler extends ChannelInboundHandlerAdapter {

    private static final Logger LOG = LoggerFactory.getLogger(HeraldHttpHandler.class);

    private final ServerContext server;
    /** Requests (RequestData) or decoding failures (Throwable) waiting for the one in progress. */
    private final ArrayDeque<Object> waiting = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private boolean busy;
    private boolean closing;
    private boolean clientFailed;
    private NettyEventSink stream;

    HeraldHttpHandler(ServerContext server) {
        this.server = server;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof FullHttpRequest req) || stream != null || closing) {
                return; // a streaming or closing connection takes no further requests
            }
            Object next;
            if (req.decoderResult().isFailure()) {
                next = req.decoderResult().cause();
            } else {
                try {
                    next = RequestData.of(req, ctx.channel());
                } catch (IllegalArgumentException malformed) { // e.g. a bad %-escape in the query string
                    next = new MalformedTarget(malformed);
                }
            }
            if (busy) {
                waiting.add(next);
                ctx.channel().config().setAutoRead(false);
            } else {
                start(next);
            }
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** True while {@link #start} offers a request to the handlers on this I/O thread (they may answer at once). */
    private boolean answeringOnIoThread;

    private void start(Object next) {
        if (next instanceof Throwable cause) {
            rejectMalformed(cause);
            return;
        }
        RequestData data = (RequestData) next;
        busy = true;
        NettyExchange exchange = new NettyExchange(data, ctx.channel(), this);
        answeringOnIoThread = true;
        try {
            if (!server.dispatcher().tryOnIoThread(exchange)) { // else answered here (e.g. a heartbeat)
                try {
                    server.worker().execute(() -> server.dispatcher().dispatch(exchange));
                } catch (RejectedExecutionException e) {
                    LOG.warn("Worker executor rejected {} {}: answering 503", data.method, data.shownPath());
                    exchange.send(Responses.error(server.codec(), 503, "ServiceUnavailable",
                            "Server is busy, try again later", false));
                }
            }
        } finally {
            answeringOnIoThread = false;
        }
        // Reading pauses only while the request is still unanswered (a worker has it). Nothing is read
        // before this line runs: it is this event loop that reads. Each change of autoRead is an
        // epoll_ctl(2), two system calls that a request answered on the spot (a heartbeat) does without;
        // writeResponse, already run in that case, moved on to the next request.
        if (busy) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    /**
     * Answers a request the decoder could not read (too long a line or headers, bad syntax, a broken
     * {@code %}-escape in the query) and closes. The client's mistake: counted and logged at DEBUG only.
     */
    private void rejectMalformed(Throwable cause) {
        countClientFailure();
        LOG.debug("Malformed request from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        int status;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            message = "Request line longer than " + server.maxInitialLineBytes() + " bytes";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            message = "Request headers larger than " + server.maxHeaderBytes() + " bytes";
        } else if (cause instanceof TooLongHttpContentException) {
            status = 413;
            message = "Request body larger than " + server.maxRequestBytes() + " bytes";
        } else if (cause instanceof MalformedTarget) {
            status = 400;
            message = "Malformed request target: a %-escape is broken";
        } else {
            status = 400;
            message = "Malformed HTTP request";
        }
        closing = true;
        waiting.clear();
        FullHttpResponse res = Responses.error(server.codec(), status, status == 400 ? "BadRequest" : "RequestTooLarge",
                message, false);
        HttpUtil.setKeepAlive(res, false);
        ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
    }

    /** Writes a complete answer (event loop), then moves on to the next waiting request. */
    void writeResponse(NettyExchange exchange, FullHttpResponse response) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        RequestData data = exchange.data();
        FullHttpResponse out = response;
        if ("HEAD".equals(data.method) && response.content().isReadable()) {
            out = response.replace(Unpooled.EMPTY_BUFFER); // keeps Content-Length, drops the body
            response.release();
        }
        boolean keepAlive = data.keepAlive && !closing;
        HttpUtil.setKeepAlive(out, keepAlive);
        if (data.http10 && keepAlive) {
            out.headers().set("Connection", "keep-alive");
        }
        if (!keepAlive) {
            closing = true;
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        busy = false;
        if (waiting.isEmpty()) {
            ctx.channel().config().setAutoRead(true);
        } else if (answeringOnIoThread) {
            Object next = waiting.poll(); // answered inside start(): no recursion through pipelined requests
            ctx.executor().execute(() -> start(next));
        } else {
            start(waiting.poll());
        }
    }

    /** Sends the event stream's status line and headers at once (event loop) and switches to streaming. */
    void startStream(HttpResponse head, NettyEventSink sink) {
        if (!ctx.channel().isActive()) {
            sink.channelClosed();
            return;
        }
        stream = sink;
        busy = false;
        waiting.clear();
        server.openStreams().add(sink);
        ctx.channel().closeFuture().addListener(f -> server.openStreams().remove(sink));
        if (ctx.pipeline().get(HeraldServerInitializer.IDLE) != null) {
            ctx.pipeline().remove(HeraldServerInitializer.IDLE); // streams are never closed for idleness
        }
        ctx.writeAndFlush(head).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
        sink.headWritten(HttpUtil.isTransferEncodingChunked(head));
        if (!HttpUtil.isKeepAlive(head)) {
            closing = true;
        }
        ctx.channel().config().setAutoRead(true); // reading is how a client's disconnect gets noticed
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        waiting.clear();
        if (stream != null) {
            stream.channelClosed();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == HeraldServerInitializer.OVERSIZED_BODY) {
            countClientFailure();
            LOG.debug("Request body from {} over {} bytes: answered 413", ctx.channel().remoteAddress(),
                    server.maxRequestBytes());
            return;
        }
        if (evt instanceof IdleStateEvent) {
            if (stream == null && !busy) {
                ctx.close(); // an idle keep-alive connection; streams are kept warm by Herald's heartbeats
            }
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    /**
     * Failures the client causes (a reset, a connection closed in the middle of a request, bytes the HTTP
     * decoder cannot read) are part of serving the internet: counted and logged at DEBUG without a stack
     * trace. Anything else is a fault on this side and logged at WARN with its stack trace.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (isClientCaused(cause)) {
            countClientFailure();
            LOG.debug("Connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
        } else {
            LOG.warn("Unexpected error on connection {}, closing", ctx.channel().remoteAddress(), cause);
        }
        ctx.close();
    }

    /** A request line the decoder accepted but whose target cannot be decoded (a broken {@code %}-escape). */
    private static final class MalformedTarget extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedTarget(IllegalArgumentException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /** Once per connection: a reset after a cut-short request is one failure, not two. */
    private void countClientFailure() {
        if (!clientFailed) {
            clientFailed = true;
            server.stats().clientError();
        }
    }

    /** I/O errors, a premature close while a request was being read, and decoder failures. */
    static boolean isClientCaused(Throwable cause) {
        return cause instanceof IOException
                || cause instanceof CodecException && !(cause instanceof EncoderException);
    }
}
