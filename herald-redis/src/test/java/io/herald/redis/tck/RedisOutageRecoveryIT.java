package io.herald.redis.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.ServerEventsOptions;
import io.herald.http.HttpError;
import io.herald.netty.HeraldServer;
import io.herald.redis.RedisServerEvents;
import io.herald.redis.tck.HttpPublisher.Attempt;
import io.herald.redis.tck.StreamRecorder.Arrival;
import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import io.herald.testkit.RedisServerProcess;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's Redis-outage test: two Herald servers on one real redis-server, two subscribers on each, a publisher
 * POSTing lines over HTTP at 20/s to both servers in turn, through routes shaped like the chat app's
 * ({@code /channels/{channel}/chat} takes a number then publishes, {@code /channels/{channel}/raw} only publishes).
 * Redis is killed (SIGKILL) for 5 s, then started again on the same port, empty.
 *
 * <p>Checked: every publish during the outage answers 503 with {@code Retry-After} and a message naming Redis and
 * its address, and so does opening a stream; publishing and delivery resume within 2 s of Redis answering and stay
 * up; every acknowledged line reaches every subscriber once, in order; the subscriber lists are whole again on
 * both servers; the log says once that Redis went away and once that it came back, per server and component, with
 * no stack trace from Herald. The measured figures are printed on a line starting {@code OUTAGE-FIGURES}.
 */
class RedisOutageRecoveryIT {

