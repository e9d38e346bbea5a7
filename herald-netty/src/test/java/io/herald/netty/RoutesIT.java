package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.http.HttpError;
import io.herald.http.HttpResponse;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RoutesIT {

    public static final class PostChatToChannel {
        public String channel;
        public String from;
        public String message;
        public String[] toUserIds;
        public List<String> tags;
        public int count;
        public boolean shout;
    }

    public record Fail(String kind) {
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static HeraldServer server;
    private static int port;

    @BeforeAll
    static void start() {
        RouteHandler<PostChatToChannel> echo = (ctx, req) -> req;
        server = HeraldServer.builder()
                .host("127.0.0.1")
                .route("POST", "/channels/{channel}/chat", PostChatToChannel.class, echo)
                .dto("PostChatToChannel", PostChatToChannel.class, echo)
                .route("GET", "/fail/{kind}", Fail.class, (ctx, req) -> {
                    switch (req.kind()) {
                        case "forbidden" -> throw HttpError.forbidden("Access to Subscription 'abc' is forbidden");
                        case "login" -> throw HttpError.unauthorized("Not Authenticated")
                                .withHeader("WWW-Authenticate", "credentials realm=\"/auth/credentials\"")
                                .withHeader("X-Bad", "a\r\nInjected: yes");
                        case "empty" -> throw new HttpError(404, "NotFound", "Subscription does not exist", true);
                        case "argument" -> throw new IllegalArgumentException("channel must not contain '@': a@b");
                        case "crash" -> throw new IllegalStateException("secret internal detail");
                        default -> {
                            return "fine";
                        }
                    }
                })
                .route("*", "/none", Void.class, (ctx, req) -> {
                    assertThat(req).isNull();
                    return null;
                })
                .route("POST", "/auth", Void.class, (ctx, req) -> ctx.cookie("ss-id", "abc123")
                        .cookie("ss-pid", "perm", Duration.ofDays(1))
                        .header("X-Trace", "1")
                        .redirect("/after-login"))
                .route("GET", "/whoami", Void.class, (ctx, req) -> Map.of(
                        "remote", ctx.exchange().remoteAddress(),
                        "base", ctx.exchange().baseUrl(),
                        "cookie", String.valueOf(ctx.exchange().cookie("ss-id")),
                        "header", String.valueOf(ctx.exchange().header("x-custom"))))
                .route("GET", "/text", Void.class, (ctx, req) -> new HttpResponse(200, "OK",
                        Map.of("Content-Type", "text/plain; charset=utf-8"), "plain".getBytes()))
                .route("GET", "/files/{path*}", Void.class, (ctx, req) -> Map.of("path", ctx.pathVariable("path")))
                .handler(ex -> {
                    if (!ex.path().equals("/handled")) {
                        return false;
                    }
                    ex.respond(HttpResponse.json("{\"q\":\"" + ex.queryParam("Q") + "\",\"all\":" + ex.queryParams("q").size() + "}"));
                    return true;
                })
                .handler(ex -> {
                    if (ex.path().equals("/handler-error")) {
                        throw HttpError.notFound("Subscription 'zzz' does not exist");
                    }
                    return false;
                })
                .handler(ex -> ex.path().equals("/liar")) // claims to answer but never does
                .staticFiles("web/")
                .build();
        port = server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static RawHttp.Response post(String target, String contentType, String body) throws IOException {
        return RawHttp.request(port, "POST", target, Map.of("Content-Type", contentType), body);
    }

    @Test
    void bindsPathVariableAndFormBodyWithCommaArrays() throws Exception {
        RawHttp.Response res = post("/channels/home/chat", FORM,
                "From=abc&Message=hi%20there+you&ToUserIds=u1,u2&tags=x,y&count=3&shout=true");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(res.text()).isEqualTo("{\"channel\":\"home\",\"from\":\"abc\",\"message\":\"hi there you\","
                + "\"toUserIds\":[\"u1\",\"u2\"],\"tags\":[\"x\",\"y\"],\"count\":3,\"shout\":true}");
    }

    @Test
    void bindsPascalCaseJsonBodyAndPathVariable() throws Exception {
        RawHttp.Response res = post("/channels/lobby/chat", "application/json",
                "{\"From\":\"x\",\"Message\":\"m\",\"ToUserIds\":[\"a\"],\"Count\":2}");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("{\"channel\":\"lobby\",\"from\":\"x\",\"message\":\"m\",\"toUserIds\":[\"a\"],"
                + "\"count\":2,\"shout\":false}");
    }

    @Test
    void queryOverridesJsonBodyAndPathVariablesAreDecodedPerSegment() throws Exception {
        RawHttp.Response res = post("/channels/a%2Fb%20c/chat?message=fromQuery", "application/json; charset=utf-8",
                "{\"message\":\"fromBody\",\"from\":\"f\"}");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).contains("\"channel\":\"a/b c\"", "\"message\":\"fromQuery\"", "\"from\":\"f\"");
    }

    @Test
    void genericDtoRoutesAnswerAnyMethodAndIgnoreNameCase() throws Exception {
        RawHttp.Response api = RawHttp.get(port, "/api/PostChatToChannel?channel=c1&toUserIds=a%2Cb&Count=5");
        assertThat(api.status()).isEqualTo(200);
        assertThat(api.text()).contains("\"channel\":\"c1\"", "\"toUserIds\":[\"a\",\"b\"]", "\"count\":5");

        RawHttp.Response reply = post("/json/reply/postchattochannel", "application/json",
                "{\"channel\":\"c2\",\"subscribeChannels\":\"ignored\",\"TOUSERIDS\":\"p,q\"}");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).contains("\"channel\":\"c2\"", "\"toUserIds\":[\"p\",\"q\"]");

        RawHttp.Response put = RawHttp.request(port, "PUT", "/api/PostChatToChannel", Map.of("Content-Type", FORM),
                "channel=c3");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.text()).contains("\"channel\":\"c3\"");
    }

    @Test
    void unknownPathIs404WithJsonError() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/nope/nothing");
        assertThat(res.status()).isEqualTo(404);
        assertThat(res.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(res.text()).isEqualTo(
                "{\"responseStatus\":{\"errorCode\":\"NotFound\",\"message\":\"Handler for Request not found: GET /nope/nothing\"}}");
    }

    @Test
    void wrongMethodOnKnownRouteIs405WithAllow() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/channels/home/chat");
        assertThat(res.status()).isEqualTo(405);
        assertThat(res.header("allow")).isEqualTo("POST");
        assertThat(res.text()).contains("\"errorCode\":\"MethodNotAllowed\"");

        RawHttp.Response file = post("/index.html", FORM, "a=b");
        assertThat(file.status()).isEqualTo(405);
        assertThat(file.header("allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void httpErrorBecomesStatusReasonAndServiceStackBody() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/fail/forbidden");
        assertThat(res.status()).isEqualTo(403);
        assertThat(res.reason()).isEqualTo("Access to Subscription 'abc' is forbidden");
        assertThat(res.text()).isEqualTo("{\"responseStatus\":{\"errorCode\":\"Forbidden\","
                + "\"message\":\"Access to Subscription 'abc' is forbidden\"}}");

        RawHttp.Response empty = RawHttp.get(port, "/fail/empty");
        assertThat(empty.status()).isEqualTo(404);
        assertThat(empty.reason()).isEqualTo("Subscription does not exist");
        assertThat(empty.body()).isEmpty();
        assertThat(empty.header("content-length")).isEqualTo("0");

        RawHttp.Response login = RawHttp.get(port, "/fail/login");
        assertThat(login.status()).isEqualTo(401);
        assertThat(login.header("www-authenticate")).isEqualTo("credentials realm=\"/auth/credentials\"");
        assertThat(login.headers()).doesNotContainKeys("x-bad", "injected");
        assertThat(login.text()).contains("\"errorCode\":\"Unauthorized\"");

        RawHttp.Response fromHandler = RawHttp.get(port, "/handler-error");
        assertThat(fromHandler.status()).isEqualTo(404);
        assertThat(fromHandler.text()).contains("\"message\":\"Subscription 'zzz' does not exist\"");
    }

    @Test
    void illegalArgumentIs400AndOtherExceptionsAre500WithoutDetails() throws Exception {
        RawHttp.Response bad = RawHttp.get(port, "/fail/argument");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.text()).contains("\"errorCode\":\"ArgumentException\"", "channel must not contain '@': a@b");

        RawHttp.Response crash = RawHttp.get(port, "/fail/crash");
        assertThat(crash.status()).isEqualTo(500);
        assertThat(crash.text()).doesNotContain("secret").doesNotContain("IllegalStateException")
                .contains("Internal Server Error");

        RawHttp.Response invalidJson = post("/channels/home/chat", "application/json", "{\"count\":\"lots\"}");
        assertThat(invalidJson.status()).isEqualTo(400);

        RawHttp.Response liar = RawHttp.get(port, "/liar");
        assertThat(liar.status()).isEqualTo(500);
    }

    @Test
    void resultKinds() throws Exception {
        assertThat(RawHttp.get(port, "/fail/ok").text()).isEqualTo("\"fine\"");
        RawHttp.Response none = RawHttp.request(port, "DELETE", "/none", Map.of(), null);
        assertThat(none.status()).isEqualTo(204);
        assertThat(none.body()).isEmpty();
        RawHttp.Response text = RawHttp.get(port, "/text");
        assertThat(text.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(text.text()).isEqualTo("plain");
        assertThat(RawHttp.get(port, "/files/a/b/c.txt").text()).isEqualTo("{\"path\":\"a/b/c.txt\"}");
    }

    @Test
    void contextSetsCookiesHeadersAndRedirects() throws Exception {
        RawHttp.Response res = post("/auth", FORM, "UserName=x");
        assertThat(res.status()).isEqualTo(302);
        assertThat(res.header("location")).isEqualTo("/after-login");
        assertThat(res.header("x-trace")).isEqualTo("1");
        assertThat(res.headers().get("set-cookie")).hasSize(2);
        assertThat(res.headers().get("set-cookie").get(0)).startsWith("ss-id=abc123").contains("Path=/", "SameSite=Lax")
                .containsIgnoringCase("HttpOnly");
        assertThat(res.headers().get("set-cookie").get(1)).startsWith("ss-pid=perm").contains("Max-Age=86400");
    }

    @Test
    void exchangeExposesCookiesHeadersRemoteAddressAndBaseUrl() throws Exception {
        RawHttp.Response res = RawHttp.request(port, "GET", "/whoami",
                Map.of("Cookie", "a=1; ss-id=sess42", "X-Custom", "yes"), null);
        assertThat(res.text()).contains("\"remote\":\"127.0.0.1\"", "\"cookie\":\"sess42\"", "\"header\":\"yes\"",
                "\"base\":\"http://127.0.0.1:" + port + "\"");

        // a Host header that is not a host name falls back to the address the client reached
        byte[] raw = RawHttp.sendRaw(port, "GET /whoami HTTP/1.1\r\nHost: evil\"host/\r\nConnection: close\r\n\r\n");
        assertThat(RawHttp.parse(raw, false).text()).contains("\"base\":\"http://127.0.0.1:" + port + "\"");
    }

    @Test
    void handlersAreTriedInOrderAndQueryNamesIgnoreCase() throws Exception {
        RawHttp.Response res = RawHttp.get(port, "/handled?q=1&Q=2");
        assertThat(res.status()).isEqualTo(200);
        assertThat(res.text()).isEqualTo("{\"q\":\"1\",\"all\":2}");
    }

    @Test
    void keepAliveAnswersPipelinedRequestsInOrder() throws Exception {
        String req = "GET /fail/one HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /api/PostChatToChannel?channel=second HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /files/third HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        String all = new String(RawHttp.sendRaw(port, req), java.nio.charset.StandardCharsets.UTF_8);
        int first = all.indexOf("\"fine\"");
        int second = all.indexOf("\"channel\":\"second\"");
        int third = all.indexOf("\"path\":\"third\"");
        assertThat(first).isPositive();
        assertThat(second).isGreaterThan(first);
        assertThat(third).isGreaterThan(second);
        assertThat(all.split("HTTP/1.1 200 OK", -1)).hasSize(4);
    }

    @Test
    void tooLongRequestLineIs414() throws Exception {
        String target = "/" + "a".repeat(9000);
        RawHttp.Response res = RawHttp.parse(RawHttp.sendRaw(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n"), false);
        assertThat(res.status()).isEqualTo(414);
    }

    @Test
    void tooLargeHeadersAre431() throws Exception {
        String header = "X-Big: " + "b".repeat(20_000) + "\r\n";
        RawHttp.Response res = RawHttp.parse(RawHttp.sendRaw(port, "GET /fail/ok HTTP/1.1\r\nHost: x\r\n" + header + "\r\n"), false);
        assertThat(res.status()).isEqualTo(431);
    }

    @Test
    void tooLargeBodyIs413() throws Exception {
        RawHttp.Response res = RawHttp.parse(RawHttp.sendRaw(port, "POST /channels/home/chat HTTP/1.1\r\nHost: x\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2 * 1024 * 1024) + "\r\nConnection: close\r\n\r\n{"), false);
        assertThat(res.status()).isEqualTo(413);
    }

    @Test
    void malformedRequestIs400() throws Exception {
        RawHttp.Response res = RawHttp.parse(RawHttp.sendRaw(port, "GARBAGE\r\n\r\n"), false);
        assertThat(res.status()).isEqualTo(400);
    }
}
