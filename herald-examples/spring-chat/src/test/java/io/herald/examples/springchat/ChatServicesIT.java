package io.herald.examples.springchat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.tck.JsonText;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat's services over real HTTP, as chat.js calls them: chat lines and their history, announcements, sign-in
 * answers, and bad input answered with 4xx naming the field (never a 500 or a Java type).
 */
class ChatServicesIT {

    private static ConfigurableApplicationContext app;
    private static String base;

    @BeforeAll
    static void start() {
        app = ChatApps.start();
        base = ChatApps.baseUrl(app);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    private static RawHttp.Response form(String path, String body) throws Exception {
        return RawHttp.post(base + path, "application/x-www-form-urlencoded", body);
    }

    private static String message(RawHttp.Response r) {
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) JsonText.object(r.text()).get("responseStatus");
        return (String) status.get("message");
    }

    @Test
    void aChatLineGoesToTheChannelAndIntoTheHistory() throws Exception {
        try (SseTestClient c = SseTestClient.open(base, "/event-stream?channels=services")) {
            c.expectConnect();
            RawHttp.Response sent = form("/channels/services/chat", "from=" + c.subscriptionId()
                    + "&message=" + java.net.URLEncoder.encode("1 < 2 & \"so\"", java.nio.charset.StandardCharsets.UTF_8)
                    + "&selector=cmd.chat");
            assertThat(sent.status()).isEqualTo(200);
            String frame = c.nextMatching(e -> e.data() != null && e.data().startsWith("services@cmd.chat")).data();
            assertThat(frame).contains("\"message\":\"1 &lt; 2 &amp; &quot;so&quot;\"").contains("\"private\":false");
            assertThat(RawHttp.get(base + "/chathistory?channels=services").text())
                    .contains("\"results\":[").contains("1 &lt; 2");
        }
    }

    @Test
    void aSignedInUserAnnouncesToEveryPageInTheChannel() throws Exception {
        assertThat(form("/channels/news/announce", "text=hi").status()).as("anonymous").isEqualTo(401);
        RawHttp.Response signedIn = form("/auth", "userName=bob&password=builder");
        String cookie = signedIn.header("Set-Cookie").split(";")[0];
        try (SseTestClient page = SseTestClient.open(base, "/event-stream?channels=news")) {
            page.expectConnect();
            RawHttp.Response announced = RawHttp.send("POST", base + "/channels/news/announce",
                    Map.of("Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded"),
                    "text=Lunch is served".getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
            assertThat(announced.status()).isEqualTo(200);
            assertThat(page.nextCommand("announce").data()).isEqualTo("news@cmd.announce \"Lunch is served\"");
        }
    }

    @Test
    void signInAnswersInJson() throws Exception {
        RawHttp.Response bad = form("/auth", "provider=credentials&userName=alice&password=nope");
        assertThat(bad.status()).isEqualTo(401);
        assertThat(message(bad)).isEqualTo("Invalid UserName or Password");
        RawHttp.Response ok = form("/auth", "provider=credentials&userName=alice&password=wonderland");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(JsonText.object(ok.text())).containsEntry("userId", "alice").containsEntry("isAuthenticated", true);
        assertThat(ok.header("Set-Cookie")).contains("SameSite=Strict");
    }

    @Test
    void badInputIsA4xxNamingTheField() throws Exception {
        RawHttp.Response take = RawHttp.get(base + "/chathistory?channels=home&take=abc");
        assertThat(take.status()).isEqualTo(400);
        assertThat(message(take)).isEqualTo("'take' must be a whole number, got 'abc'");
        assertThat(message(RawHttp.get(base + "/chathistory?channels=home&take=-1"))).isEqualTo("'take' must be >= 0, got -1");
        RawHttp.Response nobody = form("/channels/home/chat", "from=nope&message=hi");
        assertThat(nobody.status()).isEqualTo(404);
        assertThat(message(nobody)).isEqualTo("Subscription nope does not exist");
        try (SseTestClient c = SseTestClient.open(base, "/event-stream?channels=home")) {
            c.expectConnect();
            String from = "from=" + c.subscriptionId();
            RawHttp.Response empty = form("/channels/home/chat", from + "&message=");
            assertThat(empty.status()).isEqualTo(400);
            assertThat(message(empty)).isEqualTo("'message' is required");
            RawHttp.Response selector = form("/channels/home/chat", from + "&message=hi&selector=cmd.x%0Aevil");
            assertThat(selector.status()).isEqualTo(400);
            assertThat(message(selector)).doesNotContain("\n").doesNotContain("java.");
            RawHttp.Response user = form("/channels/home/chat", from + "&message=hi&toUserId=ghost");
            assertThat(user.status()).isEqualTo(404);
            assertThat(message(user)).isEqualTo("User ghost is not connected");
            RawHttp.Response raw = form("/channels/home/raw", from + "&message=hi");
            assertThat(raw.status()).isEqualTo(400);
            assertThat(message(raw)).isEqualTo("'selector' is required, e.g. cmd.announce");
            RawHttp.Response guest = form("/auth/guest", "displayName=" + "x".repeat(40));
            assertThat(guest.status()).isEqualTo(400);
            assertThat(message(guest)).contains("'displayName'");
        }
    }

    @Test
    void thePageLearnsItsSettings() throws Exception {
        assertThat(JsonText.object(RawHttp.get(base + "/config").text())).containsEntry("signInRequired", false)
                .containsEntry("background", "/img/bg.svg");
    }
}
