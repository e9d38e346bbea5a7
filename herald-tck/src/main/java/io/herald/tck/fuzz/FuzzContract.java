package io.herald.tck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import io.herald.tck.SteadyPublisher;
import io.herald.tck.TckServer;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A seeded fuzz run against a real server: a few thousand hostile requests (see {@link FuzzCases}) while
 * three streams watch. A transport or application runs it by extending this class and starting its server
 * in {@link #startServer()}; it can describe its own routes ({@link #routes()}) and static files
 * ({@link #staticFiles()}) so they are attacked too. The Server Events endpoints are always attacked.
 *
 * <p>Asserts, for every answer: no 5xx, no Java class name, exception name, Jackson token or stack trace,
 * a clean reason phrase and clean headers, no header the request tried to forge, a 4xx for every path
 * traversal (see {@link ResponseCheck}). For the streams (see {@link StreamAudit}): every line a
 * {@code watcher} on the fuzzed channels and a {@code sender} (whose id the requests use) received is an
 * SSE field, with no raw CR, NUL, U+0085, U+2028 or U+2029; a {@code control} stream kept receiving a
 * steady publisher's events throughout (progress every 2 s) and got every one of them, in order. When the
 * server can count its own 500s ({@link #serverErrors()}), that count must stay 0.
 *
 * <p>The run starts with a sweep that puts every line break (CR, LF, CRLF, NUL, U+0085, U+2028, U+2029) into
 * every field and path variable of every route, as JSON, form and query string; then come the random
 * cases. Randomness comes from one seed, printed at the start. Re-run a failure with
 * {@code -Dherald.fuzz.seed=<seed>}; {@code -Dherald.fuzz.requests=N} random cases (default 2500) and
 * {@code -Dherald.fuzz.seconds=S} (default 40, the run stops early and says so) bound the run.
 */
public abstract class FuzzContract {

    private static final Pattern CONTROL_EVENT = Pattern.compile("data: control@cmd\\.n (\\d+)\n");
    private static final int MAX_REPORTED = 25;

    /** Starts the server under test on 127.0.0.1 and a free port. Closed after the run. */
    protected abstract TckServer startServer() throws Exception;

    /** The application's routes to attack besides the Server Events endpoints (default none). */
    protected List<FuzzRoute> routes() {
        return List.of();
    }

    /** Paths of static files the server serves, e.g. {@code /js/app.js}; traversal starts from their folders. */
    protected List<String> staticFiles() {
        return List.of();
    }

    /** The server's request body limit (default 1 MiB, HeraldServer's default). */
    protected int maxRequestBytes() {
        return 1024 * 1024;
    }

    /**
     * Answers the HTTP server under Herald gives by itself to requests it refuses before any application code runs
     * (a servlet container's parser), accepted for the {@code malformed} cases only: for example Tomcat's 501 for
     * {@code CONNECT} and unknown transfer codings. Default: none (Netty hands everything to Herald).
     */
    protected ContainerAnswers containerAnswers() {
        return ContainerAnswers.NONE;
    }

    /** How many requests the server answered with 500 so far, when it can tell (default: it cannot). */
    protected OptionalLong serverErrors() {
        return OptionalLong.empty();
    }

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void hostileRequestsNeverBreakTheServerOrItsStreams() throws Exception {
        long seed = Long.getLong("herald.fuzz.seed", new SecureRandom().nextLong());
        int requests = Integer.getInteger("herald.fuzz.requests", 2500);
        Duration budget = Duration.ofSeconds(Integer.getInteger("herald.fuzz.seconds", 40));
        System.out.printf("%s: fuzz seed %d, line-break sweep then %d random requests (repeat with -Dherald.fuzz.seed=%d)%n",
                getClass().getSimpleName(), seed, requests, seed);

        try (TckServer server = startServer()) {
            URI base = URI.create(server.baseUrl());
            List<String> channels = List.of("fuzz", "fuzz2");
            SseTestClient watcher = SseTestClient.open(server.baseUrl(), "/event-stream?channels=fuzz,fuzz2");
            SseTestClient sender = SseTestClient.open(server.baseUrl(), "/event-stream?channels=fuzz,fuzz2");
            SseTestClient control = SseTestClient.open(server.baseUrl(), "/event-stream?channels=control");
            AtomicBoolean running = new AtomicBoolean(true);
            Thread heartbeats = null;
            try {
                watcher.expectConnect();
                sender.expectConnect();
                control.expectConnect();
                heartbeats = heartbeats(running, List.of(watcher, sender, control));
                int watcherLinesBefore = watcher.rawText().split("\n").length;

                FuzzCases cases = new FuzzCases(seed, new FuzzCases.Target(base.getHost() + ":" + base.getPort(),
                        sender.subscriptionId(), watcher.connectValue("userId"), channels, routes(), staticFiles(),
                        maxRequestBytes()));
                FuzzClient client = new FuzzClient(base.getHost(), base.getPort(), 10_000);
                List<String> failures = new ArrayList<>();
                Map<String, Integer> categories = new TreeMap<>();
                Map<Integer, Integer> statuses = new TreeMap<>();
                long start = System.nanoTime();
                int sent = 0;

                try (SteadyPublisher publisher = new SteadyPublisher(server.serverEvents(), "control", Integer.MAX_VALUE, 20_000)) {
                    long nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    int lastControl = 0;
                    List<FuzzCase> sweep = cases.lineBreakSweep();
                    for (int i = 0; i < sweep.size() + requests; i++) {
                        if (System.nanoTime() - start > budget.toNanos()) {
                            System.out.printf("%s: time budget of %s reached after %d requests%n",
                                    getClass().getSimpleName(), budget, sent);
                            break;
                        }
                        FuzzCase c = i < sweep.size() ? sweep.get(i) : cases.next(i);
                        FuzzClient.Reply reply = client.send(c);
                        sent++;
                        categories.merge(c.category(), 1, Integer::sum);
                        statuses.merge(reply.status(), 1, Integer::sum);
                        for (String problem : ResponseCheck.problems(c, reply, containerAnswers())) {
                            failures.add(c + "\n      -> " + problem);
                        }
                        if (System.nanoTime() > nextCheck) {
                            int received = controlEvents(control.rawText()).size();
                            if (received <= lastControl) {
                                failures.add("control stream received nothing new in 2 s (still " + received
                                        + " events) around request #" + i);
                            }
                            lastControl = received;
                            nextCheck = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                        }
                    }
                    publisher.close();
                    int published = publisher.published();
                    try {
                        Awaitility.await().atMost(Duration.ofSeconds(10))
                                .until(() -> controlEvents(control.rawText()).size() >= published);
                    } catch (ConditionTimeoutException e) {
                        // reported below with what did arrive
                    }
                    List<Integer> received = controlEvents(control.rawText());
                    List<Integer> expected = new ArrayList<>();
                    for (int n = 1; n <= published; n++) {
                        expected.add(n);
                    }
                    if (!received.equals(expected)) {
                        failures.add("control stream got " + received.size() + " of " + published
                                + " events, or out of order; first difference at " + firstDifference(received, expected));
                    }
                }

                failures.addAll(StreamAudit.problems("watcher", watcher.rawText(), MAX_REPORTED));
                failures.addAll(StreamAudit.problems("sender", sender.rawText(), MAX_REPORTED));
                failures.addAll(StreamAudit.problems("control", control.rawText(), MAX_REPORTED));
                if (watcher.ended() || control.ended()) {
                    failures.add("a watching stream was closed during the run (watcher ended: " + watcher.ended()
                            + ", control ended: " + control.ended() + ")");
                }
                if (watcher.rawText().split("\n").length <= watcherLinesBefore) {
                    failures.add("the watcher saw none of the fuzz run's events: it was not watching");
                }
                OptionalLong errors = serverErrors();
                if (errors.isPresent() && errors.getAsLong() != 0) {
                    failures.add("the server counted " + errors.getAsLong() + " requests answered 500");
                }

                System.out.printf("%s: %d requests in %d ms; by family %s; by status %s%n", getClass().getSimpleName(),
                        sent, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), categories, statuses);
                assertThat(failures).as(() -> "fuzz seed " + seed + " (repeat with -Dherald.fuzz.seed=" + seed + "): "
                        + failures.size() + " problems, first ones:\n  " + String.join("\n  ",
                        failures.subList(0, Math.min(MAX_REPORTED, failures.size())))).isEmpty();
            } finally {
                running.set(false);
                if (heartbeats != null) {
                    heartbeats.join(5000);
                }
                watcher.close();
                sender.close();
                control.close();
            }
        }
    }

    /** Keeps the fuzzer's own subscriptions alive with their heartbeat URLs, as a real client does. */
    private static Thread heartbeats(AtomicBoolean running, List<SseTestClient> clients) {
        List<String> urls = clients.stream().map(c -> c.connectValue("heartbeatUrl")).toList();
        long interval = Math.max(200, Long.parseLong(clients.get(0).connectValue("heartbeatIntervalMs")) / 2);
        Thread t = new Thread(() -> {
            while (running.get()) {
                for (String url : urls) {
                    try {
                        RawHttp.post(url);
                    } catch (java.io.IOException e) {
                        // the next round tries again; a lost subscription shows in the stream checks
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(interval));
            }
        }, "fuzz-heartbeats");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static List<Integer> controlEvents(String raw) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = CONTROL_EVENT.matcher(raw);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    private static String firstDifference(List<Integer> received, List<Integer> expected) {
        for (int i = 0; i < Math.max(received.size(), expected.size()); i++) {
            Integer r = i < received.size() ? received.get(i) : null;
            Integer e = i < expected.size() ? expected.get(i) : null;
            if (r == null || !r.equals(e)) {
                return "position " + i + ": expected " + e + ", got " + r;
            }
        }
        return "none";
    }
}
