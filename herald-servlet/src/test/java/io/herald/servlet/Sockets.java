package io.herald.servlet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** Raw-socket helpers: streams opened by hand, so a test controls exactly when (and whether) it reads. */
final class Sockets {

    private Sockets() {
    }

    /** Connects to {@code url}'s host and port and sends {@code GET <path and query of url>}. */
    static Socket openGet(String url, int receiveBuffer) throws IOException {
        URI uri = URI.create(url);
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer); // before connect, so the window is small from the start
        }
        s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        s.setSoTimeout(10_000);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /**
     * Sends {@code requestLine} (exactly as given, so it may be malformed) with a Host header and
     * {@code Connection: close}, and returns the whole response as text.
     */
    static String exchange(String baseUrl, String requestLine) throws IOException {
        URI uri = URI.create(baseUrl);
        try (Socket s = new Socket(uri.getHost(), uri.getPort())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((requestLine + "\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Reads the status line and headers; returns them as text. */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed inside the response head: " + head);
            }
            head.write(c);
            matched = (c == '\r' && (matched == 0 || matched == 2)) || (c == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads (de-chunking nothing) until {@code text} has been seen; returns everything read. */
    static String readUntil(InputStream in, String text) throws IOException {
        byte[] want = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < want.length) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before '" + text + "'; got: " + seen);
            }
            seen.write(c);
            // restart the match; good enough for the short, non-self-overlapping markers tests use
            matched = c == want[matched] ? matched + 1 : c == want[0] ? 1 : 0;
        }
        return seen.toString(StandardCharsets.UTF_8);
    }

    /** Runs {@code task} on {@code executor} and waits for its result (the EventSink contract's thread). */
    static <T> T on(Executor executor, Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }
}
