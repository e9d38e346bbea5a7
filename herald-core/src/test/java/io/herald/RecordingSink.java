package io.herald;

import io.herald.http.EventSink;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** An in-memory stream that records exactly the bytes Herald would put on the wire. */
public final class RecordingSink implements EventSink {

    private static final ExecutorService IO = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "test-io");
        t.setDaemon(true);
        return t;
    });

    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private final ByteArrayOutputStream flushed = new ByteArrayOutputStream();
    private final List<Runnable> onClose = new ArrayList<>();
    private volatile boolean open = true;
    private int pendingFrames;
    /** When true, flushed bytes stay "pending", like a client that stopped reading. */
    public volatile boolean stalled;

    @Override
    public java.util.concurrent.Executor executor() {
        return IO;
    }

    @Override
    public synchronized void write(long id, byte[] data) {
        pending.writeBytes(("id: " + id + "\n").getBytes(StandardCharsets.US_ASCII));
        pending.writeBytes(data);
        pendingFrames++;
    }

    @Override
    public synchronized void writeRaw(byte[] bytes) {
        pending.writeBytes(bytes);
    }

    @Override
    public synchronized void flush() {
        if (!stalled) {
            flushed.writeBytes(pending.toByteArray());
            pending.reset();
            pendingFrames = 0;
        }
    }

    @Override
    public synchronized long pendingBytes() {
        return pending.size();
    }

    @Override
    public synchronized int pendingFrames() {
        return pendingFrames;
    }

    @Override
    public void close() {
        List<Runnable> callbacks;
        synchronized (this) {
            if (!open) {
                return;
            }
            flush();
            open = false;
            callbacks = new ArrayList<>(onClose);
        }
        callbacks.forEach(Runnable::run);
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void onClose(Runnable callback) {
        boolean runNow;
        synchronized (this) {
            runNow = !open;
            if (open) {
                onClose.add(callback);
            }
        }
        if (runNow) {
            callback.run();
        }
    }

    /** Everything flushed so far, as text. */
    public synchronized String text() {
        return flushed.toString(StandardCharsets.UTF_8);
    }

    /** The data lines flushed so far, without the {@code data: } prefix. */
    public List<String> dataLines() {
        List<String> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.startsWith("data: ")) {
                out.add(line.substring(6));
            }
        }
        return out;
    }

    /** The ids flushed so far. */
    public List<Long> ids() {
        List<Long> out = new ArrayList<>();
        for (String line : text().split("\n")) {
            if (line.startsWith("id: ")) {
                out.add(Long.parseLong(line.substring(4)));
            }
        }
        return out;
    }
}
