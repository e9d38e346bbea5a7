package io.herald.redis.tck;

import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Takes every event of an open stream on its own thread, noting when each arrived, so a test can look at
 * the stream while events keep coming. The client must not be read by anyone else once this started.
 */
final class StreamRecorder implements AutoCloseable {

    /** An event and when it was taken off the stream (System.nanoTime). */
    record Arrival(SseEvent event, long nanos) {
    }

    private final String name;
    private final SseTestClient client;
    private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    StreamRecorder(String name, SseTestClient client) {
        this.name = name;
        this.client = client;
        this.thread = new Thread(this::run, "stream-recorder-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running.get()) {
            try {
                SseEvent e = client.next(Duration.ofMillis(200));
                arrivals.add(new Arrival(e, System.nanoTime()));
            } catch (AssertionError nothingYetOrEnded) {
                if (client.ended()) {
                    return;
                }
            }
        }
    }

    String name() {
        return name;
    }

    SseTestClient client() {
        return client;
    }

    /** Everything taken so far, in order. */
    List<Arrival> arrivals() {
        return new ArrayList<>(arrivals);
    }

    /** The {@code cmd.chat} events to {@code channel} taken so far, in order. */
    List<Arrival> chats(String channel) {
        List<Arrival> out = new ArrayList<>();
        for (Arrival a : arrivals) {
            if (a.event().is("chat") && channel.equals(a.event().channel())) {
                out.add(a);
            }
        }
        return out;
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}
