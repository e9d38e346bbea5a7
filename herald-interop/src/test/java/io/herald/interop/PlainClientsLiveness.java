package io.herald.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.ServerEventsOptions;
import io.herald.tck.JsonText;
import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's first test: the npm {@code eventsource} package on node and Chromium's native {@code EventSource}, two
 * plain SSE clients that never send a heartbeat POST, stay connected for {@value #IDLE_TIMEOUTS} idle timeouts
 * (compressed: 1.5 s each, with heartbeat and keepalive intervals of 0.5 s) with ONE identity each: one
 * {@code onConnect}, one subscription id throughout, one join seen by a watcher on the channel and no leave.
 * They keep receiving events the whole time. Then each is killed (the node process with SIGKILL, the page by
 * closing its tab) and the server notices within seconds: the watcher gets its {@code onLeave} and
 * {@code getSubscriptionInfo} answers null.
 *
 * <p>Subclasses say where the clients connect and where the watcher and the registry look-ups go (on Redis: a
 * second server on the same Redis, which must not sweep streams its peer keeps alive).
 */
abstract class PlainClientsLiveness {

    static final Duration IDLE = Duration.ofMillis(1500);
    static final int IDLE_TIMEOUTS = 10;
    /** A client that was killed is gone from the server's view within this. */
    static final Duration NOTICED_WITHIN = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Pattern USER_ID = Pattern.compile("\"userId\":\"([^\"]+)\"");

    /** Short timings so ten idle timeouts take 15 s; liveness is the default, {@code AUTO}. */
    static ServerEventsOptions options() {
        return ServerEventsOptions.builder()
                .idleTimeout(IDLE)
                .heartbeatInterval(Duration.ofMillis(500))
                .keepaliveInterval(Duration.ofMillis(500))
                .houseKeepingInterval(Duration.ofMillis(250))
                .build();
    }

    /** The server the two clients connect to. */
    abstract TestHerald clientSide();

    /** The server the watcher connects to and the registry is asked through. */
    abstract TestHerald watcherSide();

    private NodeProcess node;
    private Chromium chromium;
    private SseTestClient watcher;

    /** Stops what {@link #clientSide()} and {@link #watcherSide()} started; runs after the clients are closed. */
    abstract void closeServers() throws Exception;

    @AfterEach
    void closeClientsThenServers() throws Exception {
        TestHerald.closeAll(node, chromium, watcher);
        closeServers();
    }

    @Test
    void plainClientsStayWithOneIdentityThroughManyIdleTimeoutsAndAreRemovedOnceKilled() throws Exception {
        TestHerald herald = clientSide();
        TestHerald look = watcherSide();
        watcher = SseTestClient.open(look.baseUrl(), "/event-stream?channels=home");
        watcher.expectConnect();
        watcher.nextCommand("onJoin"); // its own

        // npm eventsource, W3C named events; Chromium, ServiceStack's frames through onmessage
        node = NodeProcess.start("eventsource-client.mjs",
                herald.baseUrl() + "/event-stream?channels=home&framing=standard", "cmd.onConnect", "cmd.tick");
        Map<String, Object> nodeConnect = JsonText.object((String) node.await("cmd.onConnect",
                l -> "cmd.onConnect".equals(l.get("type"))).get("data"));
        chromium = new Chromium();
        chromium.open(herald.baseUrl() + "/plain-eventsource.html?stream="
                + URLEncoder.encode("/event-stream?channels=home", StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> pageData().stream().anyMatch(d -> d.startsWith("cmd.onConnect ")));
        Map<String, Object> pageConnect = JsonText.object(pageData().get(0).substring("cmd.onConnect ".length()));
        String nodeId = (String) nodeConnect.get("id");
        String nodeUser = (String) nodeConnect.get("userId");
        String pageId = (String) pageConnect.get("id");
        String pageUser = (String) pageConnect.get("userId");
        System.out.printf("npm eventsource %s on %s: %s (%s); chromium: %s (%s)%n",
                node.of("started").get(0).get("version"), node.of("started").get(0).get("node"),
                nodeId, nodeUser, pageId, pageUser);
        assertThat(List.of(userIdOf(watcher.nextCommand("onJoin")), userIdOf(watcher.nextCommand("onJoin"))))
                .containsExactlyInAnyOrder(nodeUser, pageUser);

        long started = System.nanoTime();
        for (int round = 1; round <= IDLE_TIMEOUTS; round++) {
            String n = Integer.toString(round);
            herald.events().notifyChannel("home", "cmd.tick", round);
            node.await("tick " + n, l -> "cmd.tick".equals(l.get("type")) && n.equals(l.get("data")));
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(25))
                    .until(() -> pageData().contains("home@cmd.tick " + n));
            watcher.nextMatching(e -> "cmd.tick".equals(e.selector()) && n.equals(e.body()));
            // then a whole idle timeout in which neither client sends anything: only keepalive comments flow
            await().during(IDLE).atMost(IDLE.plus(WAIT))
                    .until(() -> bothStillThere(look, nodeId, pageId));
        }
        long idleMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(idleMs).isGreaterThanOrEqualTo(IDLE.toMillis() * IDLE_TIMEOUTS);

        // one identity each, the whole time: one open, one onConnect, one join, no leave, no error, no expiry
        assertThat(node.of("open")).hasSize(1);
        assertThat(node.of("error")).isEmpty();
        assertThat(node.of("event").stream().filter(l -> "cmd.onConnect".equals(l.get("type")))).hasSize(1);
        assertThat(node.of("event").stream().filter(l -> "cmd.tick".equals(l.get("type")))).hasSize(IDLE_TIMEOUTS);
        assertThat(chromium.jsLong("return window.sse.opens;")).isEqualTo(1);
        assertThat(chromium.jsLong("return window.sse.errors;")).isZero();
        assertThat(pageData().stream().filter(d -> d.startsWith("cmd.onConnect "))).hasSize(1);
        assertThat(pageData().stream().filter(d -> d.startsWith("home@cmd.tick "))).hasSize(IDLE_TIMEOUTS);
        assertThat(watcher.taken().stream().filter(e -> e.is("onJoin")).map(PlainClientsLiveness::userIdOf))
                .as("joins the watcher saw (its own first)").hasSize(3).contains(nodeUser, pageUser);
        assertThat(watcher.taken()).noneMatch(e -> e.is("onLeave"));
        assertThat(herald.stat("expired")).isZero();
        // keepalive comments were what kept the streams busy: the raw watcher, node's parser and Chromium saw them
        int minimum = IDLE_TIMEOUTS * 2;
        assertThat(keepalives(watcher.rawText())).as("keepalive comments on the watcher").isGreaterThanOrEqualTo(minimum);
        node.send("counts");
        assertThat(((Number) node.await("counts", l -> "counts".equals(l.get("kind"))).get("comments")).intValue())
                .as("comment lines npm eventsource skipped").isGreaterThanOrEqualTo(minimum);
        assertThat(chromium.keepaliveChunks("/event-stream")).as("keepalive comments Chromium received")
                .isGreaterThanOrEqualTo(minimum);

        // the node process is killed: its connection closes and the server removes it
        long killed = System.nanoTime();
        node.kill();
        SseEvent nodeLeft = watcher.nextMatching(e -> e.is("onLeave"));
        assertThat(userIdOf(nodeLeft)).isEqualTo(nodeUser);
        await().atMost(NOTICED_WITHIN).until(() -> look.events().getSubscriptionInfo(nodeId) == null);
        long nodeGoneMs = Duration.ofNanos(System.nanoTime() - killed).toMillis();
        assertThat(look.events().getSubscriptionInfo(pageId)).as("the page is still there").isNotNull();

        // the page is closed: the same
        long closed = System.nanoTime();
        chromium.closePage();
        SseEvent pageLeft = watcher.nextMatching(e -> e.is("onLeave"));
        assertThat(userIdOf(pageLeft)).isEqualTo(pageUser);
        await().atMost(NOTICED_WITHIN).until(() -> look.events().getSubscriptionInfo(pageId) == null);
        long pageGoneMs = Duration.ofNanos(System.nanoTime() - closed).toMillis();
        System.out.printf("idle for %d ms (%d idle timeouts); killed node gone after %d ms, closed page after %d ms%n",
                idleMs, IDLE_TIMEOUTS, nodeGoneMs, pageGoneMs);
        assertThat(herald.stat("expired")).as("removed because the connection closed, not by expiry").isZero();
    }

    private boolean bothStillThere(TestHerald look, String nodeId, String pageId) {
        return look.events().getSubscriptionInfo(nodeId) != null
                && look.events().getSubscriptionInfo(pageId) != null
                && node.of("open").size() == 1 && node.of("error").isEmpty()
                && chromium.jsLong("return window.sse.opens;") == 1
                && chromium.jsLong("return window.sse.errors;") == 0;
    }

    @SuppressWarnings("unchecked")
    private List<String> pageData() {
        return (List<String>) chromium.js("return window.sse.messages.map(function (m) { return m.data; });");
    }

    private static String userIdOf(SseEvent e) {
        Matcher m = USER_ID.matcher(e.body());
        return m.find() ? m.group(1) : null;
    }

    private static int keepalives(String raw) {
        int count = 0;
        for (int at = raw.indexOf(": keepalive\n"); at >= 0; at = raw.indexOf(": keepalive\n", at + 1)) {
            count++;
        }
        return count;
    }
}
