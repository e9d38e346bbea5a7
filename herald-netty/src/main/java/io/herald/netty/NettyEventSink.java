package io.herald.netty;

import io.herald.http.EventSink;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response on a Netty channel.
 *
 * <p>Frames of a batch are copied into one pooled direct buffer, which {@link #flush()} sends as a single
 * HTTP chunk: one write, one syscall and one completion listener per batch, however many frames it
 * holds. The shared {@code data} arrays are only read. Everything except {@link #isOpen()} and
 * {@link #onClose} runs on the channel's event loop (the EventSink contract), so the counters need no
 * synchronisation. Nothing here blocks: a client that stops reading just makes {@link #pendingBytes()}
 * grow, and Herald decides when to evict it.
 */
final class NettyEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(NettyEventSink.class);
    private static final byte[] ID_PREFIX = "id: ".getBytes(StandardCharsets.US_ASCII);
    private static final int MIN_BATCH_CAPACITY = 1024;

    private final Channel channel;

    private ByteBuf batch;
    private int batchFrames;
    /** Bytes and frames of batches handed to the channel whose write has not completed yet. */
    private long inFlightBytes;
    private int inFlightFrames;
    private boolean ended;
    /** The response head is on the wire. Herald may write before that (its fan-out runs on the same
     *  event loop, but can be queued ahead of the task that writes the head): hold the batch until then. */
    private boolean headWritten;
    private boolean closeWhenStarted;
    private volatile boolean closed;

    NettyEventSink(Channel channel) {
        this.channel = channel;
    }

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
        ByteBuf buf = batch(ID_PREFIX.length + 21 + data.length);
        buf.writeBytes(ID_PREFIX);
        writeDecimal(buf, id);
        buf.writeByte('\n');
        buf.writeBytes(data);
        batchFrames++;
    }

    @Override
    public void writeRaw(byte[] bytes) {
        if (closed) {
            return;
        }
        batch(bytes.length).writeBytes(bytes);
        batchFrames++;
    }

    /** Called on the event loop right after the response head was written. */
    void headWritten() {
        headWritten = true;
        if (closeWhenStarted) {
            close();
        } else {
            flush();
        }
    }

    @Override
    public void flush() {
        if (closed || batch == null || !headWritten) {
            return;
        }
        ByteBuf out = batch;
        int frames = batchFrames;
        int bytes = out.readableBytes();
        batch = null;
        batchFrames = 0;
        inFlightBytes += bytes;
        inFlightFrames += frames;
        // one listener per batch: it settles the counters and closes on a failed write
        channel.writeAndFlush(new DefaultHttpContent(out)).addListener(f -> {
            inFlightBytes -= bytes;
            inFlightFrames -= frames;
            if (!f.isSuccess()) {
                LOG.debug("Event stream write to {} failed, closing", channel.remoteAddress(), f.cause());
                channel.close();
            }
        });
    }

    @Override
    public long pendingBytes() {
        return (batch == null ? 0 : batch.readableBytes()) + inFlightBytes;
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
        if (channel.isActive()) {
            channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
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
            batch = channel.alloc().directBuffer(Math.max(MIN_BATCH_CAPACITY, needed));
        }
        return batch;
    }

    private void releaseBatch() {
        if (batch != null) {
            batch.release();
            batch = null;
            batchFrames = 0;
        }
    }

    /** Writes {@code value} in decimal without creating a String. */
    static void writeDecimal(ByteBuf buf, long value) {
        if (value < 0) {
            buf.writeCharSequence(Long.toString(value), StandardCharsets.US_ASCII);
            return;
        }
        int digits = 1;
        for (long v = value / 10; v != 0; v /= 10) {
            digits++;
        }
        buf.ensureWritable(digits);
        int end = buf.writerIndex() + digits;
        long v = value;
        for (int i = end - 1; i >= buf.writerIndex(); i--) {
            buf.setByte(i, (int) ('0' + v % 10));
            v /= 10;
        }
        buf.writerIndex(end);
    }
}
