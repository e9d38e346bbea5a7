package io.herald.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.herald.CorsOptions;
import io.herald.ServerEventsOptions;
import io.herald.netty.HeraldServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's second test: in headless Chromium, a page served from one origin ({@code http://localhost:<p1>}, a
 * plain static web server) subscribes to Herald on another ({@code http://127.0.0.1:<p2>}) with nothing but
 * {@code new EventSource(url + '/event-stream?channels=home&framing=standard', {withCredentials})} and
 * {@code addEventListener('cmd.chat', e => JSON.parse(e.data))}. Java publishes a {@code cmd.chat} map and a typed
 * record without a selector ({@code cmd.Announcement}); the page parses both. With CORS off, with only another
 * origin allowed, or with credentials asked of a server that does not allow them, the same page is refused: the
 * EventSource fails for good, receives nothing, the console says why, and the stream the server had opened is
 * gone once the browser drops it.
 */
class CrossOriginEventSourceIT {

    /** A typed message: published without a selector it is the event {@code cmd.Announcement}. */
    record Announcement(String text, int priority) {
    }

    private static final Duration WAIT = Duration.ofSeconds(10);

    private static HeraldServer pages;
    private static String pageOrigin;
    private static Chromium chromium;

    private final List<TestHerald> servers = new ArrayList<>();

    @BeforeAll
    static void startBrowserAndPages() {
        pages = TestHerald.pagesOnly();
        pageOrigin = "http://localhost:" + pages.port();
        chromium = new Chromium();
    }

    @AfterAll
    static void stopBrowserAndPages() throws Exception {
        TestHerald.closeAll(chromium, pages == null ? null : pages::stop);
    }

    @AfterEach
    void stopServers() {
        servers.forEach(TestHerald::close);
    }

    private TestHerald herald(CorsOptions cors) {
        TestHerald herald = TestHerald.memory(ServerEventsOptions.builder().cors(cors).build());
        servers.add(herald);
        return herald;
    }

    private void openPage(TestHerald herald, boolean withCredentials) {
        chromium.openInNewTab(pageOrigin + "/cross-origin.html?herald=" + URLEncoder.encode(herald.baseUrl(), StandardCharsets.UTF_8)
                + "&credentials=" + withCredentials);
    }

    private Map<String, Object> sse() {
        return chromium.jsObject("return window.sse;");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> sse, String key) {
        return (List<Map<String, Object>>) sse.get(key);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> body(Map<String, Object> event) {
        return (Map<String, Object>) event.get("body");
    }

    @Test
    void aPageOnAnotherOriginReceivesNamedAndTypedEventsWithNoLibrary() {
        TestHerald herald = herald(CorsOptions.builder().allowedOrigins(pageOrigin).allowCredentials(true).build());
        assertThat(herald.baseUrl()).startsWith("http://127.0.0.1:").isNotEqualTo(pageOrigin);
        for (boolean withCredentials : new boolean[] {true, false}) {
            openPage(herald, withCredentials);
            await().atMost(WAIT).until(() -> sse().get("connect") != null);
            @SuppressWarnings("unchecked")
            String id = (String) ((Map<String, Object>) sse().get("connect")).get("id");
            assertThat(herald.events().getSubscriptionInfo(id)).as("the page's subscription").isNotNull();

            herald.events().notifyChannel("home", "cmd.chat", Map.of("message", "hello from Java", "private", false));
            herald.events().notifyChannel("home", new Announcement("maintenance at noon", 2));
            await().atMost(WAIT).until(() -> list(sse(), "announcements").size() == 1);

            Map<String, Object> sse = sse();
            assertThat(list(sse, "chats")).singleElement().satisfies(chat ->
                    assertThat(body(chat)).containsEntry("message", "hello from Java").containsEntry("private", false));
            Map<String, Object> announcement = list(sse, "announcements").get(0);
            assertThat(body(announcement)).isEqualTo(Map.of("text", "maintenance at noon", "priority", 2L));
            long chatId = Long.parseLong((String) list(sse, "chats").get(0).get("id"));
            assertThat(Long.parseLong((String) announcement.get("id"))).as("event ids as lastEventId").isGreaterThan(chatId);
            assertThat(list(sse, "unnamed")).as("every event is named: nothing for onmessage").isEmpty();
            assertThat(sse).containsEntry("opens", 1L).containsEntry("errors", 0L);
        }
    }

    @Test
    void thePageIsRefusedWithCorsOffWithAnotherOriginOrWithCredentialsNotAllowed() {
        TestHerald corsOff = herald(null);
        assertRefused(corsOff, false, "Access-Control-Allow-Origin");
        TestHerald otherOrigin = herald(CorsOptions.builder().allowedOrigins("http://elsewhere.example").build());
        assertRefused(otherOrigin, false, "Access-Control-Allow-Origin");

        // this server allows the page's origin, but not credentials: it works without them only
        TestHerald noCredentials = herald(CorsOptions.builder().allowedOrigins(pageOrigin).build());
        openPage(noCredentials, false);
        await().atMost(WAIT).until(() -> sse().get("connect") != null);
        assertRefused(noCredentials, true, "Access-Control-Allow-Credentials");
        chromium.closePage();

        // A simple GET has no preflight: each server did open the stream (and announced the join) before the
        // browser refused the answer. Chromium then reads on a while before it drops the connection (about 5 s,
        // seen with Chromium 156); once it has, the server removes the subscription like any closed one.
        long refused = System.nanoTime();
        await().atMost(Duration.ofSeconds(20)).until(() -> corsOff.events().getAllSubscriptionInfos().isEmpty()
                && otherOrigin.events().getAllSubscriptionInfos().isEmpty()
                && noCredentials.events().getAllSubscriptionInfos().isEmpty());
        System.out.printf("refused streams gone %d ms after the last refusal%n",
                Duration.ofNanos(System.nanoTime() - refused).toMillis());
    }

    private void assertRefused(TestHerald herald, boolean withCredentials, String consoleSays) {
        chromium.consoleLog(); // what earlier pages logged
        openPage(herald, withCredentials);
        await().atMost(WAIT).until(() -> Boolean.TRUE.equals(sse().get("closed")));
        herald.events().notifyChannel("home", "cmd.chat", Map.of("message", "not for you"));
        Map<String, Object> sse = sse();
        assertThat(sse).containsEntry("opens", 0L).containsEntry("connect", null);
        assertThat((Long) sse.get("errors")).isPositive();
        assertThat(list(sse, "chats")).isEmpty();
        assertThat(chromium.js("return window.es.readyState;")).as("CLOSED: no retry").isEqualTo(2L);
        assertThat(chromium.consoleLog()).as("the browser says why")
                .anyMatch(m -> m.contains("CORS policy") && m.contains(consoleSays));
    }
}
