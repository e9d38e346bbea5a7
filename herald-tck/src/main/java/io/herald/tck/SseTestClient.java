package io.herald.tck;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A raw SSE client for contract tests: opens {@code /event-stream} on a socket, keeps every byte it
 * receives, and records events in order for the test to take one by one.
 *
 * <p>Events are taken with {@link #next()} (waits up to 5 s) or {@link #nextMatching}; after a test,
 * {@link #assertNoMore(Duration)} checks nothing unexpected arrived.
 */
public final class SseTestClient implements AutoCloseable {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SseEvent CLOSED = new SseEvent(null, "", null, "<closed>", "");

    private final Socket socket;
    private final int status;
    private final Map<String, String> headers;
    private final BlockingQueue<SseEvent> events = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream raw = new ByteArrayOutputStream();
    private final List<SseEvent> taken = new ArrayList<>();
    private final Thread reader;
    private volatile boolean closed;
    private volatile boolean ended;
    private SseEvent connect;

    private SseTestClient(Socket socket, int status, Map<String, String> headers, InputStream body) {
        this.socket = socket;
        this.status = status;
        this.headers = headers;
        this.reader = new Thread(() -> readLoop(body), "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code baseUrl + pathAndQuery} (e.g. {@code /event-stream?channels=A}). */
    public static SseTestClient open(String baseUrl, String pathAndQuery) throws IOException {
        return open(baseUrl, pathAndQuery, Map.of(), null);
    }

    /**
     * Opens a stream with extra request headers (e.g. {@code Cookie}), optionally from another loopback
     * address. Returns once the status line and headers arrived; a non-200 answer is kept for
     * {@link #status()} and no events are read.
     */
    public static SseTestClient open(String baseUrl, String pathAndQuery, Map<String, String> extraHeaders,
                                     String localAddress) throws IOException {
        URI uri = URI.create(baseUrl);
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5000);
        socket.setSoTimeout(0);
        StringBuilder req = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Accept: text/event-stream\r\n");
        extraHeaders.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
        req.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(req.toString().getBytes(StandardCharsets.UTF_8));
        out.flush();
        InputStream in = socket.getInputStream();
        socket.setSoTimeout(10_000);
        String statusLine = RawHttp.readLine(in);
        if (statusLine == null) {
            socket.close();
            throw new IOException("stream closed before a status line");
        }
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = RawHttp.readHeaders(in);
        socket.setSoTimeout(0);
        InputStream body;
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            RawHttp.ChunkedReader chunks = new RawHttp.ChunkedReader(in);
            body = new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) <= 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    byte[] tmp = new byte[len];
                    int n = chunks.read(tmp);
                    if (n <= 0) {
                        return -1;
                    }
                    System.arraycopy(tmp, 0, b, off, n);
                    return n;
                }
            };
        } else {
            body = in;
        }
        return new SseTestClient(socket, status, headers, status == 200 ? body : InputStream.nullInputStream());
    }

    private void readLoop(InputStream body) {
        String id = null;
        String data = null;
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            int n;
            while ((n = body.read(buf, 0, buf.length)) > 0) {
                synchronized (raw) {
                    raw.write(buf, 0, n);
                }
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    String text = line.toString(StandardCharsets.UTF_8);
                    line.reset();
                    if (text.isEmpty()) {
                        if (data != null) {
                            events.add(SseEvent.parse(id, data));
                        }
                        id = null;
                        data = null;
                    } else if (text.startsWith("id: ")) {
                        id = text.substring(4);
                    } else if (text.startsWith("data: ")) {
                        data = text.substring(6);
                    }
                }
            }
        } catch (IOException e) {
            // the socket closed under us: the end of the stream
        } finally {
            ended = true;
            events.add(CLOSED);
        }
    }

    /** The HTTP status of the stream request. */
    public int status() {
        return status;
    }

    /** Response headers, names lower-case. */
    public Map<String, String> headers() {
        return headers;
    }

    /** Every byte of the (de-chunked) body received so far. */
    public String rawText() {
        synchronized (raw) {
            return raw.toString(StandardCharsets.UTF_8);
        }
    }

    /** The next event, waiting up to 5 s. Fails if none arrives or the stream ended. */
    public SseEvent next() {
        return next(WAIT);
    }

    /** The next event, waiting up to {@code timeout}. */
    public SseEvent next(Duration timeout) {
        SseEvent e;
        try {
            e = events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", ex);
        }
        if (e == null) {
            throw new AssertionError("no event within " + timeout + "; taken so far: " + taken);
        }
        if (e == CLOSED) {
            events.add(CLOSED);
            throw new AssertionError("stream ended; taken so far: " + taken);
        }
        taken.add(e);
        return e;
    }

    /** Skips events until one matches, waiting up to 5 s in all. */
    public SseEvent nextMatching(Predicate<SseEvent> test) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no matching event within " + WAIT + "; taken: " + taken);
            }
            SseEvent e = next(Duration.ofNanos(left));
            if (test.test(e)) {
                return e;
            }
        }
    }

    /** Skips events until {@code cmd.<name>} arrives. */
    public SseEvent nextCommand(String name) {
        return nextMatching(e -> e.is(name));
    }

    /** Reads the {@code cmd.onConnect} event (must be first) and remembers it. */
    public SseEvent expectConnect() {
        SseEvent e = next();
        if (!e.is("onConnect")) {
            throw new AssertionError("expected cmd.onConnect first, got " + e);
        }
        connect = e;
        return e;
    }

    /** The {@code cmd.onConnect} body, once {@link #expectConnect()} ran. */
    public Map<String, Object> connectInfo() {
        if (connect == null) {
            throw new IllegalStateException("expectConnect() first");
        }
        return JsonText.object(connect.body());
    }

    /** A string value of the {@code cmd.onConnect} body. */
    public String connectValue(String key) {
        Object v = connectInfo().get(key);
        return v == null ? null : v.toString();
    }

    /** The subscription id from {@code cmd.onConnect}. */
    public String subscriptionId() {
        return connectValue("id");
    }

    /** Waits {@code quiet} and fails if any event arrived (other than the stream ending when allowed). */
    public void assertNoMore(Duration quiet) {
        SseEvent e;
        try {
            e = events.poll(quiet.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return;
        }
        if (e != null && e != CLOSED) {
            throw new AssertionError("unexpected event " + e + " after " + taken);
        }
        if (e == CLOSED) {
            events.add(CLOSED);
        }
    }

    /** Takes events for {@code quiet} and fails if one of them matches. */
    public void assertNoMatching(Predicate<SseEvent> test, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            SseEvent e;
            try {
                e = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            if (e == null) {
                return;
            }
            if (e == CLOSED) {
                events.add(CLOSED);
                return;
            }
            taken.add(e);
            if (test.test(e)) {
                throw new AssertionError("unexpected event " + e + " after " + taken);
            }
        }
    }

    /** Waits until the server ends the stream. */
    public void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("stream still open after " + timeout);
            }
            try {
                reader.join(50);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Whether the server ended the stream. */
    public boolean ended() {
        return ended;
    }

    /** Events taken so far. */
    public List<SseEvent> taken() {
        return List.copyOf(taken);
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
