package io.herald.client;

import static io.herald.client.ServerEventsClientIT.poll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Self-healing: reconnects, back-off, idle detection, hostile streams and concurrent lifecycle calls. */
class ServerEventsClientReconnectIT {

    private FakeServerEventsServer server;
    private final List<ServerEventsClient> clients = new ArrayList<>();
    private final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        server = new FakeServerEventsServer();
    }

    @AfterEach
    void tearDown() {
        clients.forEach(ServerEventsClient::close);
        server.close();
    }

    private ServerEventsClient.Builder builder(String baseUrl, String... channels) {
        return ServerEventsClient.builder(baseUrl).channels(channels)
                .reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(400))
                .onException(errors::add);
    }

    private ServerEventsClient track(ServerEventsClient client) {
        clients.add(client);
        return client;
    }

    @Test
    void reconnectsWhenTheServerForgetsTheSubscription() throws Exception {
        BlockingQueue<String> chats = new LinkedBlockingQueue<>();
        AtomicInteger reconnects = new AtomicInteger();
        ServerEventsClient client1 = track(builder(server.baseUrl(), "home")
                .onConnect(c -> c.setHeartbeatIntervalMs(100))
                .onReconnect(reconnects::incrementAndGet)
                .handler("chat", m -> chats.add(m.getBodyAs(String.class))).build());
        client1.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);
        server.notifyChannel("home", "cmd.chat", "\"msg1 from client1\"");
        assertThat(poll(chats)).isEqualTo("msg1 from client1");

        server.reset(); // streams stay open; the next heartbeat gets 404
        ServerEventsClient client2 = track(builder(server.baseUrl(), "home").build());
        client2.connect().get(5, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> server.streamRequests.get() == 3 && server.subscriptionCount() == 2);
        Throwable error = poll(errors);
        assertThat(error).isInstanceOf(WebServiceException.class);
        assertThat(((WebServiceException) error).getStatusCode()).isEqualTo(404);
        server.notifyChannel("home", "cmd.chat", "\"msg2 from client2\"");
        assertThat(poll(chats)).isEqualTo("msg2 from client2");
        assertThat(client1.getTimesStarted()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> reconnects.get() == 1);
    }

    @Test
    void reconnectsAfterTheServerClosesTheStreamAndSendsLastEventId() throws Exception {
        ServerEventsClient client = track(builder(server.baseUrl(), "home").build());
        client.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);
        CompletableFuture<ServerEventMessage> last = client.waitForNextMessage();
        server.notifyChannel("home", "cmd.x", "1");
        server.notifyChannel("home", "cmd.x", "2");
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getLastEventId().equals("4")); // connect, join, x, x
        assertThat(last.get(5, TimeUnit.SECONDS).getEventId()).isEqualTo(3);

        ServerEventConnect before = client.getConnectionInfo();
        server.closeAllStreams();

        await().atMost(Duration.ofSeconds(5)).until(() -> client.getConnectionInfo() != null
                && client.getConnectionInfo() != before);
        assertThat(server.lastEventIdHeaders).containsExactly("", "4");
        assertThat(client.getTimesStarted()).isEqualTo(2);
        assertThat(errors).as("a clean end of stream is not an error").isEmpty();
    }

    /**
     * Herald's resume: replayed events carry their original ids, lower than the onConnect before them.
     * The client resumes from the last event it received, also when the stream is cut in the middle of
     * a replay, and hands cmd.onResume to onResume only.
     */
    @Test
    void resumesFromTheLastEventReceivedEvenWhenTheReplayIsCut() throws Exception {
        BlockingQueue<String> seen = new LinkedBlockingQueue<>();
        BlockingQueue<ServerEventResume> resumes = new LinkedBlockingQueue<>();
        ServerEventsClient client = track(builder(server.baseUrl(), "feed")
                .handler("tick", m -> seen.add("tick " + m.getJson() + " id=" + m.getEventId()))
                .handler("onResume", m -> seen.add("handler saw onResume"))
                .onMessage(m -> {
                    if (!m.getTarget().equals("tick")) {
                        seen.add("onMessage " + m.getSelector());
                    }
                })
                .onResume(resumes::add).build());
        client.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);
        server.writeRawToAll("id: 100\ndata: feed@cmd.tick 1\n\n".getBytes(StandardCharsets.UTF_8));
        assertThat(poll(seen)).isEqualTo("tick 1 id=100");

        // Second stream: onConnect 500, then the stream is cut before the replay.
        server.scripts.add(new FakeServerEventsServer.Script(500, "", true));
        // Third stream: the replay with the original (lower) ids, onResume, then live joins (ids from 600).
        server.scripts.add(new FakeServerEventsServer.Script(600,
                "id: 101\ndata: feed@cmd.tick 2\n\nid: 102\ndata: feed@cmd.tick 3\n\n"
                + "id: 700\ndata: cmd.onResume {\"lastEventId\":100,\"recovered\":true,\"replayed\":2}\n\n", false));
        server.closeAllStreams();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.lastEventIdHeaders.size() == 3);
        assertThat(server.lastEventIdHeaders).as("the last event received, not the onConnect of the cut stream")
                .containsExactly("", "100", "100");
        assertThat(poll(seen)).isEqualTo("tick 2 id=101");
        assertThat(poll(seen)).isEqualTo("tick 3 id=102");
        ServerEventResume resume = poll(resumes);
        assertThat(resume.isRecovered()).isTrue();
        assertThat(resume.getResumedAfter()).isEqualTo(100);
        assertThat(resume.getReplayed()).isEqualTo(2);
        assertThat(resume.getEventId()).isEqualTo(700);
        assertThat(client.getLastResume()).isSameAs(resume);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);
        server.notifyChannel("feed", "cmd.tick", "4");
        assertThat(poll(seen)).as("onResume reached no handler and no onMessage").isEqualTo("tick 4 id=602");
        assertThat(client.getLastEventId()).as("follows the stream, though 700 came before").isEqualTo("602");
        assertThat(errors).isEmpty();
    }

    @Test
    void backsOffWhenTheServerKeepsDroppingFreshConnections() throws Exception {
        server.endStreamsAfterConnect = true;
        ServerEventsClient client = track(builder(server.baseUrl(), "home").build());
        client.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> server.streamRequestNanos.size() >= 6);
        // Clean ends are failures too while connections die young: 50, 100, 200, 400, 400 ms ceilings.
        long[] minimumGapsMs = {25, 50, 100, 200, 200};
        List<Long> at = server.streamRequestNanos;
        for (int i = 0; i < minimumGapsMs.length; i++) {
            assertThat(TimeUnit.NANOSECONDS.toMillis(at.get(i + 1) - at.get(i)))
                    .as("gap before request %d", i + 2).isGreaterThanOrEqualTo(minimumGapsMs[i]);
        }
        assertThat(errors).as("a clean end is not an error").isEmpty();
    }

    @Test
    void honoursTheServersRetryDelay() throws Exception {
        server.retryMs = 30L;
        ServerEventsClient client = track(ServerEventsClient.builder(server.baseUrl()).channels("home")
                .reconnectInitialDelay(Duration.ofSeconds(20)).reconnectMaxDelay(Duration.ofSeconds(30)).build());
        client.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);
        server.closeAllStreams();
        // Without the server's retry: 30 ms the first reconnect would wait 10-20 s.
        await().atMost(Duration.ofSeconds(3)).until(() -> server.streamRequests.get() == 2);
    }

    @Test
    void detectsAnIdleConnectionWithoutOnHeartbeat() throws Exception {
        server.pushHeartbeats = false;
        server.idleTimeoutMs = "300";
        ServerEventsClient client = track(builder(server.baseUrl(), "home")
                .onConnect(c -> c.setHeartbeatIntervalMs(50)).build());
        client.connect().get(5, TimeUnit.SECONDS);
        Throwable error = poll(errors);
        assertThat(error).hasMessageContaining("no cmd.onHeartbeat").hasCauseInstanceOf(TimeoutException.class);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.streamRequests.get() >= 2);
        assertThat(server.heartbeats.get()).isGreaterThanOrEqualTo(3);
    }

    @Test
    void reconnectsWhenNoOnConnectArrives() throws Exception {
        server.holdStreams = new CountDownLatch(1); // the server accepts but sends nothing
        ServerEventsClient client = track(builder(server.baseUrl(), "home")
                .connectTimeout(Duration.ofMillis(300)).build());
        CompletableFuture<ServerEventConnect> connect = client.connect();
        Throwable error = poll(errors);
        assertThat(error).hasMessageContaining("no cmd.onConnect").hasMessageContaining("300 ms")
                .hasCauseInstanceOf(TimeoutException.class);
        server.holdStreams.countDown();
        assertThat(connect.get(5, TimeUnit.SECONDS).getId()).isNotEmpty();
        assertThat(client.getTimesStarted()).isGreaterThanOrEqualTo(2);
    }

    @Test
    void backsOffAgainstAnUnreachableHostWithoutSpinning() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        List<Long> failures = new CopyOnWriteArrayList<>();
        ServerEventsClient client = track(ServerEventsClient.builder("http://127.0.0.1:" + port).channels("home")
                .reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(400))
                .onException(e -> failures.add(System.nanoTime())).build());
        CompletableFuture<ServerEventConnect> connect = client.connect();

        await().atMost(Duration.ofSeconds(10)).until(() -> failures.size() >= 6);
        // Equal jitter: each wait is at least half its ceiling (50, 100, 200, 400, 400 ms).
        long[] minimumGapsMs = {25, 50, 100, 200, 200};
        for (int i = 0; i < minimumGapsMs.length; i++) {
            long gapMs = TimeUnit.NANOSECONDS.toMillis(failures.get(i + 1) - failures.get(i));
            assertThat(gapMs).as("gap before failure %d", i + 2).isGreaterThanOrEqualTo(minimumGapsMs[i] - 5);
        }
        assertThat(client.getState()).isIn(ServerEventsClient.State.RESTARTING, ServerEventsClient.State.STARTING);
        assertThat(client.getTimesStarted()).isBetween((long) failures.size(), (long) failures.size() + 1);
        assertThat(connect).as("connection failures do not fail connect()").isNotDone();
        client.stop();
        int afterStop = failures.size();
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
        // A stopped client schedules nothing more: the count stays put for longer than the longest back-off.
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> failures.size() == afterStop);
    }

    @Test
    void garbageOnTheStreamIsReportedAndTheClientKeepsGoing() throws Exception {
        BlockingQueue<ServerEventMessage> messages = new LinkedBlockingQueue<>();
        ServerEventsClient client = track(builder(server.baseUrl(), "home").maxLineLength(1024)
                .onMessage(messages::add).build());
        client.connect().get(5, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> server.subscriptionCount() == 1);

        ByteArrayOutputStream garbage = new ByteArrayOutputStream();
        garbage.writeBytes("no colon at all\n\n".getBytes(StandardCharsets.UTF_8)); // field "no colon at all": ignored
        garbage.writeBytes("id: not-a-number\ndata: cmd.bad-id \"x\"\n\n".getBytes(StandardCharsets.UTF_8));
        garbage.writeBytes(("data: cmd.huge \"" + "h".repeat(5000) + "\"\n\n").getBytes(StandardCharsets.UTF_8));
        garbage.writeBytes("data: cmd.utf8 \"".getBytes(StandardCharsets.UTF_8));
        garbage.write(0xFF);
        garbage.write(0xFE);
        garbage.writeBytes("\"\n\n".getBytes(StandardCharsets.UTF_8));
        garbage.writeBytes("data: nodot {}\n\n".getBytes(StandardCharsets.UTF_8));
        garbage.writeBytes("data: cmd.onJoin {not json\n\n".getBytes(StandardCharsets.UTF_8));
        garbage.writeBytes("data: plain-text-without-selector\n\nretry: soon\n".getBytes(StandardCharsets.UTF_8));
        server.writeRawToAll(garbage.toByteArray());
        server.notifyChannel("home", "cmd.after", "\"still alive\"");

        ServerEventMessage badId = poll(messages);
        assertThat(badId.getTarget()).isEqualTo("bad-id");
        assertThat(badId.getEventId()).isEqualTo(-1);
        ServerEventMessage utf8 = poll(messages);
        assertThat(utf8.getBodyAs(String.class)).isEqualTo("\uFFFD\uFFFD");
        ServerEventMessage plain = poll(messages);
        assertThat(plain.getSelector()).isNull();
        assertThat(plain.getData()).isEqualTo("plain-text-without-selector");
        ServerEventMessage after = poll(messages);
        assertThat(after.getBodyAs(String.class)).isEqualTo("still alive");

        List<String> reported = new ArrayList<>();
        errors.forEach(e -> reported.add(e.getMessage()));
        assertThat(reported).hasSize(5);
        assertThat(reported.get(0)).contains("non-numeric SSE id 'not-a-number'");
        assertThat(reported.get(1)).contains("maxLineLength 1024");
        assertThat(reported.get(2)).contains("invalid UTF-8");
        assertThat(reported.get(3)).contains("invalid selector").contains("nodot");
        assertThat(reported.get(4)).contains("invalid JSON body of 'cmd.onJoin'");
        assertThat(client.getTimesStarted()).isEqualTo(1);
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STARTED);
    }

    @Test
    void parallelStartRestartAndStopEachGoThroughOnce() throws Exception {
        ServerEventsClient client = track(builder(server.baseUrl(), "home").build());

        server.holdStreams = new CountDownLatch(1); // keeps the client in STARTING while the callers race
        runInParallel(10, client::start);
        assertThat(client.getTimesStarted()).isEqualTo(1);
        server.holdStreams.countDown();
        client.connect().get(5, TimeUnit.SECONDS);

        server.holdStreams = new CountDownLatch(1);
        runInParallel(10, client::restart);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getTimesStarted() == 2);
        runInParallel(10, client::restart); // still connecting: ignored
        server.holdStreams.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> client.getState() == ServerEventsClient.State.STARTED
                && client.getConnectionInfo() != null);
        assertThat(client.getTimesStarted()).isEqualTo(2);

        runInParallel(10, client::stop);
        assertThat(client.getTimesStarted()).isEqualTo(2);
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
        // The restart's old subscription (sent asynchronously), then the stop's.
        await().atMost(Duration.ofSeconds(5)).until(() -> server.unregistered.size() == 2);

        client.restart();
        assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
        runInParallel(10, client::start);
        assertThat(client.getTimesStarted()).isEqualTo(3);
        client.connect().get(5, TimeUnit.SECONDS);
        assertThat(server.streamRequests.get()).isEqualTo(3);
    }

    private static void runInParallel(int threads, Runnable action) throws Exception {
        CyclicBarrier barrier = new CyclicBarrier(threads);
        List<Thread> started = new ArrayList<>();
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(() -> {
                try {
                    barrier.await(5, TimeUnit.SECONDS);
                    action.run();
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            t.start();
            started.add(t);
        }
        for (Thread t : started) {
            t.join(10_000);
        }
        assertThat(failures).isEmpty();
    }
}
