package io.herald.servlet;

import io.herald.http.EventSink;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@code text/event-stream} response, written with non-blocking servlet I/O.
 *
 * <p>Herald calls {@link #write}, {@link #flush} and {@link #close} on {@link #executor()}, one of the
 * servlet's stream threads; every touch of the output stream happens there too. The container's callbacks
 * ({@link WriteListener}, {@link AsyncListener}, {@link ReadListener}) only hop onto that thread, except
 * that a failed or finished connection is marked closed at once (a volatile flag) so Herald stops writing
 * without waiting for a queued task.
 *
 * <p>Each Herald batch becomes one array handed to the container in one {@code write} followed by one
 * {@code flush}. While {@code isReady()} is false, batches wait in a queue here and the container calls
 * {@code onWritePossible} when the socket drains; {@link #pendingBytes()} counts the queue plus the last
 * write the container has not finished, so Herald's slow-client eviction sees exactly what the client has
 * not taken. No thread ever blocks on a slow client.
 */
final class ServletEventSink implements EventSink {

    private static final Logger LOG = LoggerFactory.getLogger(ServletEventSink.class);

    /** Queued batches are merged into writes of at most this size when the client falls behind. */
    private static final int MAX_MERGED_WRITE = 64 * 1024;
    private static final int MIN_BATCH_CAPACITY = 512;
    /** What an idle stream is probed with: an empty line, which SSE clients (and ServiceStack's) skip. */
    private static final byte[] NOP = {'\n'};

    private final AsyncContext async;
    private final ServletOutputStream out;
    private final StreamThreads.StreamThread executor;
    private final String peer;

    // ---- touched on the executor only ----
    private byte[] batch = new byte[MIN_BATCH_CAPACITY];
    private int batchLength;
    private int batchFrames;
    private final ArrayDeque<Chunk> queue = new ArrayDeque<>();
    private long queuedBytes;
    private int queuedFrames;
    /** The last write handed to the container, until {@code isReady()} says it went out. */
    private long inFlightBytes;
    private int inFlightFrames;
    /** The container has called {@code onWritePossible} once: from then on we may write. */
    private boolean writable;
    /** The status line and headers are committed by the first flush. */
    private boolean needsFlush = true;
    private boolean closeRequested;
    /** When bytes last went to the container; idle streams are probed to find clients that hung up. */
    private long lastWriteNanos = System.nanoTime();
    /** Herald wrote its first frame: probes never go ahead of {@code cmd.onConnect}. */
    private boolean started;

    // ---- any thread ----
    /**
     * Held around every use of {@code out} and {@code async}, and by the container's callbacks that end the cycle:
     * a container recycles the request and response (and their streams) for another connection once those
     * callbacks return, so a stream thread must never be half-way through a write or a complete() then. (Tomcat
     * showed it: now and then a fresh stream got its connection closed with nothing written.)
     */
    private final Object io = new Object();
    /** No more writes: Herald closed it, or the connection failed or finished. */
    private volatile boolean closed;
    /** The async cycle is over (completed by us or the container): the output stream must not be touched. */
    private volatile boolean ended;
    private final List<Runnable> closeCallbacks = new ArrayList<>();
    private boolean callbacksRan; // guarded by closeCallbacks

    private record Chunk(byte[] bytes, int frames) {
    }

    private ServletEventSink(AsyncContext async, ServletOutputStream out, StreamThreads.StreamThread executor,
                             String peer) {
        this.async = async;
        this.out = out;
        this.executor = executor;
        this.peer = peer;
    }

    /**
     * Wires a sink to a started async cycle: the output stream goes non-blocking, the async listener
     * catches errors and completion, and the input is watched in case the container reports a hang-up
     * there. Must be called on the container thread that started the cycle.
     */
    static ServletEventSink attach(AsyncContext async, StreamThreads.StreamThread executor, String peer)
            throws IOException {
        ServletOutputStream out = async.getResponse().getOutputStream();
        ServletEventSink sink = new ServletEventSink(async, out, executor, peer);
        async.addListener(sink.new Lifecycle());
        out.setWriteListener(sink.new Writes());
        ServletInputStream in = async.getRequest().getInputStream();
        try {
            in.setReadListener(sink.new Reads(in));
        } catch (IllegalStateException alreadyRead) {
            // the body was read already (blocking); the write side still notices a dead peer
            LOG.debug("Could not watch the input of the stream to {}: {}", peer, alreadyRead.toString());
        }
        return sink;
    }

    @Override
    public Executor executor() {
        return executor;
    }

    @Override
    public void write(long id, byte[] data) {
        if (closed) {
            return;
        }
        started = true;
        byte[] idLine = EventSink.idLine(id);
        append(idLine, idLine.length + data.length);
        System.arraycopy(data, 0, batch, batchLength, data.length);
        batchLength += data.length;
        batchFrames++;
    }

    @Override
    public void writeRaw(byte[] bytes) {
        if (closed) {
            return;
        }
        append(bytes, bytes.length);
        batchFrames++;
    }

    /** Appends {@code head} to the batch, making room for {@code total} bytes in all. */
    private void append(byte[] head, int total) {
        if (batchLength + total > batch.length) {
            batch = Arrays.copyOf(batch, Math.max(batch.length * 2, batchLength + total));
        }
        System.arraycopy(head, 0, batch, batchLength, head.length);
        batchLength += head.length;
    }

    @Override
    public void flush() {
        if (closed) {
            return;
        }
        queueBatch();
        drain();
    }

    @Override
    public long pendingBytes() {
        return batchLength + queuedBytes + inFlightBytes;
    }

    @Override
    public int pendingFrames() {
        return batchFrames + queuedFrames + inFlightFrames;
    }

    /**
     * Sends what is queued and completes the response. When the client cannot take data right now (the
     * usual reason to close is that it fell too far behind), the queue is dropped and the response is
     * completed at once; the container finishes or abandons its last write on its own timeouts.
     */
    @Override
    public void close() {
        if (!executor.inThread()) {
            // core closes a stream it could not register from the request thread: move it where it belongs
            closed = true;
            hop(this::close);
            return;
        }
        if (closeRequested || ended) {
            return;
        }
        queueBatch();
        closeRequested = true;
        closed = true;
        if (!writable) {
            return; // the first onWritePossible drains the queue and completes
        }
        synchronized (io) {
            if (ended) {
                return;
            }
            boolean ready;
            try {
                ready = out.isReady();
            } catch (RuntimeException e) {
                ready = false;
            }
            if (ready) {
                drain();
            } else {
                complete();
            }
        }
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void onClose(Runnable callback) {
        boolean runNow;
        synchronized (closeCallbacks) {
            runNow = callbacksRan;
            if (!runNow) {
                closeCallbacks.add(callback);
            }
        }
        if (runNow) {
            run(callback);
        }
    }

    /**
     * Writes an empty line when nothing went out for {@code idleNanos} and nothing is waiting (executor
     * thread). A client that hung up makes this write, or the next one, fail, which ends the stream:
     * containers do not notice the hang-up otherwise.
     */
    void probeIfIdle(long now, long idleNanos) {
        if (closed || !writable || !started || batchLength > 0 || !queue.isEmpty() || inFlightBytes > 0
                || now - lastWriteNanos < idleNanos) {
            return;
        }
        writeRaw(NOP);
        flush();
    }

    private void queueBatch() {
        if (batchLength == 0 && batchFrames == 0) {
            return;
        }
        queue.add(new Chunk(Arrays.copyOf(batch, batchLength), batchFrames));
        queuedBytes += batchLength;
        queuedFrames += batchFrames;
        if (batch.length > 16 * MIN_BATCH_CAPACITY) {
            batch = new byte[MIN_BATCH_CAPACITY]; // a burst made it big: do not keep that per stream
        }
        batchLength = 0;
        batchFrames = 0;
    }

    /** Writes queued batches while the container can take them (executor thread). */
    private void drain() {
        synchronized (io) {
            drainLocked();
        }
    }

    private void drainLocked() {
        if (!writable || ended) {
            return;
        }
        try {
            while (!ended) {
                if (!out.isReady()) {
                    return; // the container calls onWritePossible once the socket drains
                }
                inFlightBytes = 0;
                inFlightFrames = 0;
                if (needsFlush) {
                    needsFlush = false;
                    out.flush();
                    continue;
                }
                Chunk next = nextWrite();
                if (next == null) {
                    if (closeRequested) {
                        complete();
                    }
                    return;
                }
                out.write(next.bytes);
                lastWriteNanos = System.nanoTime();
                inFlightBytes = next.bytes.length;
                inFlightFrames = next.frames;
                needsFlush = true;
            }
        } catch (IOException | RuntimeException e) {
            // RuntimeException too: a container may throw IllegalStateException or worse once it ended the cycle
            connectionLost(e);
        }
    }

    /** The next batch, merged with the ones behind it (up to a limit) when the client fell behind. */
    private Chunk nextWrite() {
        Chunk first = queue.poll();
        if (first == null) {
            return null;
        }
        Chunk out = first;
        if (!queue.isEmpty() && first.bytes.length < MAX_MERGED_WRITE) {
            int length = first.bytes.length;
            int frames = first.frames;
            int count = 1;
            for (Chunk c : queue) {
                if (length + c.bytes.length > MAX_MERGED_WRITE) {
                    break;
                }
                length += c.bytes.length;
                frames += c.frames;
                count++;
            }
            if (count > 1) {
                byte[] merged = Arrays.copyOf(first.bytes, length);
                int at = first.bytes.length;
                for (int i = 1; i < count; i++) {
                    Chunk c = queue.poll();
                    System.arraycopy(c.bytes, 0, merged, at, c.bytes.length);
                    at += c.bytes.length;
                }
                out = new Chunk(merged, frames);
            }
        }
        queuedBytes -= out.bytes.length;
        queuedFrames -= out.frames;
        return out;
    }

    /** Ends the async cycle (executor thread). */
    private void complete() {
        synchronized (io) {
            if (ended) {
                return;
            }
            ended = true;
            closed = true;
            dropQueue();
            try {
                async.complete();
            } catch (RuntimeException e) {
                LOG.debug("Completing the stream to {} failed (the container ended it first): {}", peer, e.toString());
            }
        }
        runCallbacks();
    }

    /** The connection failed or the container ended the cycle (any thread). */
    private void connectionLost(Throwable cause) {
        boolean first = !closed;
        closed = true;
        if (first && cause != null) {
            LOG.debug("Event stream to {} ended: {}", peer, cause.toString());
        }
        synchronized (io) {
            if (!ended) {
                ended = true;
                try {
                    async.complete();
                } catch (RuntimeException e) {
                    LOG.trace("complete() after the connection to {} was lost: {}", peer, e.toString());
                }
            }
        }
        runCallbacks();
        hop(this::dropQueue);
    }

    private void dropQueue() {
        queue.clear();
        queuedBytes = 0;
        queuedFrames = 0;
        inFlightBytes = 0;
        inFlightFrames = 0;
        batchLength = 0;
        batchFrames = 0;
    }

    private void runCallbacks() {
        List<Runnable> toRun;
        synchronized (closeCallbacks) {
            if (callbacksRan) {
                return;
            }
            callbacksRan = true;
            toRun = new ArrayList<>(closeCallbacks);
            closeCallbacks.clear();
        }
        toRun.forEach(ServletEventSink::run);
    }

    private static void run(Runnable callback) {
        try {
            callback.run();
        } catch (RuntimeException e) {
            LOG.warn("Event stream onClose callback failed", e);
        }
    }

    /** Runs {@code task} on the stream's thread; when the executors are gone (shutdown), not at all. */
    private void hop(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.trace("Stream executor rejected a task for {} (shutting down)", peer);
        }
    }

    /** The container lets us write (first time: the cycle is set up; later: the socket drained). */
    private final class Writes implements WriteListener {
        @Override
        public void onWritePossible() {
            hop(() -> {
                writable = true;
                drain();
            });
        }

        @Override
        public void onError(Throwable t) {
            connectionLost(t);
        }
    }

    /** Errors (a client that went away, a container shutting down) and the end of the cycle. */
    private final class Lifecycle implements AsyncListener {
        @Override
        public void onComplete(AsyncEvent event) {
            synchronized (io) { // a stream thread may be writing: the container recycles the response after this
                ended = true;
                closed = true;
            }
            runCallbacks();
            hop(ServletEventSink.this::dropQueue);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // the timeout is set to none; a container that times out anyway gets the cycle ended cleanly
            connectionLost(event.getThrowable());
        }

        @Override
        public void onError(AsyncEvent event) {
            connectionLost(event.getThrowable());
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // not restarted
        }
    }

    /**
     * Watches the request input: an event-stream client sends nothing after its request, so an error here
     * means it is gone. A container that keeps reading reports a hang-up this way; Jetty 12.1 and Tomcat
     * 11.0 do not for a GET without a body (its input is finished at once), hence the idle probes.
     */
    private final class Reads implements ReadListener {
        private final ServletInputStream in;
        private final byte[] scratch = new byte[256];

        Reads(ServletInputStream in) {
            this.in = in;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                if (in.read(scratch) < 0) {
                    break;
                }
            }
        }

        @Override
        public void onAllDataRead() {
            // the request had no body (or it was read): nothing to do until an error
        }

        @Override
        public void onError(Throwable t) {
            connectionLost(t);
        }
    }
}
