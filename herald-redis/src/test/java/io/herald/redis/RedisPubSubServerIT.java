package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.herald.redis.RedisPubSubServer.State;
import io.herald.testkit.RedisServerExtension;
import io.herald.testkit.RedisServerProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RedisPubSubServer against a real redis-server child process (see RedisServerExtension). */
class RedisPubSubServerIT {

    @RegisterExtension
    static final RedisServerExtension REDIS = new RedisServerExtension().flushBeforeEach();

    private static final Duration INTERVAL = Duration.ofMillis(400);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final List<RedisPubSubServer> servers = new ArrayList<>();

    @AfterEach
    void closeServers() {
        servers.forEach(RedisPubSubServer::close);
    }

    private RedisPubSubServer server(CallbackRecorder rec, UnaryOperator<RedisPubSubOptions.Builder> custom) {
        RedisPubSubOptions.Builder b = RedisPubSubOptions.builder(REDIS.server().uri())
                .heartbeatInterval(INTERVAL)
                .heartbeatTimeout(Duration.ofSeconds(3))
                .reconnectMinDelay(Duration.ofMillis(50))
                .reconnectMaxDelay(Duration.ofMillis(400))
                .connectTimeout(Duration.ofSeconds(1))
                .commandTimeout(Duration.ofSeconds(1));
        RedisPubSubServer s = new RedisPubSubServer(custom.apply(rec.wire(b)).build());
        servers.add(s);
        return s;
    }

    private static long publish(String channel, String message) {
        return Long.parseLong(REDIS.server().command("PUBLISH", channel, message));
    }

    /** Publishes once the server is subscribed (PUBLISH reports at least one receiver). */
    private static void publishWhenSubscribed(String channel, String message) {
        await().atMost(TIMEOUT).until(() -> publish(channel, message) >= 1);
    }

    @Test
    void receivesMessagesOnItsChannelsOnlyAndInOrderOnItsOwnThread() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:a", "t:c"));
        assertThat(server.state()).isEqualTo(State.STOPPED);
        server.start();
        rec.next("start");
        assertThat(server.state()).isEqualTo(State.STARTED);

