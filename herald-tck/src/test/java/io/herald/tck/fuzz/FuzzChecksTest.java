package io.herald.tck.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The fuzz run's own parts: its checks catch what they exist for, and one seed always gives the same run. */
class FuzzChecksTest {

    private static final FuzzCase ANSWER = new FuzzCase(1, "t", "t", new byte[0], FuzzCase.Expect.ANSWER, false);
    private static final FuzzCase TRAVERSAL = new FuzzCase(2, "traversal", "t", new byte[0], FuzzCase.Expect.REFUSAL, false);

    private static FuzzClient.Reply reply(int status, String reason, String body, String... headers) {
        List<String[]> list = new ArrayList<>();
        for (int i = 0; i < headers.length; i += 2) {
            list.add(new String[] {headers[i], headers[i + 1]});
        }
        return new FuzzClient.Reply("HTTP/1.1 " + status + " " + reason, status, reason, list,
                body.getBytes(StandardCharsets.UTF_8), null);
    }

    private static String error(String code, String message) {
        return "{\"responseStatus\":{\"errorCode\":\"" + code + "\",\"message\":\"" + message + "\"}}";
    }

    @Test
    void aCleanRefusalPasses() {
        assertThat(ResponseCheck.problems(ANSWER, reply(400, "'take' must be a whole number, got 'abc'",
                error("SerializationException", "'take' must be a whole number, got 'abc'"),
                "Content-Type", "application/json; charset=utf-8"))).isEmpty();
        assertThat(ResponseCheck.problems(TRAVERSAL, reply(404, "Not Found", ""))).isEmpty();
    }

    @Test
    void serverErrorsLeaksForgedHeadersAndDirtyReasonsAreCaught() {
        assertThat(ResponseCheck.problems(ANSWER, reply(500, "Internal Server Error", ""))).hasSize(1);
        for (String leak : new String[] {"Cannot deserialize value of type `java.lang.String`", "token `JsonToken.START_ARRAY`",
            "java.util.LinkedHashMap", "io.herald.chat.PostChatToChannel", "NullPointerException: x",
            "at io.herald.chat.ChatServices.postChat(ChatServices.java:57)", "Caused by: x", "START_OBJECT"}) {
            assertThat(ResponseCheck.problems(ANSWER, reply(400, "Bad", error("ArgumentException", leak),
                    "Content-Type", "application/json"))).as(leak).isNotEmpty();
        }
        assertThat(ResponseCheck.problems(ANSWER, reply(400, "a\u0085b", ""))).isNotEmpty();
        assertThat(ResponseCheck.problems(ANSWER, reply(200, "OK", "", "X-Forged", "1"))).isNotEmpty();
        assertThat(ResponseCheck.problems(ANSWER, reply(302, "Found", "", "Location", "/x\u00e9"))).isNotEmpty();
        assertThat(ResponseCheck.problems(ANSWER, reply(400, "Bad", "{\"oops\":1}", "Content-Type", "application/json")))
                .isNotEmpty();
        assertThat(ResponseCheck.problems(TRAVERSAL, reply(200, "OK", "<configuration/>"))).isNotEmpty();
        assertThat(ResponseCheck.problems(ANSWER, new FuzzClient.Reply(null, 0, null, List.of(), null, "no answer")))
                .containsExactly("no answer");
    }

    @Test
    void theStreamAuditAcceptsSseAndCatchesEveryForgedLine() {
        String clean = "id: 1\ndata: cmd.onConnect {\"id\":\"x\"}\n\n: comment\nevent: message\nretry: 100\n"
                + "id: 2\ndata: home@cmd.chat \"a\\u2028b\"\n\ndata: home@cmd.x \n\n";
        assertThat(StreamAudit.problems("s", clean, 10)).isEmpty();
        for (String forged : new String[] {"data: home@cmd.chat \"a\u2028event: forged\"\n\n", "data: x \"a\rb\"\n\n",
            "data: x \"\u0085\"\n\n", "data: x \"\u2029\"\n\n", "data: x \"\u0000\"\n\n", "forged: 1\n\n",
            "id: 1x\n\n", "data: home@cmd.chat {\"a\":\n\n", "data: home@cmd.chat \"cut\n\n"}) {
            assertThat(StreamAudit.problems("s", clean + forged, 10)).as(forged).isNotEmpty();
        }
        assertThat(StreamAudit.problems("s", clean + "data: still arriv", 10)).isEmpty();
    }

    @Test
    void oneSeedAlwaysGivesTheSameRun() {
        FuzzCases.Target target = new FuzzCases.Target("127.0.0.1:1", "senderIdAAAAAAAAAAAA", "-1",
                List.of("fuzz"), List.of(FuzzRoute.of("POST", "/x/{channel}").field("channel", FuzzRoute.Kind.CHANNEL)
                        .field("m", FuzzRoute.Kind.TEXT)), List.of("/a.js"), 1024);
        FuzzCases a = new FuzzCases(42, target);
        FuzzCases b = new FuzzCases(42, target);
        FuzzCases c = new FuzzCases(43, target);
        boolean differs = false;
        for (int i = 0; i < 300; i++) {
            FuzzCase x = a.next(i);
            FuzzCase y = b.next(i);
            assertThat(x.bytes()).isEqualTo(y.bytes());
            assertThat(x.description()).isEqualTo(y.description());
            differs |= !Arrays.equals(x.bytes(), c.next(i).bytes());
        }
        assertThat(differs).as("another seed gives another run").isTrue();
    }
}
