package io.herald.http;

import java.util.concurrent.Executor;

/**
 * The write side of one open event stream, supplied by a transport (Netty, a servlet container, a test).
 *
 * <p>Herald calls {@link #write}, {@link #writeRaw}, {@link #flush} and {@link #close} only from
 * {@link #executor()}, a single thread that owns this connection (for Netty, the channel's event loop),
 * so implementations need no locking on the write path. {@link #pendingBytes()} and
 * {@link #pendingFrames()} may be read from that thread only as well.
 *
 * <p>Frames are appended to the connection's outbound buffer by {@code write} and reach the socket on
 * {@code flush}; Herald flushes once per batch, not once per frame.
 */
public interface EventSink {

    /** The single thread that owns this connection. Every other method is called on it. */
    Executor executor();

    /**
     * Appends one event: the line {@code id: <id>\n} followed by {@code data}, which Herald has already
     * encoded as {@code data: ...\n\n}. The same {@code data} array is shared by every recipient of a
     * message and must not be modified.
     */
    void write(long id, byte[] data);

    /**
     * The {@code id: <id>\n} line a transport puts in front of the data in {@link #write}. Built once per id
     * per thread (a fan-out writes one id to many streams in turn on the same thread) and shared: do not
     * modify the array.
     */
    static byte[] idLine(long id) {
        return IdLines.of(id);
    }

    /** Appends bytes as they are (used for the bare {@code "\n"} keep-alive). */
    void writeRaw(byte[] bytes);

    /** Sends everything appended so far to the socket. */
    void flush();

    /** Bytes appended but not yet accepted by the socket. */
    long pendingBytes();

    /** Frames appended but not yet accepted by the socket. */
    int pendingFrames();

    /** Flushes what was appended, ends the response and closes the connection. Idempotent. */
    void close();

    /** False once the connection is closed, by either side. May be read from any thread. */
    boolean isOpen();

    /**
     * Why the connection closed, if a write failed (Herald reports it to the {@code onError} hook); null when it
     * closed normally or is still open. May be read from any thread.
     */
    default Throwable failure() {
        return null;
    }

    /**
     * Runs {@code callback} once when the connection closes, whichever side closed it. If it is already
     * closed the callback runs at once. May be called from any thread.
     */
    void onClose(Runnable callback);
}