        // The message on the other channel is published first; the first message seen must be ours.
        assertThat(publish("t:b", "not for us")).isZero();
        for (int i = 0; i < 50; i++) {
            publish("t:a", "m" + i);
        }
        publish("t:c", "on c");
        for (int i = 0; i < 50; i++) {
            CallbackRecorder.Event e = rec.next("message");
            assertThat(e.detail()).isEqualTo("t:a m" + i);
            assertThat(e.thread()).startsWith("herald-redis-pubsub-callbacks-").doesNotContainIgnoringCase("lettuce")
                    .doesNotContainIgnoringCase("eventloop");
        }
        assertThat(rec.next("message").detail()).isEqualTo("t:c on c");
        assertThat(server.stats().messagesReceived()).isEqualTo(51);
    }

    @Test
    void controlMessagesAreConsumedAndNeverReachOnMessage() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:ctrl"));
        server.start();
        rec.next("start");
        publish("t:ctrl", "CTRL");
        publish("t:ctrl", "CTRL:STOP");
        publish("t:ctrl", "");
        publish("t:ctrl", "CTRLX:not control");
        assertThat(rec.next("message").detail()).isEqualTo("t:ctrl CTRLX:not control");
        assertThat(server.state()).isEqualTo(State.STARTED);
    }

    @Test
    void everyCallbackRunsOnTheCallbackThread() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:threads"));
        server.start();
        rec.next("start");
        publish("t:threads", "x");
        rec.next("message");
        rec.next(Duration.ofSeconds(5), "heartbeatSent");
        rec.next(Duration.ofSeconds(5), "heartbeatReceived");
        server.stop();
        rec.next("stop");
        assertThat(rec.all()).isNotEmpty()
                .allSatisfy(e -> assertThat(e.thread()).startsWith("herald-redis-pubsub-callbacks-"));
    }

    @Test
    void lifecycleStateTransitions() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:life"));
        assertThat(server.state()).isEqualTo(State.STOPPED);

        server.start();
        assertThat(rec.next("init", "start").kind()).isEqualTo("init");
        assertThat(rec.next("init", "start").kind()).isEqualTo("start");
        assertThat(server.state()).isEqualTo(State.STARTED);
        server.start(); // no-op while started

        server.stop();
        assertThat(server.state()).isEqualTo(State.STOPPED);
        assertThat(rec.next("stop", "init", "start").kind()).isEqualTo("stop");
        await().atMost(TIMEOUT).until(() -> publish("t:life", "nobody listens") == 0);
        server.stop(); // no-op while stopped

        server.restart();
        assertThat(rec.next("init", "start", "stop").kind()).isEqualTo("init");
        assertThat(rec.next("init", "start", "stop").kind()).isEqualTo("start");
        assertThat(server.state()).isEqualTo(State.STARTED);
        publishWhenSubscribed("t:life", "again");
        assertThat(rec.next("message").detail()).isEqualTo("t:life again");

        server.restart(); // while started: stop then start
        assertThat(rec.next("init", "start", "stop").kind()).isEqualTo("stop");
        assertThat(rec.next("init", "start", "stop").kind()).isEqualTo("init");
        assertThat(rec.next("init", "start", "stop").kind()).isEqualTo("start");
        assertThat(server.stats().timesStarted()).isEqualTo(3);
        assertThat(server.stats().totalErrors()).isZero();

        server.close();
        assertThat(server.state()).isEqualTo(State.DISPOSED);
        assertThat(rec.count("stop")).isEqualTo(3);
        server.close(); // idempotent
        server.stop(); // no-op once disposed
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("disposed");
        assertThatThrownBy(server::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("disposed");
        await().atMost(TIMEOUT).until(() -> publish("t:life", "after close") == 0);
    }

    @Test
    void pulsesAreSharedBetweenInstancesWithoutFlooding() {
        List<CallbackRecorder> recs = List.of(new CallbackRecorder(), new CallbackRecorder(), new CallbackRecorder());
        List<RedisPubSubServer> trio = new ArrayList<>();
        for (CallbackRecorder rec : recs) {
            trio.add(server(rec, b -> b.channels("t:pulse")));
        }
        trio.forEach(RedisPubSubServer::start);
        recs.forEach(r -> r.next("start"));
        // Count from the moment all three are subscribed, so start-up time does not pad the budget.
        long began = System.nanoTime();
        long[] sentBefore = trio.stream().mapToLong(s -> s.stats().heartbeatsSent()).toArray();
        long[] receivedBefore = trio.stream().mapToLong(s -> s.stats().heartbeatsReceived()).toArray();
        int wanted = 8;
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (int i = 0; i < trio.size(); i++) {
                if (trio.get(i).stats().heartbeatsReceived() - receivedBefore[i] < wanted) {
                    return false;
                }
            }
            return true;
        });
        double intervals = (System.nanoTime() - began) / (double) INTERVAL.toNanos();
        System.out.printf("pulse test: %.1f intervals%n", intervals);
        trio.forEach(s -> System.out.println(s.stats().describe()));
        long sent = trio.stream().mapToLong(s -> s.stats().heartbeatsSent()).sum() - java.util.Arrays.stream(sentBefore).sum();

        // Together they send about one pulse per interval (a few more when two draw nearly the same random
        // delay and pulse before seeing each other's); unshared they would send three.
        String stats = trio.stream().map(s -> s.stats().describe()).reduce("", (a, b) -> a + "\n" + b);
        assertThat((double) sent).as("pulses sent by 3 instances over %.1f intervals:%s", intervals, stats)
                .isLessThanOrEqualTo(1.5 * intervals + 2);
        // Every instance sees every pulse, whoever sent it (up to the ones still in flight).
        for (int i = 0; i < trio.size(); i++) {
            RedisPubSubServer s = trio.get(i);
            assertThat(s.stats().heartbeatsReceived() - receivedBefore[i]).as(stats).isGreaterThanOrEqualTo(sent - 2);
            assertThat(s.state()).isEqualTo(State.STARTED);
            assertThat(s.stats().timesStarted()).isEqualTo(1); // no heartbeat-timeout restarts
        }
        assertThat(recs).allSatisfy(r -> assertThat(r.count("heartbeatReceived")).isGreaterThanOrEqualTo(wanted));
    }

    @Test
    void reconnectsByItselfAfterRedisIsKilledAndComesBackOnTheSamePort() {
        RedisServerProcess redis = REDIS.server();
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:outage"));
        server.start();
        rec.next("init");
        rec.next("start");
        publishWhenSubscribed("t:outage", "before");
        assertThat(rec.next("message").detail()).isEqualTo("t:outage before");
        long serverTimeBefore = server.currentServerTimeMillis();

        redis.stop();
        assertThat(rec.next("stop", "error").kind()).isEqualTo("stop");
        // usually the dropped connection itself; a pulse in flight at that moment reports as RedisException
        assertThat(rec.next("error").detail()).containsAnyOf("RedisConnectionException", "RedisException");
        assertThat(server.state()).isEqualTo(State.STARTING);
        // keeps trying with back-off while Redis is down
        await().atMost(TIMEOUT).until(() -> server.stats().consecutiveErrors() >= 3);
        assertThat(server.state()).isEqualTo(State.STARTING);

        redis.start();
        long restartedAt = System.nanoTime();
        rec.next(Duration.ofSeconds(5), "init");
        rec.next(Duration.ofSeconds(5), "start");
        assertThat(Duration.ofNanos(System.nanoTime() - restartedAt)).isLessThan(Duration.ofSeconds(5));
        assertThat(server.state()).isEqualTo(State.STARTED);
        assertThat(rec.count("init")).isEqualTo(2);
        assertThat(server.stats().timesStarted()).isEqualTo(2);
        assertThat(server.stats().consecutiveErrors()).isZero();
        assertThat(server.stats().totalErrors()).isGreaterThanOrEqualTo(3);
        assertThat(server.stats().lastError()).isNotNull();
        assertThat(server.currentServerTimeMillis()).isGreaterThanOrEqualTo(serverTimeBefore);
        assertThat(rec.count("failover")).as("same address: not a failover").isZero();

        publishWhenSubscribed("t:outage", "after");
        assertThat(rec.next("message").detail()).isEqualTo("t:outage after");
    }

    @Test
    void startRetriesUntilRedisIsReachable() {
        RedisServerProcess redis = REDIS.server();
        redis.stop();
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:late"));
        server.start();
        assertThat(rec.next("error", "init").kind()).isEqualTo("error");
        assertThat(server.state()).isEqualTo(State.STARTING);
        await().atMost(TIMEOUT).until(() -> server.stats().consecutiveErrors() >= 2);

        server.stop(); // cancels the retries
        assertThat(server.state()).isEqualTo(State.STOPPED);
        long errors = server.stats().totalErrors();
        redis.start();
        server.start();
        rec.next("start");
        assertThat(server.stats().totalErrors()).isGreaterThanOrEqualTo(errors);
        assertThat(rec.count("stop")).as("never started, so never stopped").isZero();
        publishWhenSubscribed("t:late", "hello");
        assertThat(rec.next("message").detail()).isEqualTo("t:late hello");
    }

    @Test
    void reconnectsWhenNoPulseArrivesWithinTheHeartbeatTimeout() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:silent")
                .heartbeatInterval(Duration.ofMillis(100))
                .heartbeatTimeout(Duration.ofMillis(600)));
        server.start();
        rec.next("start");
        rec.next("heartbeatReceived");
        // PUBLISH is a write: pausing writes silences every pulse while the connection itself stays up.
        assertThat(REDIS.server().command("CLIENT", "PAUSE", "1500", "WRITE")).isEqualTo("OK");
        CallbackRecorder.Event error = rec.next(Duration.ofSeconds(5), "error");
        assertThat(error.detail()).startsWith("TimeoutException: no CTRL:PULSE received");
        assertThat(rec.next("start").kind()).isEqualTo("start");
        await().atMost(TIMEOUT).until(() -> server.stats().timesStarted() >= 2);
        REDIS.server().command("CLIENT", "UNPAUSE");
        long received = server.stats().heartbeatsReceived();
        await().atMost(TIMEOUT).until(() -> server.stats().heartbeatsReceived() > received);
        assertThat(server.state()).isEqualTo(State.STARTED);
    }

    @Test
    void fullCallbackQueueDropsMessagesInsteadOfBlockingLettuce() throws InterruptedException {
        CallbackRecorder rec = new CallbackRecorder();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch blocked = new CountDownLatch(1);
        RedisPubSubServer server = server(rec, b -> b.channels("t:full").maxQueuedMessages(2)
                .heartbeatInterval(Duration.ofSeconds(5)).heartbeatTimeout(Duration.ofSeconds(10))
                .onMessage((channel, message) -> {
                    rec.record("message", message);
                    if (message.equals("block")) {
                        blocked.countDown();
                        try {
                            release.await(10, TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }));
        server.start();
        rec.next("start");
        publishWhenSubscribed("t:full", "block");
        assertThat(blocked.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 0; i < 5; i++) {
            publish("t:full", "m" + i);
        }
        await().atMost(TIMEOUT).until(() -> server.stats().messagesDropped() == 3);
        release.countDown();
        assertThat(rec.next("message").detail()).isEqualTo("block");
        assertThat(rec.next("message").detail()).isEqualTo("m0");
        assertThat(rec.next("message").detail()).isEqualTo("m1");
        // the subscription itself is unaffected
        publish("t:full", "later");
        assertThat(rec.next("message").detail()).isEqualTo("later");
        assertThat(server.stats().messagesReceived()).isEqualTo(4);
    }

    @Test
    void callbackExceptionsAreCountedAndDoNotStopDelivery() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:boom").onMessage((channel, message) -> {
            if (message.equals("boom")) {
                throw new IllegalStateException("callback failure (expected by the test)");
            }
            rec.record("message", message);
        }));
        server.start();
        rec.next("start");
        publishWhenSubscribed("t:boom", "boom");
        publish("t:boom", "fine");
        assertThat(rec.next("message").detail()).isEqualTo("fine");
        assertThat(server.stats().callbackFailures()).isEqualTo(1);
        assertThat(server.state()).isEqualTo(State.STARTED);
    }

    @Test
    void serverTimeFollowsTheRedisClock() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = server(rec, b -> b.channels("t:time"));
        server.start();
        rec.next("start");
        String[] time = REDIS.server().command("TIME").replaceAll("[\\[\\] ]", "").split(",");
        long redisMillis = Long.parseLong(time[0]) * 1000 + Long.parseLong(time[1]) / 1000;
        assertThat(server.currentServerTimeMillis()).isBetween(redisMillis - 1_000, redisMillis + 1_000);
    }

    @Test
    void callbacksMayStopTheServer() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer[] self = new RedisPubSubServer[1];
        self[0] = server(rec, b -> b.channels("t:self").onMessage((channel, message) -> {
            self[0].stop();
            rec.record("message", message);
        }));
        self[0].start();
        rec.next("start");
        publishWhenSubscribed("t:self", "stop please");
        assertThat(rec.next("message").detail()).isEqualTo("stop please");
        rec.next("stop");
        assertThat(self[0].state()).isEqualTo(State.STOPPED);
    }

    @Test
    void acceptsABareHostAndPort() {
        CallbackRecorder rec = new CallbackRecorder();
        RedisPubSubServer server = new RedisPubSubServer(rec.wire(
                RedisPubSubOptions.builder("127.0.0.1:" + REDIS.server().port()).channels("t:bare")).build());
        servers.add(server);
        server.start();
        rec.next("start");
        publishWhenSubscribed("t:bare", "hi");
        assertThat(rec.next("message").detail()).isEqualTo("t:bare hi");
    }

    @Test
    void passwordInTheUriAndAWrongPasswordIsReportedAndRetried() {
        try (RedisServerProcess secured = RedisServerProcess.startNew("--requirepass", "s3cret")) {
            CallbackRecorder wrong = new CallbackRecorder();
            RedisPubSubServer denied = new RedisPubSubServer(wrong.wire(RedisPubSubOptions.builder(
                    "redis://:nope@127.0.0.1:" + secured.port()).channels("t:auth")
                    .reconnectMinDelay(Duration.ofMillis(50)).reconnectMaxDelay(Duration.ofMillis(200))).build());
            servers.add(denied);
            denied.start();
            // Under load a first attempt can also fail as "connection closed prematurely": wait for the
            // attempt whose error names the cause, and for the retries that follow it.
            await().atMost(TIMEOUT).ignoreExceptions().until(() ->
                    wrong.next("error", "start").detail().toUpperCase(java.util.Locale.ROOT).contains("WRONGPASS"));
            assertThat(denied.state()).isEqualTo(State.STARTING);
            await().atMost(TIMEOUT).until(() -> denied.stats().lastError() != null
                    && denied.stats().lastError().toUpperCase(java.util.Locale.ROOT).contains("WRONGPASS"));
            assertThat(denied.toString()).doesNotContain("nope");

            CallbackRecorder rec = new CallbackRecorder();
            RedisPubSubServer server = new RedisPubSubServer(rec.wire(RedisPubSubOptions.builder(
                    "redis://:s3cret@127.0.0.1:" + secured.port()).channels("t:auth")).build());
            servers.add(server);
            server.start();
            rec.next("start");
            await().atMost(TIMEOUT).until(() -> Long.parseLong(secured.command("PUBLISH", "t:auth", "secret hi")) >= 1);
            assertThat(rec.next("message").detail()).isEqualTo("t:auth secret hi");
            denied.stop();
        }
    }

    @Test
    void aRedisThatNeverAnswersIsReportedWithinTheCommandTimeoutAndStopIsPrompt() throws Exception {
        // Accepts TCP (the kernel completes the handshake) but never says a word.
        try (java.net.ServerSocket mute = new java.net.ServerSocket(0, 50, java.net.InetAddress.getByName("127.0.0.1"))) {
            CallbackRecorder rec = new CallbackRecorder();
            RedisPubSubServer server = new RedisPubSubServer(rec.wire(RedisPubSubOptions.builder(
                    "redis://127.0.0.1:" + mute.getLocalPort()).channels("t:mute")
                    .commandTimeout(Duration.ofMillis(500)).connectTimeout(Duration.ofMillis(500))).build());
            servers.add(server);
            long began = System.nanoTime();
            server.start();
            rec.next(Duration.ofSeconds(5), "error");
            assertThat(Duration.ofNanos(System.nanoTime() - began)).isLessThan(Duration.ofSeconds(4));
            assertThat(server.state()).isEqualTo(State.STARTING);
            long stopping = System.nanoTime();
            server.stop();
            assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(3));
            assertThat(server.state()).isEqualTo(State.STOPPED);
        }
    }
}
