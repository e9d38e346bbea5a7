package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Shared set-up of the {@code *RealServerIT} tests: a fresh {@link RealServer} per test, clients that
 * record what they receive ({@link Probe}), and {@link #sync} to prove that nothing more is on its way.
 */
abstract class RealServerTestBase {

    static final Duration WAIT = Duration.ofSeconds(5);

    RealServer server;
    final List<ServerEventsClient> clients = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = new RealServer();
        TestTypes.CALLS.clear();
        TestTypes.INSTANCES.clear();
    }

    @AfterEach
    void stopServer() {
        clients.forEach(ServerEventsClient::close);
        server.close();
    }

    /** A client builder for the server with short reconnect delays. */
    ServerEventsClient.Builder builder(String... channels) {
        return ServerEventsClient.builder(server.baseUrl()).channels(channels)
                .reconnectInitialDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(500));
    }

    /** A recording client on {@code channels}, connected. */
    Probe probe(String... channels) throws Exception {
        return probe(builder(channels));
    }

    /** A recording client from {@code builder} (its callbacks are replaced by the recorder's), connected. */
    Probe probe(ServerEventsClient.Builder builder) throws Exception {
        Probe probe = new Probe(builder);
        probe.client.connect().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    /**
     * Sends a marker to every subscription and waits until each probe got it. Every stream sees the
     * server's events in one order, so afterwards each probe has received everything sent before.
     */
    void sync(Probe... probes) throws InterruptedException {
        String token = UUID.randomUUID().toString();
        server.events().notifyAll("cmd.sync", token);
        for (Probe p : probes) {
            String got;
            do {
                got = poll(p.syncs);
            } while (!got.equals(token));
        }
    }

    static <T> T poll(BlockingQueue<T> queue) throws InterruptedException {
        T item = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(item).as("nothing arrived within " + WAIT).isNotNull();
        return item;
    }

    /** Posts a chat from {@code from}'s subscription to {@code channel}. */
    static TestTypes.ChatMessage chat(ServerEventsClient from, String channel, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("from", from.getConnectionInfo().getId());
        body.put("message", message);
        return from.getServiceClient().post("/channels/" + channel + "/chat", body, TestTypes.ChatMessage.class);
    }

    /** Posts a raw message: {@code message} null gives an empty body. */
    static void raw(ServerEventsClient via, String channel, String selector, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("selector", selector);
        if (message != null) {
            body.put("message", message);
        }
        via.getServiceClient().post("/channels/" + channel + "/raw", body, Void.class);
    }

    /** Posts {@code {"customType": {id, name}}} or {@code setterType}, with an optional selector. */
    static void object(ServerEventsClient via, String channel, String selector, String property, int id, String name) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (selector != null) {
            body.put("selector", selector);
        }
        body.put(property, Map.of("id", id, "name", name));
        via.getServiceClient().post("/channels/" + channel + "/object", body, Void.class);
    }

    /** A client and everything it received, by kind, in arrival order. */
    final class Probe {
        final ServerEventsClient client;
        final BlockingQueue<ServerEventConnect> connects = new LinkedBlockingQueue<>();
        final BlockingQueue<ServerEventJoin> joins = new LinkedBlockingQueue<>();
        final BlockingQueue<ServerEventLeave> leaves = new LinkedBlockingQueue<>();
        final BlockingQueue<ServerEventCommand> commands = new LinkedBlockingQueue<>();
        final BlockingQueue<ServerEventHeartbeat> heartbeats = new LinkedBlockingQueue<>();
        final BlockingQueue<ServerEventResume> resumes = new LinkedBlockingQueue<>();
        /** Every onMessage except the sync markers. */
        final BlockingQueue<ServerEventMessage> messages = new LinkedBlockingQueue<>();
        final List<ServerEventMessage> allMessages = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> syncs = new LinkedBlockingQueue<>();
        final BlockingQueue<Throwable> errors = new LinkedBlockingQueue<>();

        Probe(ServerEventsClient.Builder builder) {
            this(builder, m -> { });
        }

        Probe(ServerEventsClient.Builder builder, Consumer<ServerEventMessage> onMessage) {
            client = builder
                    .onConnect(connects::add)
                    .onJoin(joins::add)
                    .onLeave(leaves::add)
                    .onCommand(commands::add)
                    .onHeartbeat(heartbeats::add)
                    .onResume(resumes::add)
                    .onException(errors::add)
                    .onMessage(m -> {
                        if ("cmd.sync".equals(m.getSelector())) {
                            syncs.add(m.getBodyAs(String.class));
                        } else {
                            messages.add(m);
                            allMessages.add(m);
                            onMessage.accept(m);
                        }
                    })
                    .build();
            clients.add(client);
        }

        ServerEventConnect info() {
            return client.getConnectionInfo();
        }
    }
}