    private static final String CHANNEL = "room";
    private static final String PREFIX = "outage:sse:";
    private static final int PUBLISHES_PER_SECOND = 20;
    private static final Duration OUTAGE = Duration.ofSeconds(5);
    /** The promise: publishing and delivery resume within this long of Redis answering again. */
    private static final Duration RECOVERY = Duration.ofSeconds(2);
    /** The bound on every wait, generous for a busy 2-core machine; {@link #RECOVERY} is asserted on its own. */
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Anything that looks like a Java type in a message meant for clients. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "Exception|Error\\b|\\bjava\\.|\\bio\\.(lettuce|netty|herald)\\.|\\$|\\.[A-Z][A-Za-z]+\\b");

    /** The chat route's request: a line from subscription {@code from} to {@code channel}. */
    public record ChatLine(String channel, String from, String message) {
    }

    private record Node(String name, HeraldServer http, ServerEventsFeature feature) {
        String base() {
            return http.baseUrl();
        }
    }

    /** When the outage happened (System.nanoTime): killed, restart called, Redis answering again. */
    private record Timeline(long killed, long restartCalled, long answering) {
        /** Milliseconds from Redis answering again to {@code nanos}. */
        long ms(long nanos) {
            return TimeUnit.NANOSECONDS.toMillis(nanos - answering);
        }
    }

    /** What opening a stream on server {@code server} answered while Redis was down. */
    private record StreamAnswer(String server, int status, String retryAfter, String message) {
    }

    /** The components that log an outage: once when it starts (WARN), once when it ends (INFO), per server. */
    private static final List<String> OUTAGE_LOGGERS = List.of("io.herald.redis.RedisStore",
            "io.herald.redis.RedisPubSubServer");

    private final List<AutoCloseable> toClose = new ArrayList<>();
    private RedisServerProcess redis;
    private String address;
    private List<Node> nodes;
    private List<StreamRecorder> recorders;
    private Map<String, List<StreamRecorder>> onServer;
    private HttpPublisher publisher;

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** A Herald server on the shared Redis with the chat app's publishing route. */
    private Node node(String name) {
        ServerEventsOptions options = ServerEventsOptions.builder().idleTimeout(Duration.ofMinutes(2)).build();
        ServerEventsFeature feature = ServerEventsFeature.create(options, RedisServerEvents.factory(redis.uri(), PREFIX));
        ServerEvents events = feature.serverEvents();
        HeraldServer http = HeraldServer.builder().host("127.0.0.1").port(0).handler(feature)
                // as the chat app's routes: the sender must exist; a chat line takes a number, a raw one does not
                .route("POST", "/channels/{channel}/chat", ChatLine.class, (ctx, line) -> {
                    requireSender(events, line);
                    long number = events.getNextSequence("chatMsg");
                    events.notifyChannel(line.channel(), "cmd.chat", line.message());
                    return Map.of("id", number);
                })
                .route("POST", "/channels/{channel}/raw", ChatLine.class, (ctx, line) -> {
                    requireSender(events, line);
                    events.notifyChannel(line.channel(), "cmd.chat", line.message());
                    return null;
                })
                .build();
        http.start();
        toClose.add(() -> {
            http.stop();
            feature.close();
        });
        return new Node(name, http, feature);
    }

    private static void requireSender(ServerEvents events, ChatLine line) {
        if (events.getSubscriptionInfo(line.from()) == null) {
            throw HttpError.notFound("Subscription " + line.from() + " does not exist");
        }
    }

    private StreamRecorder subscribe(Node node, String name) throws Exception {
        SseTestClient c = SseTestClient.open(node.base(), "/event-stream?channels=" + CHANNEL);
        c.expectConnect();
        StreamRecorder r = new StreamRecorder(name, c);
        toClose.add(r);
        return r;
    }

    @Test
    void anOutageAnswers503AndNothingAcknowledgedIsLostOnceRedisIsBack() throws Exception {
        redis = RedisServerProcess.startNew();
        address = "127.0.0.1:" + redis.port();
        Node one = node("one");
        Node two = node("two");
        nodes = List.of(one, two);
        StreamRecorder a1 = subscribe(one, "one/a");
        StreamRecorder a2 = subscribe(one, "one/b");
        StreamRecorder b1 = subscribe(two, "two/a");
        StreamRecorder b2 = subscribe(two, "two/b");
        recorders = List.of(a1, a2, b1, b2);
        onServer = Map.of("one", List.of(a1, a2), "two", List.of(b1, b2));
        Set<String> userIds = recorders.stream().map(r -> r.client().connectValue("userId")).collect(Collectors.toSet());

        // servers in turn, and each server's two routes in turn
        String path = "/channels/" + CHANNEL;
        publisher = new HttpPublisher(List.of(
                new HttpPublisher.Target("one", one.base() + path + "/chat", a1.client().subscriptionId()),
                new HttpPublisher.Target("two", two.base() + path + "/raw", b1.client().subscriptionId()),
                new HttpPublisher.Target("one", one.base() + path + "/raw", a1.client().subscriptionId()),
                new HttpPublisher.Target("two", two.base() + path + "/chat", b1.client().subscriptionId())),
                PUBLISHES_PER_SECOND);
        toClose.add(publisher);
        await("steady delivery before the outage").atMost(PATIENCE)
                .until(() -> recorders.stream().allMatch(r -> r.chats(CHANNEL).size() >= 10));

        List<StreamAnswer> streamAnswers = new ArrayList<>();
        Timeline t;
        List<CapturedLog.Entry> log;
        try (CapturedLog captured = CapturedLog.start()) {
            redis.stop(); // SIGKILL: a crash
            long killed = System.nanoTime();
            for (Node n : nodes) {
                streamAnswers.add(openStreamDuringOutage(n));
            }
            await("an outage of " + OUTAGE + " under steady publishing").atMost(PATIENCE).pollInterval(Duration.ofMillis(50))
                    .until(() -> System.nanoTime() - killed >= OUTAGE.toNanos()
                            && publisher.matching(a -> a.sentNanos() > killed).size() >= 40);

            long restartCalled = System.nanoTime();
            redis.start(); // same port, empty (no persistence); returns once it answers PING
            t = new Timeline(killed, restartCalled, System.nanoTime());

            await("a publish acknowledged and delivered on each server after the restart").atMost(PATIENCE)
                    .until(() -> nodes.stream().allMatch(n -> firstAcknowledged(n.name(), t.restartCalled()) != null
                            && firstDelivery(n.name(), t.restartCalled()) != null));
            long recovered = System.nanoTime();
            await("two more seconds of steady publishing").atMost(PATIENCE)
                    .until(() -> publisher.matching(a -> a.sentNanos() > recovered).size() >= 2 * PUBLISHES_PER_SECOND);
            publisher.close();

            int lastAcknowledged = publisher.matching(Attempt::acknowledged).stream().mapToInt(Attempt::k).max().orElseThrow();
            await("every subscriber has the last acknowledged line").atMost(PATIENCE)
                    .until(() -> recorders.stream().allMatch(r -> numbers(r).contains(lastAcknowledged)));
            await("the subscriber lists are whole again").atMost(PATIENCE).ignoreExceptions().untilAsserted(() -> {
                for (Node n : nodes) {
                    assertThat(JsonText.array(RawHttp.get(n.base() + "/event-subscribers?channels=" + CHANNEL).text()))
                            .extracting(m -> String.valueOf(m.get("userId")))
                            .containsExactlyInAnyOrderElementsOf(userIds);
                }
            });
            log = captured.entries();
        }

        List<Attempt> attempts = publisher.attempts();
        report(attempts, t, streamAnswers, log);
        SoftAssertions soft = new SoftAssertions();
        checkAnswers(soft, attempts, t, streamAnswers);
        checkRecovery(soft, attempts, t);
        checkDeliveries(soft, attempts, t);
        checkLog(soft, log, t);
        if (!soft.wasSuccess()) {
            System.out.println("Publishes: " + attempts);
            log.forEach(e -> System.out.println("LOG " + e));
        }
        soft.assertAll();
    }

    /** Every answer is a success or a 503 with the reason; while Redis was down, all are 503; streams too. */
    private void checkAnswers(SoftAssertions soft, List<Attempt> attempts, Timeline t, List<StreamAnswer> streams) {
        soft.assertThat(attempts).as("answers other than 2xx or 503")
                .filteredOn(a -> !a.acknowledged() && a.status() != 503).isEmpty();
        soft.assertThat(attempts).as("publishes while Redis was down")
                .filteredOn(a -> a.sentNanos() > t.killed() && a.answeredNanos() < t.restartCalled())
                .hasSizeGreaterThanOrEqualTo(40)
                .allSatisfy(a -> assertThat(a.status()).as("%s", a).isEqualTo(503));
        for (Attempt a : attempts) {
            if (a.status() == 503) {
                checkUnavailable(soft, a.toString(), a.retryAfter(), String.valueOf(responseMessage(a.body())));
                soft.assertThat(JAVA_NAME.matcher(a.reason()).find()).as("a Java name in the reason of %s", a).isFalse();
            }
        }
        for (StreamAnswer s : streams) {
            soft.assertThat(s.status()).as("status of %s", s).isEqualTo(503);
            checkUnavailable(soft, s.toString(), s.retryAfter(), s.message());
        }
    }

    private void checkUnavailable(SoftAssertions soft, String what, String retryAfter, String message) {
        soft.assertThat(retryAfter).as("Retry-After of %s", what).isNotNull().matches("[1-9][0-9]*");
        soft.assertThat(message).as("message of %s", what).contains("Redis at ", address, "unavailable");
        soft.assertThat(JAVA_NAME.matcher(message).find()).as("a Java name in the message of %s", what).isFalse();
    }

    /** Publishing and delivery resume within {@link #RECOVERY} of Redis answering, and stay up. */
    private void checkRecovery(SoftAssertions soft, List<Attempt> attempts, Timeline t) {
        for (Node n : nodes) {
            Attempt first = firstAcknowledged(n.name(), t.restartCalled());
            soft.assertThat(t.ms(first.answeredNanos())).as("ms from Redis answering to a 2xx from server %s", n.name())
                    .isLessThan(RECOVERY.toMillis());
            soft.assertThat(t.ms(firstDelivery(n.name(), t.restartCalled())))
                    .as("ms from Redis answering to a delivery on server %s", n.name()).isLessThan(RECOVERY.toMillis());
            soft.assertThat(attempts).as("failures on server %s after its first success after the restart", n.name())
                    .filteredOn(a -> a.target().equals(n.name()) && a.sentNanos() > first.answeredNanos() && !a.acknowledged())
                    .isEmpty();
        }
        long settled = t.answering() + RECOVERY.toNanos();
        soft.assertThat(attempts).as("failures sent more than %s after Redis answered", RECOVERY)
                .filteredOn(a -> a.sentNanos() > settled && !a.acknowledged()).isEmpty();
    }

    /**
     * Every acknowledged line reaches every subscriber once, in order; a line that was not acknowledged may only
     * arrive if it was in flight when Redis was killed (it may have run without its answer getting back).
     */
    private void checkDeliveries(SoftAssertions soft, List<Attempt> attempts, Timeline t) {
        List<Integer> acknowledged = attempts.stream().filter(Attempt::acknowledged).map(Attempt::k).toList();
        Set<Integer> inFlightAtKill = attempts.stream()
                .filter(a -> !a.acknowledged() && a.sentNanos() < t.killed()).map(Attempt::k).collect(Collectors.toSet());
        for (StreamRecorder r : recorders) {
            List<Integer> got = numbers(r);
            soft.assertThat(got).as("lines on %s", r.name()).doesNotHaveDuplicates().isSorted();
            soft.assertThat(got).as("acknowledged lines missing on %s", r.name()).containsAll(acknowledged);
            Set<Integer> extra = new LinkedHashSet<>(got);
            acknowledged.forEach(extra::remove);
            soft.assertThat(extra).as("unacknowledged lines delivered on %s", r.name()).isSubsetOf(inFlightAtKill);
            List<Long> ids = r.chats(CHANNEL).stream().map(c -> c.event().numericId()).toList();
            soft.assertThat(ids).as("event ids on %s", r.name()).doesNotHaveDuplicates().isSorted();
        }
    }

    /**
     * Per server, one WARN when each component lost Redis and one INFO when it answered again; no stack trace from
     * Herald. Lettuce logs its own failed reconnect attempts (with a stack trace) at most once per 5 s per
     * connection (its built-in quiet time; each server has one auto-reconnecting connection, the subscription
     * reconnects by itself): bounded by the outage's length, not by the number of requests.
     */
    private void checkLog(SoftAssertions soft, List<CapturedLog.Entry> log, Timeline t) {
        soft.assertThat(log).as("ERROR entries").filteredOn(e -> e.level().equals("ERROR")).isEmpty();
        soft.assertThat(log).as("Herald log entries with a stack trace")
                .filteredOn(e -> !e.logger().startsWith("io.lettuce.") && e.hasStackTrace()).isEmpty();
        for (String component : OUTAGE_LOGGERS) {
            soft.assertThat(log).as("WARN from %s", component)
                    .filteredOn(e -> e.logger().equals(component) && e.level().equals("WARN"))
                    .hasSize(nodes.size()).allSatisfy(e -> assertThat(e.message()).contains(address));
            soft.assertThat(log).as("INFO from %s", component)
                    .filteredOn(e -> e.logger().equals(component) && e.level().equals("INFO"))
                    .hasSize(nodes.size()).allSatisfy(e -> assertThat(e.message()).contains(address));
        }
        soft.assertThat(log).as("other WARN entries from Herald")
                .filteredOn(e -> e.level().equals("WARN") && e.logger().startsWith("io.herald.")
                        && !OUTAGE_LOGGERS.contains(e.logger()))
                .isEmpty();
        long lettuceBound = nodes.size() * (TimeUnit.NANOSECONDS.toSeconds(t.answering() - t.killed()) / 5 + 1);
        soft.assertThat(lettuceWarnings(log)).as("WARN entries from Lettuce (one per connection and 5 s of outage)")
                .isLessThanOrEqualTo(lettuceBound);
        soft.assertThat(log).as("entries from neither Herald nor Lettuce")
                .filteredOn(e -> !e.logger().startsWith("io.herald.") && !e.logger().startsWith("io.lettuce.")).isEmpty();
    }

    private static long lettuceWarnings(List<CapturedLog.Entry> log) {
        return log.stream().filter(e -> e.logger().startsWith("io.lettuce.") && e.level().equals("WARN")).count();
    }

    /** Prints the figures (one line starting {@code OUTAGE-FIGURES}) and the publishes around the restart. */
    private void report(List<Attempt> attempts, Timeline t, List<StreamAnswer> streams, List<CapturedLog.Entry> log) {
        Map<String, Long> publishMs = new LinkedHashMap<>();
        Map<String, Long> deliveryMs = new LinkedHashMap<>();
        for (Node n : nodes) {
            publishMs.put(n.name(), t.ms(firstAcknowledged(n.name(), t.restartCalled()).answeredNanos()));
            deliveryMs.put(n.name(), t.ms(firstDelivery(n.name(), t.restartCalled())));
        }
        System.out.printf("OUTAGE-FIGURES 503s=%d publishes=%d outageMs=%d redisStartMs=%d firstPublishMs=%d"
                        + " publishMs=%s deliveryMs=%s lettuceWarnings=%d%n",
                attempts.stream().filter(a -> a.status() == 503).count(), attempts.size(),
                TimeUnit.NANOSECONDS.toMillis(t.restartCalled() - t.killed()),
                TimeUnit.NANOSECONDS.toMillis(t.answering() - t.restartCalled()),
                publishMs.values().stream().mapToLong(Long::longValue).min().orElseThrow(), publishMs, deliveryMs,
                lettuceWarnings(log));
        System.out.println("Streams opened during the outage: " + streams);
        System.out.println("503 messages: " + attempts.stream().filter(a -> a.status() == 503)
                .map(a -> String.valueOf(responseMessage(a.body()))).collect(Collectors.toCollection(TreeSet::new)));
        long until = t.answering() + TimeUnit.MILLISECONDS.toNanos(100 + Math.max(
                Collections.max(publishMs.values()), Collections.max(deliveryMs.values())));
        System.out.println("Publishes around the restart (ms from Redis answering: sent..answered status server):");
        for (Attempt a : attempts) {
            if (a.answeredNanos() > t.restartCalled() - TimeUnit.MILLISECONDS.toNanos(100) && a.sentNanos() < until) {
                System.out.printf("  n%d %d..%d %d %s%n", a.k(), t.ms(a.sentNanos()), t.ms(a.answeredNanos()),
                        a.status(), a.target());
            }
        }
    }

    /** Tries to open a stream while Redis is down. */
    private static StreamAnswer openStreamDuringOutage(Node n) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest req = HttpRequest.newBuilder(URI.create(n.base() + "/event-stream?channels=" + CHANNEL))
                .timeout(Duration.ofSeconds(10)).GET().build();
        HttpResponse<InputStream> res = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = res.body()) {
            String retryAfter = res.headers().firstValue("Retry-After").orElse(null);
            if (res.statusCode() == 200) {
                return new StreamAnswer(n.name(), 200, retryAfter, "a stream opened"); // reading on would wait for events
            }
            String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            return new StreamAnswer(n.name(), res.statusCode(), retryAfter, String.valueOf(responseMessage(text)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Object responseMessage(String body) {
        try {
            Map<String, Object> status = (Map<String, Object>) JsonText.object(body).get("responseStatus");
            return status == null ? body : status.get("message");
        } catch (RuntimeException notJson) {
            return body;
        }
    }

    /** The first publish to server {@code server} answered with a 2xx after {@code since}, or null. */
    private Attempt firstAcknowledged(String server, long since) {
        return publisher.attempts().stream()
                .filter(a -> a.target().equals(server) && a.acknowledged() && a.answeredNanos() > since)
                .findFirst().orElse(null);
    }

    /** When the first line after {@code since} reached a subscriber on server {@code server}, or null. */
    private Long firstDelivery(String server, long since) {
        Long first = null;
        for (StreamRecorder r : onServer.get(server)) {
            for (Arrival a : r.chats(CHANNEL)) {
                if (a.nanos() > since) {
                    first = first == null ? a.nanos() : Math.min(first, a.nanos());
                    break;
                }
            }
        }
        return first;
    }

    /** The numbers k of the lines {@code "n<k>"} a subscriber got, in the order it got them. */
    private static List<Integer> numbers(StreamRecorder r) {
        List<Integer> out = new ArrayList<>();
        for (Arrival a : r.chats(CHANNEL)) {
            String body = a.event().body(); // "\"n<k>\""
            out.add(Integer.parseInt(body.substring(2, body.length() - 1)));
        }
        return out;
    }
}
