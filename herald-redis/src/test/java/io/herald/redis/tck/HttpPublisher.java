package io.herald.redis.tck;

import io.herald.tck.RawHttp;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Publishes over real HTTP at a steady pace, one request at a time: message {@code n<k>} for k = 1, 2, ...,
 * sent to the targets in turn, recording every answer with when it was sent and received. One request at a
 * time, so the order of the acknowledged messages is the order they were published in.
 */
final class HttpPublisher implements AutoCloseable {

    /** Where a message goes: a route's URL on server {@code name}, and the JSON body for message {@code n<k>}. */
    record Target(String name, String url, String senderId) {
        String body(int k) {
            return "{\"from\":\"" + senderId + "\",\"message\":\"n" + k + "\"}";
        }
    }

    /** One publish and its answer ({@code status} -1 if the request itself failed, with {@code error}). */
    record Attempt(int k, String target, long sentNanos, long answeredNanos, int status, String reason,
                   String retryAfter, String body, String error) {
        boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return "n" + k + "@" + target + " -> " + status + " " + reason + " (Retry-After " + retryAfter + ") " + body
                    + (error == null ? "" : " error " + error);
        }
    }

    private final List<Target> targets;
    private final long periodNanos;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    HttpPublisher(List<Target> targets, int perSecond) {
        this.targets = List.copyOf(targets);
        this.periodNanos = TimeUnit.SECONDS.toNanos(1) / perSecond;
        this.thread = new Thread(this::run, "http-publisher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        long next = System.nanoTime();
        for (int k = 1; running.get(); k++) {
            Target t = targets.get(k % targets.size());
            long sent = System.nanoTime();
            Attempt a;
            try {
                RawHttp.Response r = RawHttp.post(t.url(), "application/json", t.body(k));
                a = new Attempt(k, t.name(), sent, System.nanoTime(), r.status(), r.reason(), r.header("Retry-After"),
                        r.text(), null);
            } catch (IOException | RuntimeException e) {
                a = new Attempt(k, t.name(), sent, System.nanoTime(), -1, "", null, "", e.toString());
            }
            attempts.add(a);
            next += periodNanos;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait); // pacing the load, not waiting for anything
            } else {
                next = System.nanoTime(); // fell behind (slow answers): go on at the pace from here
            }
        }
    }

    /** Every answer so far, in order. */
    List<Attempt> attempts() {
        return List.copyOf(attempts);
    }

    List<Attempt> matching(Predicate<Attempt> test) {
        List<Attempt> out = new ArrayList<>();
        for (Attempt a : attempts) {
            if (test.test(a)) {
                out.add(a);
            }
        }
        return out;
    }

    /** Stops after the request in flight, and waits for it. */
    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
