package io.herald.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsOptions;
import io.herald.Statistic;
import io.herald.http.EventSink;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A client that stops reading costs nobody else anything: its unsent bytes are counted, not waited for,
 * and Herald closes it once they pass the bound, while a client on the same stream thread keeps receiving
 * and the container keeps answering requests.
 */
class SlowClientIT {

    private static final int BIG = 64 * 1024;

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void pendingBytesCountWhatTheClientHasNotTakenAndDrainWhenItReads(ContainerKind kind) throws Exception {
        SinkCapture capture = new SinkCapture();
        HeraldServletOptions one = HeraldServletOptions.builder().streamThreads(1).probeInterval(Duration.ZERO).build();
        try (Running server = Running.start(kind, ServerEventsOptions.builder(), one, Container.Setup.root(), capture);
             Socket stuck = Sockets.openGet(server.baseUrl() + "/raw", 4096)) {
            EventSink slow = capture.next();
            Socket healthy = Sockets.openGet(server.baseUrl() + "/raw", 0);
            EventSink fast = capture.next();
            assertThat(slow.executor()).isSameAs(fast.executor()); // one stream thread: blocking would show
            Sockets.readHead(stuck.getInputStream());
            InputStream in = healthy.getInputStream();
            Sockets.readHead(in);

            byte[] big = frame('x', BIG);
            AtomicLong id = new AtomicLong();
            // the stuck client's socket buffers fill; the rest must stay pending here, not block the thread
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(5)).until(() -> Sockets.on(slow.executor(), () -> {
                for (int i = 0; i < 4; i++) {
                    slow.write(id.incrementAndGet(), big);
                }
                slow.flush();
                return slow.pendingBytes();
            }) > 2L * 1024 * 1024);
            assertThat(Sockets.on(slow.executor(), slow::pendingFrames)).isPositive();
            assertThat(slow.isOpen()).isTrue();

            Sockets.on(fast.executor(), () -> {
                fast.write(1, "data: still flowing\n\n".getBytes(StandardCharsets.UTF_8));
                fast.flush();
                return null;
            });
            assertThat(Sockets.readUntil(in, "data: still flowing\n\n")).contains("id: 1\n");
            assertThat(RawHttp.get(server.baseUrl() + "/event-subscribers").status()).isEqualTo(200);

            // once the client reads, everything it was owed arrives and nothing is pending any more
            long owed = id.get();
            Thread reader = new Thread(() -> drain(stuck), "stuck-client-reads");
            reader.setDaemon(true);
            reader.start();
            await().atMost(Duration.ofSeconds(30)).until(() -> Sockets.on(slow.executor(), slow::pendingBytes) == 0L);
            assertThat(Sockets.on(slow.executor(), slow::pendingFrames)).isZero();
            assertThat(slow.isOpen()).isTrue();
            assertThat(owed).isGreaterThan(32);
            Sockets.on(slow.executor(), () -> {
                slow.close();
                return null;
            });
            await().atMost(Duration.ofSeconds(10)).until(() -> server.servlet.openStreamCount() == 1);
            Sockets.on(fast.executor(), () -> {
                fast.close();
                return null;
            });
            assertThat(Sockets.readUntil(in, "0\r\n\r\n")).endsWith("0\r\n\r\n"); // the response ended properly
            await().atMost(Duration.ofSeconds(10)).until(() -> server.servlet.openStreamCount() == 0);
            healthy.close();
        }
    }

    @ParameterizedTest
    @EnumSource(ContainerKind.class)
    void aClientThatStopsReadingIsEvictedAndTheOthersKeepReceiving(ContainerKind kind) throws Exception {
        HeraldServletOptions one = HeraldServletOptions.builder().streamThreads(1).build();
        // room enough that a reading client never comes near the bound on a busy machine, while one that
        // reads nothing passes it after a couple of megabytes
        ServerEventsOptions.Builder bounded = ServerEventsOptions.builder().maxQueuedBytes(2 * 1024 * 1024);
        try (Running server = Running.start(kind, bounded, one, Container.Setup.root());
             SseTestClient healthy = SseTestClient.open(server.baseUrl(), "/event-stream?channels=feed")) {
            healthy.expectConnect();
            healthy.nextCommand("onJoin");
            ServerEvents events = server.feature.serverEvents();
            String healthyId = healthy.subscriptionId();
            try (Socket stuck = Sockets.openGet(server.baseUrl() + "/event-stream?channels=feed", 4096)) {
                Sockets.readUntil(stuck.getInputStream(), "onJoin"); // registered; from here on it reads nothing
                await().atMost(Duration.ofSeconds(5)).until(() -> events.getAllSubscriptionInfos().size() == 2);
                String stuckId = events.getAllSubscriptionInfos().stream().map(i -> i.id())
                        .filter(i -> !i.equals(healthyId)).findFirst().orElseThrow();

                String payload = "y".repeat(16 * 1024);
                int[] sent = {0};
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                    for (int i = 0; i < 4; i++) {
                        events.notifyChannel("feed", "cmd.n", ++sent[0] + ":" + payload);
                    }
                    return events.getSubscriptionInfo(stuckId) == null;
                });
                assertThat(slowEvictions(events)).isEqualTo(1);
                assertThat(JsonText.array(RawHttp.get(server.baseUrl() + "/event-subscribers?channels=feed").text()))
                        .hasSize(1);

                for (int n = 1; n <= sent[0]; n++) {
                    String body = healthy.nextCommand("n").body();
                    assertThat(body).startsWith("\"" + n + ":");
                }
                events.notifyChannel("feed", "cmd.after", "still here");
                assertThat(healthy.nextCommand("after").body()).isEqualTo("\"still here\"");
                assertThat(healthy.ended()).isFalse();
            }
        }
    }

    private static long slowEvictions(ServerEvents events) {
        return events.statistics().stream().filter(s -> s.key().equals("slowEvictions")).mapToLong(Statistic::value)
                .findFirst().orElseThrow();
    }

    private static byte[] frame(char fill, int size) {
        byte[] data = new byte[size];
        Arrays.fill(data, (byte) fill);
        byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(head, 0, data, 0, head.length);
        data[size - 2] = '\n';
        data[size - 1] = '\n';
        return data;
    }

    private static void drain(Socket socket) {
        byte[] buf = new byte[64 * 1024];
        try {
            InputStream in = socket.getInputStream();
            socket.setSoTimeout(0);
            while (in.read(buf) >= 0) {
                // discard: the test only needs the bytes taken off the wire
            }
        } catch (java.io.IOException ignored) {
            // closed by the test
        }
    }
}
