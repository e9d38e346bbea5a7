package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Connecting, presence, messages, heartbeats and reconnects against the real Herald server (scenarios A, C, G). */
class ConnectionRealServerIT extends RealServerTestBase {

    /** A1. */
    @Test
    void connectGivesAbsoluteUrlsAndTimings() throws Exception {
        long started = System.nanoTime();
        Probe p = probe();
        ServerEventConnect info = poll(p.connects);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));

        assertThat(info.getHeartbeatUrl()).startsWith(server.baseUrl() + "/event-heartbeat?id=" + info.getId());
        assertThat(info.getUnRegisterUrl()).startsWith(server.baseUrl() + "/event-unregister?id=" + info.getId());
        assertThat(info.getHeartbeatIntervalMs()).isEqualTo(200);
        assertThat(info.getIdleTimeoutMs()).isEqualTo(30_000);
        assertThat(info.getUserId()).startsWith("-");
        assertThat(info.getDisplayName()).startsWith("user");
        assertThat(info.getChannels()).containsExactly("*");
        assertThat(info.getEventId()).isPositive();
        assertThat(p.client.getEventStreamUri().toString()).startsWith(server.baseUrl() + "/event-stream");
        assertThat(p.errors).isEmpty();
    }

    /** A2. */
    @Test
    void ownJoinFollowsConnectWithTheSameDisplayName() throws Exception {
        Probe p = probe();
        ServerEventJoin join = poll(p.joins);
        assertThat(join.getDisplayName()).isEqualTo(p.info().getDisplayName());
        assertThat(join.getChannel()).isEqualTo("*");
        assertThat(join.getUserId()).isEqualTo(p.info().getUserId());
    }

    /** A3. */
    @Test
    void joinsForMultipleChannelsArriveInChannelOrder() throws Exception {
        Probe p = probe("A", "B", "C");
        sync(p);
        List<String> channels = new ArrayList<>();
        for (ServerEventJoin join : p.joins) {
            channels.add(join.getChannel());
            assertThat(join.getDisplayName()).isEqualTo(p.info().getDisplayName());
        }
        assertThat(channels).containsExactly("A", "B", "C");
        assertThat(p.client.getEventStreamUri().toString()).endsWith("/event-stream?channels=A,B,C");
    }

    /** A5: including removing the second subscription with a GET on its unRegisterUrl. */
    @Test
    void allCallbacksFireAndUnregisterByGetSendsLeave() throws Exception {
        Probe first = probe();
        sync(first);
        assertThat(first.connects).hasSize(1);
        assertThat(first.commands).hasSize(1).first().isInstanceOf(ServerEventJoin.class);
        assertThat(first.messages).isEmpty();

        ServerEventConnect second = probe().info();
        ServerEventJoin join = null;
        while (join == null || !join.getUserId().equals(second.getUserId())) {
            join = poll(first.joins);
        }
        JsonNode removed = first.client.getServiceClient().get(second.getUnRegisterUrl(), JsonNode.class);
        assertThat(removed.path("userId").asText()).isEqualTo(second.getUserId());

        ServerEventLeave leave = first.leaves.poll(1, TimeUnit.SECONDS);
        assertThat(leave).as("leave within 1 s").isNotNull();
        assertThat(leave.getUserId()).isEqualTo(second.getUserId());
        assertThat(first.commands.size()).isGreaterThanOrEqualTo(3);
        assertThat(first.connects).hasSize(1);
        assertThat(first.messages).isEmpty();
        assertThat(first.errors).isEmpty();
    }

    /** A6. */
    @Test
    void chatReachesBothClientsWithTheSendersIdentity() throws Exception {
        Probe one = probe();
        Probe two = probe();
        sync(one, two);

        chat(one.client, "*", "hello from client1");
        for (Probe p : List.of(one, two)) {
            ServerEventMessage m = poll(p.messages);
            assertThat(m.getEventId()).isPositive();
            assertThat(m.getSelector()).isEqualTo("cmd.chat");
            assertThat(m.getChannel()).isEqualTo("*");
            TestTypes.ChatMessage body = m.getBodyAs(TestTypes.ChatMessage.class);
            assertThat(body.id).isPositive();
            assertThat(body.fromUserId).isEqualTo(one.info().getUserId()).startsWith("-");
            assertThat(body.fromName).isEqualTo(one.info().getDisplayName()).startsWith("user");
            assertThat(body.message).isEqualTo("hello from client1");
        }
        chat(two.client, "*", "hello from client2");
        for (Probe p : List.of(one, two)) {
            TestTypes.ChatMessage body = poll(p.messages).getBodyAs(TestTypes.ChatMessage.class);
            assertThat(body.fromUserId).isEqualTo(two.info().getUserId());
            assertThat(body.fromName).isEqualTo(two.info().getDisplayName());
            assertThat(body.message).isEqualTo("hello from client2");
        }
        sync(one, two);
        assertThat(one.allMessages).hasSize(2);
        assertThat(two.allMessages).hasSize(2);
        assertThat(one.errors).isEmpty();
        assertThat(two.errors).isEmpty();
    }

    /** A7: with a 200 ms interval, at least 3 heartbeats within 1 s. */
    @Test
    void sendsHeartbeatsAtTheServersInterval() throws Exception {
        Probe p = probe();
        await().atMost(Duration.ofSeconds(1)).until(() -> p.heartbeats.size() >= 3);
        assertThat(p.errors).isEmpty();
    }

    /** G6 / H: an interval set in onConnect replaces the server's for this connection. */
    @Test
    void heartbeatIntervalSetInOnConnectApplies() throws Exception {
        java.util.List<Long> at = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerEventsClient client = builder().onConnect(c -> c.setHeartbeatIntervalMs(700))
                .onHeartbeat(h -> at.add(System.nanoTime())).build();
        clients.add(client);
        client.connect().get(5, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> at.size() >= 3);
        assertThat(Duration.ofNanos(at.get(2) - at.get(1))).isGreaterThan(Duration.ofMillis(500));
    }

    /** A9 / G7: after a server reset the heartbeat gets 404 and the client reconnects on its own. */
    @Test
    void reconnectsAfterTheServerForgotItsSubscription() throws Exception {
        Probe one = probe();
        chat(one.client, "*", "msg1 from client1");
        assertThat(poll(one.messages).getBodyAs(TestTypes.ChatMessage.class).message).isEqualTo("msg1 from client1");

        one.client.getServiceClient().post("/reset-serverevents", null, Void.class);
        Probe two = probe();
        assertThat(poll(one.errors)).isInstanceOf(WebServiceException.class)
                .extracting(e -> ((WebServiceException) e).getStatusCode()).isEqualTo(404);
        await().atMost(WAIT).until(() -> one.connects.size() == 2);
        chat(two.client, "*", "msg2 from client2");

        ServerEventMessage m;
        do {
            m = poll(one.messages);
        } while (!"cmd.chat".equals(m.getSelector()));
        assertThat(m.getBodyAs(TestTypes.ChatMessage.class).message).isEqualTo("msg2 from client2");
        assertThat(one.client.getTimesStarted()).isEqualTo(2);
        // Herald resumes the new stream from the last event of the forgotten one: nothing is delivered twice.
        assertThat(poll(one.resumes).isRecovered()).isTrue();
        sync(one);
        assertThat(one.allMessages).extracting(e -> e.getBodyAs(TestTypes.ChatMessage.class).message)
                .containsExactly("msg1 from client1", "msg2 from client2");
    }

    /** C1: concurrent start, restart and stop each act once. */
    @Test
    void concurrentStartRestartStopActOnce() throws Exception {
        ServerEventsClient client = builder().build();
        clients.add(client);
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            inParallel(pool, client::start);
            assertThat(client.getTimesStarted()).isEqualTo(1);
            client.connect().get(5, TimeUnit.SECONDS);

            inParallel(pool, client::restart);
            // restart() hands the reconnect to the client's scheduler: wait for it, then check it ran once
            await().atMost(WAIT).until(() -> client.getTimesStarted() >= 2);
            client.connect().get(5, TimeUnit.SECONDS);
            assertThat(client.getTimesStarted()).isEqualTo(2);

            inParallel(pool, client::stop);
            assertThat(client.getTimesStarted()).isEqualTo(2);
            assertThat(client.getState()).isEqualTo(ServerEventsClient.State.STOPPED);
            client.restart();
            assertThat(client.getTimesStarted()).as("restart of a stopped client does nothing").isEqualTo(2);

            inParallel(pool, client::start);
            assertThat(client.getTimesStarted()).isEqualTo(3);
            client.connect().get(5, TimeUnit.SECONDS);
            await().atMost(WAIT).until(() -> server.events().getAllSubscriptionInfos().size() == 1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void inParallel(ExecutorService pool, Runnable action) throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            done.add(pool.submit(() -> {
                gate.await();
                action.run();
                return null;
            }));
        }
        gate.countDown();
        for (Future<?> f : done) {
            f.get(10, TimeUnit.SECONDS);
        }
    }

    /** G21: an unresolvable host is reported and retried; later a 404 heartbeat is reported and healed. */
    @Test
    void reportsErrorsAndKeepsRetrying() throws Exception {
        List<Throwable> unreachableErrors = new java.util.concurrent.CopyOnWriteArrayList<>();
        ServerEventsClient lost = ServerEventsClient.builder("http://herald-no-such-host.invalid:8080")
                .reconnectInitialDelay(Duration.ofMillis(20)).reconnectMaxDelay(Duration.ofMillis(100))
                .onException(unreachableErrors::add).build();
        clients.add(lost);
        lost.start();
        await().atMost(WAIT).until(() -> unreachableErrors.size() >= 2);
        assertThat(unreachableErrors.get(0)).isInstanceOf(ServerEventsException.class)
                .hasMessageContaining("herald-no-such-host.invalid");
        assertThat(lost.getTimesStarted()).isGreaterThanOrEqualTo(2);

        Probe p = probe();
        server.events().reset();
        assertThat(poll(p.errors)).isInstanceOf(WebServiceException.class);
        await().atMost(WAIT).until(() -> p.connects.size() == 2);
        await().atMost(WAIT).until(() -> server.events().getSubscriptionInfo(p.info().getId()) != null);
    }

    /**
     * After a healthy connection (heartbeats answered) the back-off starts again from the initial delay,
     * however long the failures before it made it grow.
     */
    @Test
    void backOffStartsAgainAfterAHealthyConnection() throws Exception {
        Probe p = probe(ServerEventsClient.builder(server.baseUrl())
                .reconnectInitialDelay(Duration.ofMillis(40)).reconnectMaxDelay(Duration.ofSeconds(20)));
        server.refuseStreams(true);
        server.closeStream(p.info().getId());
        // Waits of at most 40, 80, 160, 320 ms; after the fifth refusal the next wait is 0.64 to 1.28 s,
        // and without a reset the one after the next connection would be at least 1.28 s.
        await().atMost(WAIT).until(() -> p.errors.size() >= 5);
        server.refuseStreams(false);
        await().atMost(WAIT).until(() -> p.connects.size() == 2);
        int heartbeats = p.heartbeats.size();
        await().atMost(WAIT).until(() -> p.heartbeats.size() > heartbeats);

        long cut = System.nanoTime();
        server.closeStream(p.info().getId());
        await().atMost(WAIT).until(() -> p.connects.size() == 3);
        assertThat(Duration.ofNanos(System.nanoTime() - cut))
                .as("reconnect after a healthy connection uses the initial delay again")
                .isLessThan(Duration.ofMillis(600));
    }
}
