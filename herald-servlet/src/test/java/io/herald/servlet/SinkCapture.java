package io.herald.servlet;

import io.herald.http.EventSink;
import io.herald.http.HttpExchange;
import io.herald.http.HttpHandler;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A handler that opens a bare event stream at {@code /raw} and hands its sink to the test. */
final class SinkCapture implements HttpHandler {

    private final BlockingQueue<EventSink> sinks = new LinkedBlockingQueue<>();

    @Override
    public boolean handle(HttpExchange ex) {
        if (!ex.path().equals("/raw")) {
            return false;
        }
        sinks.add(ex.openEventStream(Map.of("Content-Type", "text/event-stream; charset=utf-8")));
        return true;
    }

    /** The sink of the next stream opened, waiting up to 5 s. */
    EventSink next() throws InterruptedException {
        EventSink sink = sinks.poll(5, TimeUnit.SECONDS);
        if (sink == null) {
            throw new AssertionError("no stream was opened at /raw within 5s");
        }
        return sink;
    }
}
