package io.herald.netty;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.http.EventSink;
import io.herald.http.HttpHandler;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventStreamIT {

    private static final Map<String, String> SSE_HEADERS = Map.of(
            "Content-Type", "text/event-stream",
            "Cache-Control", "no-cache",
            "X-Accel-Buffering", "no");

    private final BlockingQueue<EventSink> sinks = new LinkedBlockingQueue<>();
    private HeraldServer server;
    private int port;

    @BeforeEach
    void start() {
        HttpHandler streams = ex -> {
            if (!ex.path().equals("/event-stream")) {
                return false;
            }
            sinks.add(ex.openEventStream(SSE_HEADERS));
            return true;
        };
        server = configure(HeraldServer.builder()).host("127.0.0.1").port(0).handler(streams).build();
        port = server.start();
    }

    /** Subclasses run the same tests on another transport. */
    HeraldServer.Builder configure(HeraldServer.Builder builder) {
        return builder;
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private EventSink nextSink() throws InterruptedException {
        EventSink sink = sinks.poll(10, TimeUnit.SECONDS);
        assertThat(sink).as("an event stream was opened").isNotNull();
        return sink;
    }

    private static void onLoop(EventSink sink, Runnable action) throws Exception {
        CompletableFuture.runAsync(action, sink.executor()).get(10, TimeUnit.SECONDS);
    }

    private static <T> T onLoop(EventSink sink, Supplier<T> action) throws Exception {
        return CompletableFuture.supplyAsync(action, sink.executor()).get(10, TimeUnit.SECONDS);
    }

    private static Socket openStream(int port) throws Exception {
        Socket s = RawHttp.connect(port);
        s.getOutputStream().write(("GET /event-stream?channels=home HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\nAccept-Encoding: gzip, deflate\r\n\r\n").getBytes(US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static String chunk(String content) {
        return Integer.toHexString(content.getBytes(UTF_8).length) + "\r\n" + content + "\r\n";
    }

    @Test
    void headersArriveFirstThenEventsAsExactChunkedBytes() throws Exception {
        try (Socket s = openStream(port)) {
            InputStream in = s.getInputStream();
            EventSink sink = nextSink();
            String head = RawHttp.readHead(in); // nothing has been written to the sink yet
            assertThat(head).startsWith("HTTP/1.1 200 OK\r\n");
            String lower = head.toLowerCase();
            assertThat(lower).contains("content-type: text/event-stream\r\n")
                    .contains("cache-control: no-cache\r\n")
                    .contains("x-accel-buffering: no\r\n")
                    .contains("transfer-encoding: chunked\r\n")
                    .doesNotContain("content-length")
                    .doesNotContain("content-encoding");

            byte[] data = "data: x@cmd.y {}\n\n".getBytes(UTF_8);
            byte[] copy = data.clone();
            onLoop(sink, () -> {
                sink.write(7, data);
                sink.flush();
            });
            String expected = chunk("id: 7\ndata: x@cmd.y {}\n\n");
            assertThat(new String(RawHttp.readExactly(in, expected.length()), UTF_8)).isEqualTo(expected);
            assertThat(data).as("shared data is never modified").isEqualTo(copy);

            // a batch of several frames plus a raw keep-alive goes out as one chunk on one flush
            onLoop(sink, () -> {
                sink.write(8, "data: a {}\n\n".getBytes(UTF_8));
                sink.write(1234567890123L, "data: b \"ü\"\n\n".getBytes(UTF_8));
                sink.writeRaw("\n".getBytes(UTF_8));
                sink.flush();
            });
            String batch = chunk("id: 8\ndata: a {}\n\nid: 1234567890123\ndata: b \"ü\"\n\n\n");
            assertThat(new String(RawHttp.readExactly(in, batch.getBytes(UTF_8).length), UTF_8)).isEqualTo(batch);

            // close ends the chunked body and the connection
            onLoop(sink, sink::close);
            assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("0\r\n\r\n");
            await().atMost(Duration.ofSeconds(5)).until(() -> !sink.isOpen());
        }
    }

    @Test
    void nothingReachesTheSocketBeforeFlush() throws Exception {
        try (Socket s = openStream(port)) {
            InputStream in = s.getInputStream();
            EventSink sink = nextSink();
            RawHttp.readHead(in);
            int pending = onLoop(sink, () -> {
                sink.write(1, "data: one {}\n\n".getBytes(UTF_8));
                sink.write(2, "data: two {}\n\n".getBytes(UTF_8));
                return sink.pendingFrames();
            });
            assertThat(pending).isEqualTo(2);
            assertThat(onLoop(sink, sink::pendingBytes)).isEqualTo(2L * "id: 1\ndata: one {}\n\n".length());
            assertThat(in.available()).isZero();
            onLoop(sink, sink::flush);
            String expected = chunk("id: 1\ndata: one {}\n\nid: 2\ndata: two {}\n\n");
            assertThat(new String(RawHttp.readExactly(in, expected.length()), UTF_8)).isEqualTo(expected);
            await().atMost(Duration.ofSeconds(5)).until(() -> onLoop(sink, sink::pendingFrames) == 0
                    && onLoop(sink, sink::pendingBytes) == 0L);
        }
    }

    @Test
    void jdkHttpClientGetsHeadersBeforeAnyEventAndReadsEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.baseUrl() + "/event-stream?channels=a")).build();
        HttpResponse<InputStream> res = client.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        EventSink sink = nextSink();
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(res.headers().firstValue("content-length")).isEmpty();
        onLoop(sink, () -> {
            sink.write(1, "data: cmd.onConnect {\"id\":\"x\"}\n\n".getBytes(UTF_8));
            sink.flush();
        });
        try (InputStream body = res.body()) {
            String expected = "id: 1\ndata: cmd.onConnect {\"id\":\"x\"}\n\n";
            assertThat(new String(RawHttp.readExactly(body, expected.length()), UTF_8)).isEqualTo(expected);
        }
    }

    @Test
    void clientDisconnectRunsOnCloseCallbacks() throws Exception {
        CountDownLatch closed = new CountDownLatch(2);
        EventSink sink;
        try (Socket s = openStream(port)) {
            sink = nextSink();
            RawHttp.readHead(s.getInputStream());
            sink.onClose(closed::countDown);
            sink.onClose(closed::countDown);
            assertThat(sink.isOpen()).isTrue();
            assertThat(server.openStreamCount()).isEqualTo(1);
        }
        assertThat(closed.await(10, TimeUnit.SECONDS)).as("onClose ran after the client left").isTrue();
        assertThat(sink.isOpen()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.openStreamCount() == 0);

        // registering after the close runs the callback at once; writes are ignored, not thrown
        CountDownLatch late = new CountDownLatch(1);
        sink.onClose(late::countDown);
        assertThat(late.await(5, TimeUnit.SECONDS)).isTrue();
        onLoop(sink, () -> {
            sink.write(1, "data: x {}\n\n".getBytes(UTF_8));
            sink.flush();
        });
        assertThat(onLoop(sink, sink::pendingBytes)).isZero();
    }

    @Test
    void pendingBytesGrowForAClientThatDoesNotReadWhileOthersKeepFlowing() throws Exception {
        Socket stuck = new Socket();
        stuck.setReceiveBufferSize(4096);
        stuck.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        stuck.getOutputStream().write(("GET /event-stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));
        EventSink slow = nextSink();
        try (Socket healthy = openStream(port)) {
            EventSink fast = nextSink();
            InputStream in = healthy.getInputStream();
            RawHttp.readHead(in);

            byte[] big = new byte[64 * 1024];
            Arrays.fill(big, (byte) 'x');
            long[] id = {0};
            // keep writing to the stuck client; its socket buffers fill and the rest stays pending
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> onLoop(slow, () -> {
                for (int i = 0; i < 4; i++) {
                    slow.write(++id[0], big);
                }
                slow.flush();
                return slow.pendingBytes();
            }) > 2L * 1024 * 1024);
            assertThat(onLoop(slow, slow::pendingFrames)).isPositive();
            assertThat(slow.isOpen()).isTrue();

            onLoop(fast, () -> {
                fast.write(1, "data: still flowing {}\n\n".getBytes(UTF_8));
                fast.flush();
            });
            String expected = chunk("id: 1\ndata: still flowing {}\n\n");
            assertThat(new String(RawHttp.readExactly(in, expected.length()), UTF_8)).isEqualTo(expected);
            assertThat(onLoop(fast, fast::pendingBytes)).isZero();
        } finally {
            stuck.close();
        }
        // Herald would evict here; closing frees everything that was pending
        await().atMost(Duration.ofSeconds(10)).until(() -> !slow.isOpen());
        onLoop(slow, slow::close);
        await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(slow, slow::pendingBytes) == 0L);
    }

    @Test
    void manyStreamsEachGetEveryBatchIntact() throws Exception {
        int streams = 40;
        int batches = 25;
        Socket[] sockets = new Socket[streams];
        EventSink[] sinks = new EventSink[streams];
        try {
            for (int i = 0; i < streams; i++) {
                sockets[i] = openStream(port);
                sinks[i] = nextSink();
                RawHttp.readHead(sockets[i].getInputStream());
            }
            byte[] shared = "data: home@cmd.chat {\"message\":\"hello\"}\n\n".getBytes(UTF_8);
            StringBuilder expected = new StringBuilder();
            for (int b = 0; b < batches; b++) {
                StringBuilder batch = new StringBuilder();
                for (int f = 0; f < 4; f++) {
                    batch.append("id: ").append(b * 4 + f + 1).append('\n').append(new String(shared, UTF_8));
                }
                expected.append(chunk(batch.toString()));
            }
            for (EventSink sink : sinks) {
                sink.executor().execute(() -> {
                    for (int b = 0; b < batches; b++) {
                        for (int f = 0; f < 4; f++) {
                            sink.write(b * 4 + f + 1, shared);
                        }
                        sink.flush();
                    }
                });
            }
            byte[] want = expected.toString().getBytes(UTF_8);
            for (Socket s : sockets) {
                assertThat(new String(RawHttp.readExactly(s.getInputStream(), want.length), UTF_8))
                        .isEqualTo(expected.toString());
            }
            assertThat(server.openStreamCount()).isEqualTo(streams);
        } finally {
            for (Socket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> server.openStreamCount() == 0);
    }

    /**
     * One-frame batches (a fan-out's usual case) are written on epoll from one framed copy per event loop, keyed by
     * the data array, the id and the chunking: streams that get different arrays for the same id, the same bytes in
     * another array, a frame too large to share, and a frame right after a multi-frame batch each get exactly their
     * own bytes.
     */
    @Test
    void oneFrameBatchesToManyStreamsCarryEachStreamsOwnBytes() throws Exception {
        int streams = 12;
        Socket[] sockets = new Socket[streams];
        EventSink[] sinks = new EventSink[streams];
        try {
            for (int i = 0; i < streams; i++) {
                sockets[i] = openStream(port);
                sinks[i] = nextSink();
                RawHttp.readHead(sockets[i].getInputStream());
            }
            byte[] even = "data: home@cmd.chat {\"to\":\"even\"}\n\n".getBytes(UTF_8);
            byte[] odd = "data: home@cmd.chat {\"to\":\"odd\"}\n\n".getBytes(UTF_8);
            byte[] large = ("data: home@cmd.big \"" + "y".repeat(40 * 1024) + "\"\n\n").getBytes(UTF_8);
            StringBuilder[] expected = new StringBuilder[streams];
            for (int round = 1; round <= 6; round++) {
                long id = 100 + round;
                for (int i = 0; i < streams; i++) {
                    int stream = i;
                    byte[] data = switch (round) {
                        case 1, 4 -> stream % 2 == 0 ? even : odd;       // two arrays, one id, alternating
                        case 2 -> stream % 2 == 0 ? even : even.clone(); // the same bytes in another array
                        case 3 -> large;                                 // larger than the shared copy takes
                        default -> stream % 3 == 0 ? odd : even;
                    };
                    boolean twoFrames = round == 5 && stream % 2 == 1;
                    if (expected[stream] == null) {
                        expected[stream] = new StringBuilder();
                    }
                    String frame = "id: " + id + "\n" + new String(data, UTF_8);
                    expected[stream].append(chunk(twoFrames ? frame + "id: " + (id + 1000) + "\n" + new String(odd, UTF_8) : frame));
                    onLoop(sinks[stream], () -> {
                        sinks[stream].write(id, data);
                        if (twoFrames) {
                            sinks[stream].write(id + 1000, odd);
                        }
                        sinks[stream].flush();
                    });
                }
            }
            for (int i = 0; i < streams; i++) {
                String want = expected[i].toString();
                assertThat(new String(RawHttp.readExactly(sockets[i].getInputStream(), want.getBytes(UTF_8).length), UTF_8))
                        .as("stream %d", i).isEqualTo(want);
                assertThat(onLoop(sinks[i], sinks[i]::pendingBytes)).isZero();
            }
        } finally {
            for (Socket s : sockets) {
                if (s != null) {
                    s.close();
                }
            }
        }
    }

    /** One-frame batches the socket takes only in part: the rest queues behind, in order, byte for byte. */
    @Test
    void oneFrameBatchesToASlowReaderArriveWholeAndInOrder() throws Exception {
        Socket slowReader = new Socket();
        slowReader.setReceiveBufferSize(4096);
        slowReader.connect(new java.net.InetSocketAddress("127.0.0.1", port), 5000);
        slowReader.getOutputStream().write(("GET /event-stream HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(US_ASCII));
        try (slowReader) {
            EventSink sink = nextSink();
            InputStream in = slowReader.getInputStream();
            RawHttp.readHead(in);
            StringBuilder expected = new StringBuilder();
            int[] written = {0};
            // one-frame batches, each flushed on its own, until the socket has stopped taking them whole
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> onLoop(sink, () -> {
                for (int n = 0; n < 20; n++) {
                    int i = written[0]++;
                    byte[] data = ("data: home@cmd.n \"" + String.valueOf((char) ('a' + i % 26)).repeat(8000 + i % 977)
                            + "\"\n\n").getBytes(UTF_8);
                    expected.append(chunk("id: " + (i + 1) + "\n" + new String(data, UTF_8)));
                    sink.write(i + 1, data);
                    sink.flush();
                }
                return sink.pendingBytes();
            }) > 1024L * 1024);
            String want = expected.toString();
            assertThat(new String(RawHttp.readExactly(in, want.getBytes(UTF_8).length), UTF_8)).isEqualTo(want);
            await().atMost(Duration.ofSeconds(10)).until(() -> onLoop(sink, sink::pendingBytes) == 0L
                    && onLoop(sink, sink::pendingFrames) == 0);
        }
    }

    @Test
    void stopEndsOpenStreamsAndRunsOnClose() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        try (Socket s = openStream(port)) {
            EventSink sink = nextSink();
            InputStream in = s.getInputStream();
            RawHttp.readHead(in);
            sink.onClose(closed::countDown);
            server.stop();
            assertThat(new String(in.readAllBytes(), US_ASCII)).isEqualTo("0\r\n\r\n");
        }
        assertThat(closed.await(10, TimeUnit.SECONDS)).isTrue();
    }
}
