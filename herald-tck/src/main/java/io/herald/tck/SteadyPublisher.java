package io.herald.tck;

import io.herald.ServerEvents;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes {@code cmd.n 1}, {@code cmd.n 2}, … to one channel at a steady pace on its own thread, so a
 * test can cut and resume a stream while events keep coming.
 */
public final class SteadyPublisher implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger published = new AtomicInteger();
    private final Thread thread;

    /**
     * @param max          stop after this many events
     * @param pauseMicros  pause between two events
     */
    public SteadyPublisher(ServerEvents events, String channel, int max, long pauseMicros) {
        thread = new Thread(() -> {
            while (running.get() && published.get() < max) {
                try {
                    events.notifyChannel(channel, "cmd.n", published.incrementAndGet());
                } catch (RuntimeException e) {
                    return;
                }
                LockSupport.parkNanos(pauseMicros * 1000);
            }
        }, "steady-publisher");
        thread.start();
    }

    public int published() {
        return published.get();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(5000);
    }
}
