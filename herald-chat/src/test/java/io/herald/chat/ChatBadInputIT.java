package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The chat's routes refuse bad input with an exact 400 naming the field or the request body (issue 14):
 * JSON {@code null} and other non-objects, wrongly-typed fields from JSON, forms and query strings, and
 * text that could break a line in selectors, channels and user ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ChatBadInputIT {

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private ChatApp app;
    private SseTestClient alice;
    private String from;

    @BeforeAll
    void start() throws Exception {
        app = TestApps.start("IdleTimeoutSeconds", "60");
        alice = SseTestClient.open(base(), "/event-stream?channels=home");
        alice.expectConnect();
        from = alice.subscriptionId();
    }

    @AfterAll
    void stop() {
        alice.close();
        app.close();
    }

    private String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private static String error(String code, String message) {
        return "{\"responseStatus\":{\"errorCode\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\") + "\"}}";
    }

    private static void assertRefused(RawHttp.Response res, String code, String message) {
        assertThat(res.status()).as(res.text()).isEqualTo(400);
        assertThat(res.reason()).isEqualTo(message);
        assertThat(res.text()).isEqualTo(error(code, message));
    }

    @Test
    void aNullOrNonObjectJsonBodyIs400OnEveryRoute() throws Exception {
        String[] routes = {"/api/PostChatToChannel", "/api/PostRawToChannel", "/api/PostObjectToChannel",
            "/api/GetChatHistory", "/json/reply/GetChatHistory", "/auth", "/auth/guest", "/auth/credentials",
            "/api/Authenticate", "/channels/home/chat", "/channels/home/raw", "/channels/home/object"};
        for (String route : routes) {
            assertRefused(RawHttp.post(base() + route, JSON, "null"), "SerializationException",
                    "Request body must be a JSON object, got null");
            assertRefused(RawHttp.post(base() + route, JSON, "[\"x\"]"), "SerializationException",
                    "Request body must be a JSON object, got a list");
            assertRefused(RawHttp.post(base() + route, JSON, "7"), "SerializationException",
                    "Request body must be a JSON object, got a number");
        }
    }

    @Test
    void wronglyTypedFieldsAre400NamingTheField() throws Exception {
        assertRefused(RawHttp.post(base() + "/api/PostChatToChannel", JSON, "{\"from\":[\"" + from + "\"]}"),
                "SerializationException", "'from' must be a string, got a list");
        assertRefused(RawHttp.post(base() + "/channels/home/chat", JSON, "{\"message\":{\"text\":\"hi\"}}"),
                "SerializationException", "'message' must be a string, got an object");
        assertRefused(RawHttp.get(base() + "/api/GetChatHistory?take=abc"), "SerializationException",
                "'take' must be a whole number, got 'abc'");
        assertRefused(RawHttp.get(base() + "/chathistory?channels=home&afterId=1x"), "SerializationException",
                "'afterId' must be a whole number, got '1x'");
        assertRefused(RawHttp.post(base() + "/api/GetChatHistory", FORM, "take=abc"), "SerializationException",
                "'take' must be a whole number, got 'abc'");
        assertRefused(RawHttp.post(base() + "/api/GetChatHistory", JSON, "{\"channels\":[null]}"), "SerializationException",
                "'channels' must not contain null");
        assertRefused(RawHttp.post(base() + "/channels/home/object", JSON, "{\"customType\":{\"id\":\"x\"}}"),
                "SerializationException", "'customType.id' must be a whole number, got 'x'");
        assertRefused(RawHttp.post(base() + "/auth", JSON, "{\"userName\":[1],\"password\":\"p\"}"),
                "SerializationException", "'userName' must be a string, got a list");
    }

    @Test
    void lineBreakingTextIsRefusedNamingTheField() throws Exception {
        assertRefused(RawHttp.post(base() + "/channels/home/raw", FORM,
                "from=" + from + "&selector=cmd.inj%E2%80%A8event%3Aforged&message=x"), "ArgumentException",
                "Illegal character \\u2028 in selector 'cmd.inj\\u2028event:forged'");
        assertRefused(RawHttp.post(base() + "/channels/home/chat", FORM,
                "from=" + from + "&selector=cmd.x%C2%85&message=x"), "ArgumentException",
                "Illegal character \\u0085 in selector 'cmd.x\\u0085'");
        assertRefused(RawHttp.post(base() + "/channels/ho%E2%80%A9me/chat", FORM, "from=" + from + "&message=x"),
                "ArgumentException", "Invalid channel 'ho\\u2029me': illegal character \\u2029");
        assertRefused(RawHttp.post(base() + "/channels/home/chat", FORM, "from=" + from + "&message=x&toUserId=u%0D%0Aid:%201"),
                "ArgumentException", "Illegal character \\u000d in toUserId 'u\\u000d\\u000aid: 1'");
        assertRefused(RawHttp.post(base() + "/channels/home/raw", JSON,
                "{\"from\":\"" + from + "\",\"selector\":\"cmd.x\",\"toUserId\":\"u\\u2028\"}"), "ArgumentException",
                "Illegal character \\u2028 in toUserId 'u\\u2028'");
        assertRefused(RawHttp.post(base() + "/channels/home/object", JSON,
                "{\"toUserId\":\"\\u0000\",\"customType\":{\"id\":1}}"), "ArgumentException",
                "Illegal character \\u0000 in toUserId '\\u0000'");
        assertRefused(RawHttp.get(base() + "/chathistory?channels=home,a%0Ab"), "ArgumentException",
                "'channels': Invalid channel 'a\\u000ab': illegal character \\u000a");
        assertRefused(RawHttp.post(base() + "/auth", JSON, "{\"provider\":\"x\\r\\nSet-Cookie: a=b\"}"), "ArgumentException",
                "Unknown auth provider 'x\\u000d\\u000aSet-Cookie: a=b' (use credentials, guest or logout)");
        alice.assertNoMatching(e -> !e.is("onHeartbeat"), Duration.ofMillis(200));
    }

    @Test
    void messagesWithLineBreaksArriveEscapedOnOneDataLine() throws Exception {
        String before = alice.rawText();
        RawHttp.Response res = RawHttp.post(base() + "/channels/home/chat", FORM,
                "from=" + from + "&message=a%E2%80%A8event%3A%20forged%0D%0Adata%3A%20x%C2%85%00end");
        assertThat(res.status()).as(res.text()).isEqualTo(200);
        assertThat(res.text()).contains("\"message\":\"a\\u2028event: forged\\r\\ndata: x\\u0085\\u0000end\"");
        assertThat(alice.nextMatching(e -> e.is("chat")).data()).contains("a\\u2028event: forged\\r\\ndata: x\\u0085\\u0000end");
        String added = alice.rawText().substring(before.length());
        assertThat(added).doesNotContain("\r", "\u0000", "\u0085", "\u2028", "\u2029");
        assertThat(added.lines()).allMatch(l -> l.isEmpty() || l.startsWith("id: ") || l.startsWith("data: "));
    }
}
