package io.herald.netty;

import io.herald.http.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.unix.FileDescriptor;
import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.FastThreadLocal;
import io.netty.handler.codec.http.HttpServerCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response on a Netty channel.
 *
 * <p>Frames of a batch are copied into one pooled direct buffer, which {@link #flush()} sends as a single
 * HTTP chunk. On epoll, when nothing of this connection is queued in Netty, the chunk is written straight to the
 * socket with one {@code write(2)}: no pipeline pass, promise, listener or outbound-buffer entry per batch (the
 * floor's own cost). A batch of one frame (a fan-out's usual case: one event per stream per pass) is not copied
 * per stream at all: the sink keeps a reference to the shared {@code data}, and the flush writes from one direct
 * buffer per event loop that holds the framed chunk of the last such frame, built once for every stream that
 * gets the same event. What the socket does not take, and everything on other transports, goes through the
 * pipeline with one completion listener per batch, which keeps {@link #pendingBytes()} and
 * {@link #pendingFrames()} true. The shared {@code data} arrays are only read. Everything except {@link #isOpen()} and
 * {@link #onClose} runs on the channel's event loop (the EventSink contract), so the counters need no
 * synchronisation. Nothing here blocks: a client that stops reading just makes {@link #pendingBytes()}
 * grow, and Herald decides when to evict it.
 */
final class NettyEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(NettyEventSink.class);
    private static final int MIN_BATCH_CAPACITY = 1024;
    /** Room kept at the front of every batch for its chunk header: up to 8 hex digits and CRLF. */
    private static final int CHUNK_HEAD = 10;
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEX = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Channel channel;
    /** The socket, for writing batches straight to it (epoll only; null on other transports). */
    private final FileDescriptor fd;
    private volatile Throwable failure;

    private ByteBuf batch;
    private int batchFrames;
    /** The batch's only frame, held by reference while it is the only one (then {@code batch} is null). */
    private byte[] soleData;
    private long soleId;
    /** Bytes and frames of batches handed to the channel whose write has not completed yet. */
    private long inFlightBytes;
    private int inFlightFrames;
    private boolean ended;
    /** The response head is on the wire. Herald may write before that (its fan-out runs on the same
     *  event loop, but can be queued ahead of the task that writes the head): hold the batch until then. */
    private boolean headWritten;
    private boolean chunked;
    private boolean closeWhenStarted;
    private volatile boolean closed;

    NettyEventSink(Channel channel) {
        this.channel = channel;
        this.fd = channel instanceof EpollSocketChannel epoll && DIRECT_WRITES ? epoll.fd() : null;
    }

    /** {@code -Dherald.netty.directWrites=false} sends every batch through the pipeline instead. */
    private static final boolean DIRECT_WRITES = !"false".equals(System.getProperty("herald.netty.directWrites"));

    Channel channel() {
        return channel;
    }

    @Override
    public Executor executor() {
        return channel.eventLoop();
    }

    @Override
    public void write(long id, byte[] data) {
        if (closed) {
            return;
        }
        if (fd != null && batch == null && soleData == null && data.length <= SharedFrame.MAX_DATA) {
            soleId = id;
            soleData = data;
            batchFrames++;
            return;
        }
        holdSoleFrameInBatch();
        copyIntoBatch(id, data);
        batchFrames++;
    }

    private void copyIntoBatch(long id, byte[] data) {
        byte[] idLine = EventSink.idLine(id);
        ByteBuf buf = batch(idLine.length + data.length);
        buf.writeBytes(idLine);
        buf.writeBytes(data);
    }

    /** A second frame joins the batch: the first one, held by reference so far, is copied in ahead of it. */
    private void holdSoleFrameInBatch() {
        if (soleData != null) {
            byte[] data = soleData;
            soleData = null;
            copyIntoBatch(soleId, data);
        }
    }

    @Override
    public void writeRaw(byte[] bytes) {
        if (closed) {
            return;
        }
        holdSoleFrameInBatch();
        batch(bytes.length).writeBytes(bytes);
        batchFrames++;
    }

    /**
     * Called on the event loop right after the response head was written. From here on this stream is
     * the only thing the connection carries, so the HTTP encoder steps aside: batches go out already
     * framed as chunks (saves an allocation and an encoder pass per chunk).
     */
    void headWritten(boolean chunkedEncoding) {
        headWritten = true;
        chunked = chunkedEncoding;
        HttpServerCodec codec = channel.pipeline().get(HttpServerCodec.class);
        if (codec != null) {
            codec.removeOutboundHandler();
        }
        if (batch != null && chunked) { // frames written before the head: move them behind a header slot
            ByteBuf framed = channel.alloc().directBuffer(CHUNK_HEAD + batch.readableBytes() + 2);
            framed.writerIndex(CHUNK_HEAD).readerIndex(CHUNK_HEAD);
            framed.writeBytes(batch);
            batch.release();
            batch = framed;
        }
        if (closeWhenStarted) {
            close();
        } else {
            flush();
        }
    }

    @Override
    public void flush() {
        if (closed || !headWritten) {
            return;
        }
        if (soleData != null) {
            flushSoleFrame();
            return;
        }
        if (batch == null) {
            return;
        }
        ByteBuf out = batch;
        int frames = batchFrames;
        batch = null;
        batchFrames = 0;
        if (chunked) {
            frameAsChunk(out, out.readableBytes());
        }
        if (fd != null && inFlightBytes == 0 && out.hasMemoryAddress() && nothingQueued()) {
            // The common case: nothing waits before this batch, so it goes to the socket now, in one write(2),
            // with no pipeline pass, promise or listener. Whatever the socket does not take goes the usual way.
            try {
                int written = fd.writeAddress(out.memoryAddress(), out.readerIndex(), out.writerIndex());
                if (written == out.readableBytes()) {
                    out.release();
                    return;
                }
                out.skipBytes(Math.max(0, written));
            } catch (IOException e) {
                out.release();
                fail(e);
                return;
            }
        }
        send(out, frames);
    }

    /**
     * Sends a batch of one frame from the event loop's shared framed copy: straight to the socket when nothing is
     * queued, else (or for what the socket does not take) through the pipeline from a copy of its own.
     */
    private void flushSoleFrame() {
        ByteBuf framed = SharedFrame.of(soleId, soleData, chunked);
        soleData = null;
        batchFrames = 0;
        int from = framed.readerIndex();
        if (inFlightBytes == 0 && framed.hasMemoryAddress() && nothingQueued()) {
            try {
                int written = fd.writeAddress(framed.memoryAddress(), from, framed.writerIndex());
                if (written == framed.readableBytes()) {
                    return;
                }
                from += Math.max(0, written);
            } catch (IOException e) {
                fail(e);
                return;
            }
        }
        int rest = framed.writerIndex() - from;
        send(channel.alloc().directBuffer(rest).writeBytes(framed, from, rest), 1);
    }

    private void send(ByteBuf out, int frames) {
        int bytes = out.readableBytes();
        inFlightBytes += bytes;
        inFlightFrames += frames;
        // one listener per batch: it settles the counters and closes on a failed write
        channel.writeAndFlush(out).addListener(f -> {
            inFlightBytes -= bytes;
            inFlightFrames -= frames;
            if (!f.isSuccess()) {
                fail(f.cause());
            }
        });
    }

    /** Whether Netty holds no bytes of this connection that are not on the socket yet. */
    private boolean nothingQueued() {
        ChannelOutboundBuffer queued = channel.unsafe().outboundBuffer();
        return queued != null && queued.totalPendingWriteBytes() == 0;
    }

    private void fail(Throwable cause) {
        failure = cause;
        LOG.debug("Event stream write to {} failed, closing: {}", channel.remoteAddress(), cause.toString());
        channel.close();
    }

    @Override
    public Throwable failure() {
        return failure;
    }

    @Override
    public long pendingBytes() {
        long held = soleData == null ? 0 : EventSink.idLine(soleId).length + soleData.length;
        return (batch == null ? 0 : batch.readableBytes()) + held + inFlightBytes;
    }

    @Override
    public int pendingFrames() {
        return batchFrames + inFlightFrames;
    }

    @Override
    public void close() {
        if (ended) {
            return;
        }
        if (!headWritten && channel.isActive()) {
            closeWhenStarted = true; // end the response properly once its head is out
            return;
        }
        flush();
        ended = true;
        closed = true;
        releaseBatch();
        if (channel.isActive() && headWritten) {
            ByteBuf end = chunked ? Unpooled.wrappedBuffer(LAST_CHUNK) : Unpooled.EMPTY_BUFFER;
            channel.writeAndFlush(end).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    @Override
    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    @Override
    public void onClose(Runnable callback) {
        channel.closeFuture().addListener(f -> {
            try {
                callback.run();
            } catch (RuntimeException e) {
                LOG.warn("Event stream onClose callback failed", e);
            }
        });
    }

    /** Called by the channel handler on the event loop when the connection is gone. */
    void channelClosed() {
        closed = true;
        ended = true;
        releaseBatch();
    }

    private ByteBuf batch(int needed) {
        if (batch == null) {
            batch = channel.alloc().directBuffer(Math.max(MIN_BATCH_CAPACITY, needed + CHUNK_HEAD + 2));
            if (chunked) {
                batch.writerIndex(CHUNK_HEAD).readerIndex(CHUNK_HEAD);
            }
        }
        return batch;
    }

    /** Writes {@code <hex length>\r\n} into the room before the data and {@code \r\n} after it. */
    private static void frameAsChunk(ByteBuf buf, int length) {
        int digits = 1;
        for (int v = length >>> 4; v != 0; v >>>= 4) {
            digits++;
        }
        int start = buf.readerIndex() - digits - 2;
        for (int i = 0, shift = (digits - 1) * 4; i < digits; i++, shift -= 4) {
            buf.setByte(start + i, HEX[(length >>> shift) & 0xf]);
        }
        buf.setByte(start + digits, '\r');
        buf.setByte(start + digits + 1, '\n');
        buf.readerIndex(start);
        buf.writeByte('\r').writeByte('\n');
    }

    private void releaseBatch() {
        soleData = null;
        batchFrames = 0;
        if (batch != null) {
            batch.release();
            batch = null;
        }
    }

    /**
     * The framed chunk of the last one-frame batch flushed on this event loop ({@code [chunk head] id line, data
     * [CRLF]}), in a direct buffer of the loop's own: a fan-out flushes the same event to every stream in turn, so
     * it is built once per event and written to each socket from here. Keyed by the data array's identity (the
     * arrays are never changed once written), the id and the chunking. Frames larger than {@link #MAX_DATA} are
     * copied per stream as before, so the buffer stays small.
     */
    private static final class SharedFrame {
        static final int MAX_DATA = 32 * 1024;
        private static final FastThreadLocal<SharedFrame> LAST = new FastThreadLocal<>() {
            @Override
            protected SharedFrame initialValue() {
                return new SharedFrame();
            }

            @Override
            protected void onRemoval(SharedFrame frame) {
                frame.buf.release();
            }
        };

        private final ByteBuf buf = Unpooled.directBuffer(CHUNK_HEAD + 32 + MAX_DATA + 2);
        private long id;
        private byte[] data;
        private boolean chunked;

        /** The framed bytes, between the buffer's reader and writer index; the caller must not move either. */
        static ByteBuf of(long id, byte[] data, boolean chunked) {
            SharedFrame f = LAST.get();
            if (f.data != data || f.id != id || f.chunked != chunked) {
                f.data = null; // stays invalid if building fails
                byte[] idLine = EventSink.idLine(id);
                f.buf.clear().writerIndex(CHUNK_HEAD).readerIndex(CHUNK_HEAD);
                f.buf.writeBytes(idLine).writeBytes(data);
                if (chunked) {
                    frameAsChunk(f.buf, idLine.length + data.length);
                }
                f.id = id;
                f.chunked = chunked;
                f.data = data;
            }
            return f.buf;
        }
    }
}
