package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.tck.SseEvent;
import io.herald.tck.SseTestClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real app over HTTP on loopback: routes, sign-in and sessions, {@code LimitToAuthenticatedUsers}
 * (acceptance scenarios D1, D2, D4), and the command line's error paths.
 */
class ChatAppIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private ChatApp app;

    @AfterEach
    void stop() {
        if (app != null) {
            app.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + app.port();
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(TIMEOUT).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(TIMEOUT)
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> form(String path, String body, String cookie) throws Exception {
        return post(path, "application/x-www-form-urlencoded", body, cookie);
    }

    /** {@code ss-id=...} from the response's Set-Cookie, as a Cookie header value. */
    private static String sessionCookie(HttpResponse<?> res) {
        Optional<String> set = res.headers().allValues("set-cookie").stream().filter(c -> c.startsWith("ss-id=")).findFirst();
        assertThat(set).as("ss-id cookie in %s", res.headers().map()).isPresent();
        return set.get().substring(0, set.get().indexOf(';'));
    }

    @Test
    void pageSetsAnHttpOnlySessionCookieAndServesAssets() throws Exception {
        app = TestApps.start("background", "/img/bg-green.svg");
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<title>Herald Chat</title>");
        String setCookie = page.headers().firstValue("set-cookie").orElseThrow();
        assertThat(setCookie).matches("ss-id=[A-Za-z0-9]{20}; .*").containsIgnoringCase("HttpOnly").contains("SameSite=Lax");
        // a visitor who has a cookie keeps it
        assertThat(get("/", sessionCookie(page)).headers().firstValue("set-cookie")).isEmpty();

        assertThat(get("/js/herald.js", null).statusCode()).isEqualTo(200);
        assertThat(get("/css/chat.css", null).statusCode()).isEqualTo(200);
        assertThat(get("/config", null).body()).contains("\"background\":\"/img/bg-green.svg\"").contains("\"signInRequired\":false");
    }

    @Test
    void chatRoutesWorkUnderPrettyAndServiceStackPaths() throws Exception {
        app = TestApps.start();
        try (SseTestClient alice = SseTestClient.open(base(), "/event-stream?channels=home")) {
            alice.expectConnect();
            String from = alice.subscriptionId();
            HttpResponse<String> res = form("/channels/home/chat", "from=" + from + "&message=hi%20%3Cb%3E", null);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(res.body()).contains("\"message\":\"hi &lt;b&gt;\"");
            SseEvent chat = alice.nextMatching(e -> "cmd.chat".equals(e.selector()));
            assertThat(chat.channel()).isEqualTo("home");
            assertThat(chat.body()).contains("hi &lt;b&gt;");

            // the same DTO as JSON through /json/reply/, then the history through /api/
            res = post("/json/reply/PostChatToChannel", "application/json",
                    "{\"from\":\"" + from + "\",\"channel\":\"home\",\"message\":\"json\"}", null);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(get("/api/GetChatHistory?channels=home", null).body()).contains("hi &lt;b&gt;", "json");
            assertThat(get("/chathistory?channels=home&take=1", null).body()).contains("json").doesNotContain("hi &lt;b&gt;");

            res = form("/channels/home/raw", "from=" + from + "&selector=cmd.announce&message=yo", null);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(alice.nextMatching(e -> "cmd.announce".equals(e.selector())).body()).isEqualTo("\"yo\"");

            res = post("/channels/home/object", "application/json", "{\"customType\":{\"id\":1,\"name\":\"c\"}}", null);
            assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
            assertThat(alice.nextMatching(e -> "cmd.CustomType".equals(e.selector())).body()).contains("\"name\":\"c\"");

            HttpResponse<String> reset = get("/reset", null);
            assertThat(reset.statusCode()).isEqualTo(302);
            assertThat(reset.headers().firstValue("location")).contains("/");
            assertThat(get("/chathistory?channels=home", null).body()).isEqualTo("{\"results\":[]}");
        }
    }

    @Test
    void badRequestsGetAMessageNeverAStackTrace() throws Exception {
        app = TestApps.start();
        HttpResponse<String> res = form("/channels/home/chat", "from=nobodyAAAAAAAAAAAAAA&message=x", null);
        assertThat(res.statusCode()).isEqualTo(404);
        assertThat(res.body()).contains("Subscription nobodyAAAAAAAAAAAAAA does not exist").doesNotContain("at io.herald");
        res = get("/chathistory?channels=home&take=-1", null);
        assertThat(res.statusCode()).isEqualTo(400);
        assertThat(res.body()).contains("'take' must be >= 0, got -1");
    }

    @Test
    void resetServerEventsForgetsEveryStream() throws Exception {
        app = TestApps.start();
        try (SseTestClient s = SseTestClient.open(base(), "/event-stream?channels=home")) {
            s.expectConnect();
            assertThat(app.serverEvents().getAllSubscriptionInfos()).hasSize(1);
            assertThat(post("/reset-serverevents", "application/json", "{}", null).statusCode()).isEqualTo(200);
            assertThat(app.serverEvents().getAllSubscriptionInfos()).isEmpty();
            HttpResponse<String> hb = form("/event-heartbeat?id=" + s.subscriptionId(), "", null);
            assertThat(hb.statusCode()).isEqualTo(404);
        }
    }

    @Test
    void credentialsSignInLogoutAndCurrentSession() throws Exception {
        app = TestApps.start();
        HttpResponse<String> wrong = form("/auth", "provider=credentials&userName=bob&password=nope", null);
        assertThat(wrong.statusCode()).isEqualTo(401);
        assertThat(wrong.body()).isEqualTo("{\"responseStatus\":{\"errorCode\":\"Unauthorized\",\"message\":\"Invalid UserName or Password\"}}");
        assertThat(get("/auth", null).statusCode()).isEqualTo(401);

        HttpResponse<String> ok = post("/auth", "application/json", "{\"userName\":\"bob\",\"password\":\"pass\"}", null);
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(ok.body()).contains("\"userName\":\"bob\"", "\"isAuthenticated\":true");
        String cookie = sessionCookie(ok);
        assertThat(get("/auth", cookie).body()).contains("\"userName\":\"bob\"");

        try (SseTestClient s = SseTestClient.open(base(), "/event-stream?channels=home", Map.of("Cookie", cookie), null)) {
            s.expectConnect();
            assertThat(s.connectValue("userId")).isEqualTo("bob");
            assertThat(s.connectValue("displayName")).isEqualTo("bob");
            assertThat(s.connectValue("isAuthenticated")).isEqualTo("true");
            // the session id reaches notifySession
            app.serverEvents().notifySession(app.sessions().find(cookie.substring(6)).orElseThrow().id(), "cmd.ping", "x");
            assertThat(s.nextMatching(e -> "cmd.ping".equals(e.selector())).body()).isEqualTo("\"x\"");
        }

        HttpResponse<String> out = form("/auth/logout", "", cookie);
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(sessionCookie(out)).isNotEqualTo(cookie); // a fresh anonymous id
        assertThat(get("/auth", cookie).statusCode()).isEqualTo(401);
    }

    @Test
    void guestSignInChoosesTheDisplayName() throws Exception {
        app = TestApps.start();
        HttpResponse<String> res = form("/auth/guest", "displayName=Ann%20Lee", null);
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        try (SseTestClient s = SseTestClient.open(base(), "/event-stream?channels=home", Map.of("Cookie", sessionCookie(res)), null)) {
            s.expectConnect();
            assertThat(s.connectValue("displayName")).isEqualTo("Ann_Lee");
            assertThat(s.connectValue("isAuthenticated")).isEqualTo("false");
            assertThat(s.connectValue("userId")).startsWith("-");
        }
        assertThat(form("/auth/guest", "displayName=", null).statusCode()).isEqualTo(400);
    }

    @Test
    void limitToAuthenticatedUsersRefusesAnonymousStreams() throws Exception {
        app = TestApps.start("LimitToAuthenticatedUsers", "true");
        // D1: anonymous -> 401
        try (SseTestClient anon = SseTestClient.open(base(), "/event-stream?channels=home")) {
            assertThat(anon.status()).isEqualTo(401);
        }
        assertThat(form("/auth/guest", "displayName=Ann", null).statusCode()).isEqualTo(403);
        assertThat(get("/config", null).body()).contains("\"signInRequired\":true");

        // D2 + D4: signed in, the stream connects on the session cookie and heartbeats are accepted
        String cookie = sessionCookie(form("/auth", "userName=bob&password=pass", null));
        try (SseTestClient s = SseTestClient.open(base(), "/event-stream?channels=home", Map.of("Cookie", cookie), null)) {
            s.expectConnect();
            for (int i = 0; i < 3; i++) {
                HttpResponse<String> hb = form("/event-heartbeat?id=" + s.subscriptionId(), "", cookie);
                assertThat(hb.statusCode()).isEqualTo(200);
                s.nextCommand("onHeartbeat");
            }
            for (String msg : List.of("msg1", "msg2")) {
                assertThat(form("/channels/home/chat", "from=" + s.subscriptionId() + "&message=" + msg, cookie).statusCode()).isEqualTo(200);
                assertThat(s.nextMatching(e -> "cmd.chat".equals(e.selector())).body()).contains(msg);
            }
        }
    }

    @Test
    void remoteControlCanBeLimitedToSignedInUsers() throws Exception {
        app = TestApps.start("LimitRemoteControlToAuthenticatedUsers", "true");
        try (SseTestClient s = SseTestClient.open(base(), "/event-stream?channels=home")) {
            s.expectConnect();
            String raw = "from=" + s.subscriptionId() + "&selector=cmd.announce&message=hi";
            HttpResponse<String> anon = form("/channels/home/raw", raw, null);
            assertThat(anon.statusCode()).isEqualTo(403);
            assertThat(anon.body()).contains("You must be authenticated to use remote control.");
            String cookie = sessionCookie(form("/auth", "userName=bob&password=pass", null));
            assertThat(form("/channels/home/raw", raw, cookie).statusCode()).isEqualTo(200);
        }
    }

    // ---- command line ---------------------------------------------------------------------------------

    private record Run(ChatApp.Launch launch, String out, String err) {
    }

    private static Run launch(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        ChatApp.Launch l = ChatApp.launch(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(l, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void commandLineErrorsAreOneLineAndExitNonZero(@TempDir Path dir) throws Exception {
        Run bad = launch("--port=abc");
        assertThat(bad.launch().exitCode()).isEqualTo(ChatApp.EXIT_USAGE);
        assertThat(bad.err()).isEqualTo("herald-chat: Flag '--port=abc': port must be a number 0-65535, got 'abc'\n");

        Path settings = dir.resolve("appsettings.txt");
        Run redis = launch("--redis=127.0.0.1:1", "--port=0", "--settings=" + settings);
        assertThat(redis.launch().app()).isNull();
        assertThat(redis.launch().exitCode()).isEqualTo(ChatApp.EXIT_START_FAILED);
        assertThat(redis.err()).startsWith("herald-chat: Cannot connect to Redis at 127.0.0.1:1").endsWith("\n");
        assertThat(redis.err().strip()).doesNotContain("\n");
        assertThat(settings).exists(); // written with defaults on first run

        Files.writeString(settings, "users bob:notahash\n");
        Run users = launch("--port=0", "--settings=" + settings);
        assertThat(users.launch().exitCode()).isEqualTo(ChatApp.EXIT_USAGE);
        assertThat(users.err()).contains("Setting 'users'", "'bob'", "--hash-password");

        Run help = launch("/help");
        assertThat(help.launch().exitCode()).isZero();
        assertThat(help.out()).contains("--port=N", "--redis", "--background=URL", "--settings=PATH", "--hash-password");

        Run hash = launch("--hash-password=s3cret");
        assertThat(PasswordHasher.verify("s3cret", hash.out().strip())).isTrue();
    }

    @Test
    void launchStartsTheAppFromFlagsAndSettings(@TempDir Path dir) throws Exception {
        Path settings = dir.resolve("appsettings.txt");
        Files.writeString(settings, "host 127.0.0.1\nbackground /img/from-file.svg\n");
        Run run = launch("/port=0", "-background=/img/from-flag.svg", "--settings=" + settings);
        app = run.launch().app();
        assertThat(app).as(run.err()).isNotNull();
        assertThat(get("/config", null).body()).contains("/img/from-flag.svg");
    }
}
