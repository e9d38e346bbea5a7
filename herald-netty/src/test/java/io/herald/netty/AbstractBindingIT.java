package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.JsonCodec;
import io.herald.Statistic;
import io.herald.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every route binds through one place: bad bodies, forms, query strings and path variables get an exact
 * {@code 400} naming the field or "Request body" in plain words, with either codec; unsafe response headers
 * are refused; nothing quotes a Java type. Subclasses pick the codec.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbstractBindingIT {

    public record Item(String from, String channel, Integer take, int count, List<String> channels, Inner inner) {
    }

    public record Inner(int id, String name) {
    }

    /** A getter that fails: no codec can write it. */
    public static final class Unwritable {
        public String getValue() {
            throw new IllegalStateException("secret detail");
        }
    }

    private static final String JSON = "application/json";
    private static final String FORM = "application/x-www-form-urlencoded";

    private HeraldServer server;
    private int port;

    /** The codec under test. */
    abstract JsonCodec codec();

    /** What this codec says about the body {@code {"from":} (the syntax error message, capitalised). */
    abstract String truncatedJsonMessage();

    @BeforeAll
    void start() {
        RouteHandler<Item> echo = (ctx, req) -> {
            assertThat(req).as("a route with a DTO type never gets null").isNotNull();
            return req;
        };
        server = HeraldServer.builder().host("127.0.0.1").jsonCodec(codec())
                .dto(Item.class, echo)
                .route("POST", "/items/{channel}", Item.class, echo)
                .route("GET", "/items/{channel}/{take}", Item.class, echo)
                .route("GET", "/echo-header", Void.class, (ctx, req) -> {
                    ctx.header("X-Echo", ctx.exchange().queryParam("value"));
                    return Map.of();
                })
                .route("GET", "/go", Void.class, (ctx, req) -> {
                    ctx.redirect(ctx.exchange().queryParam("to"));
                    return null;
                })
                .route("GET", "/raw-header", Void.class, (ctx, req) -> new HttpResponse(200, "OK",
                        Map.of("X-Raw", ctx.exchange().queryParam("value")), new byte[0]))
                .route("GET", "/leaky", Void.class, (ctx, req) -> {
                    throw new IllegalArgumentException("No enum constant io.herald.netty.Level.MID");
                })
                .route("GET", "/unwritable", Void.class, (ctx, req) -> new Unwritable())
                .build();
        port = server.start();
    }

    @AfterAll
    void stop() {
        server.stop();
    }

    private RawHttp.Response post(String target, String contentType, String body) throws Exception {
        return RawHttp.request(port, "POST", target, Map.of("Content-Type", contentType), body);
    }

    private static String error(String code, String message) {
        return "{\"responseStatus\":{\"errorCode\":\"" + code + "\",\"message\":\"" + message.replace("\\", "\\\\") + "\"}}";
    }

    /** 400, the message as reason phrase, and the ServiceStack error body. */
    private static void assertRefused(RawHttp.Response res, String code, String message) {
        assertThat(res.status()).as(res.text()).isEqualTo(400);
        assertThat(res.reason()).isEqualTo(message);
        assertThat(res.text()).isEqualTo(error(code, message));
    }

    @Test
    void jsonBodiesThatAreNotObjectsAre400NamingTheRequestBody() throws Exception {
        String[][] cases = {
            {"null", "null"}, {"[]", "a list"}, {"[{\"from\":\"x\"}]", "a list"}, {"5", "a number"},
            {"-1.5", "a number"}, {"\"x\"", "a string"}, {"true", "true"}, {" false ", "false"},
        };
        for (String[] c : cases) {
            String message = "Request body must be a JSON object, got " + c[1];
            assertRefused(post("/api/Item", JSON, c[0]), "SerializationException", message);
            assertRefused(post("/items/home", JSON, c[0]), "SerializationException", message);
            assertRefused(post("/json/reply/Item?take=1", JSON, c[0]), "SerializationException", message);
        }
    }

    @Test
    void fieldsOfTheWrongShapeAre400NamingTheFieldWherEverTheyComeFrom() throws Exception {
        String take = "'take' must be a whole number, got 'abc'";
        assertRefused(post("/api/Item", JSON, "{\"take\":\"abc\"}"), "SerializationException", take);
        assertRefused(post("/api/Item", FORM, "take=abc"), "SerializationException", take);
        assertRefused(RawHttp.get(port, "/api/Item?take=abc"), "SerializationException", take);
        assertRefused(RawHttp.get(port, "/items/home/abc"), "SerializationException", take);
        assertRefused(post("/items/home?take=abc", JSON, "{\"from\":\"f\"}"), "SerializationException", take);

        assertRefused(post("/api/Item", JSON, "{\"from\":[1]}"), "SerializationException", "'from' must be a string, got a list");
        assertRefused(post("/api/Item", JSON, "{\"from\":{\"a\":1}}"), "SerializationException",
                "'from' must be a string, got an object");
        assertRefused(post("/api/Item", JSON, "{\"count\":[]}"), "SerializationException",
                "'count' must be a whole number, got a list");
        assertRefused(post("/api/Item", JSON, "{\"channels\":[{}]}"), "SerializationException",
                "'channels[0]' must be a string, got an object");
        assertRefused(post("/api/Item", JSON, "{\"inner\":\"x\"}"), "SerializationException",
                "'inner' must be a JSON object, got 'x'");
        assertRefused(post("/api/Item", JSON, "{\"inner\":{\"id\":\"x\"}}"), "SerializationException",
                "'inner.id' must be a whole number, got 'x'");
        assertRefused(post("/api/Item", JSON, "{\"take\":\"a\\r\\nb\"}"), "SerializationException",
                "'take' must be a whole number, got 'a\\u000d\\u000ab'");
    }

    @Test
    void brokenBodiesAre400SayingWhatIsWrongWithoutEchoingThem() throws Exception {
        assertRefused(post("/api/Item", JSON, "{\"from\":"), "SerializationException", truncatedJsonMessage());
        assertRefused(RawHttp.requestBytes(port, "POST", "/api/Item", Map.of("Content-Type", JSON),
                new byte[] {'{', '"', 'f', '"', ':', '"', (byte) 0xff, '"', '}'}), "SerializationException",
                "Request body is not valid UTF-8");
        assertRefused(post("/api/Item", FORM, "take=%zz&from=x"), "SerializationException",
                "Request body is not valid form data: a %-escape is broken");
        assertRefused(RawHttp.get(port, "/api/Item?take=%zz"), "BadRequest", "Malformed request target: a %-escape is broken");
    }

    @Test
    void missingBodiesGiveTheHandlerAnEmptyDtoNeverNull() throws Exception {
        RawHttp.Response empty = post("/api/Item", JSON, "");
        assertThat(empty.status()).as(empty.text()).isEqualTo(200);
        assertThat(empty.text()).isEqualTo("{\"count\":0}");
        RawHttp.Response blank = post("/items/home", JSON, "  ");
        assertThat(blank.text()).isEqualTo("{\"channel\":\"home\",\"count\":0}");
        assertThat(RawHttp.get(port, "/api/Item").text()).isEqualTo("{\"count\":0}");
        assertThat(post("/api/Item", "text/plain", "null").text()).isEqualTo("{\"count\":0}");
    }

    @Test
    void unsafeResponseHeadersAre400NamingTheHeaderAndNeverReachTheWire() throws Exception {
        assertThat(RawHttp.get(port, "/echo-header?value=fine").header("x-echo")).isEqualTo("fine");
        String[][] cases = {
            {"a%0D%0AX-Forged:%201", "control characters or line breaks: 'a\\u000d\\u000aX-Forged: 1'"},
            {"a%00b", "control characters or line breaks: 'a\\u0000b'"},
            {"a%C2%85b", "control characters or line breaks: 'a\\u0085b'"},
            {"a%E2%80%A8b", "characters beyond U+00FF (percent-encode them): 'a\\u2028b'"},
            {"a%C4%8Ab", "characters beyond U+00FF (percent-encode them): 'a\u010ab'"},
        };
        for (String[] c : cases) {
            RawHttp.Response res = RawHttp.get(port, "/echo-header?value=" + c[0]);
            assertThat(res.status()).as(c[0]).isEqualTo(400);
            assertThat(res.headers()).doesNotContainKeys("x-echo", "x-forged");
            assertThat(res.reason()).matches("[ -~]*");
            assertThat(res.text()).isEqualTo(error("ArgumentException", "Response header X-Echo must not contain " + c[1]));
        }
        RawHttp.Response redirect = RawHttp.get(port, "/go?to=/next");
        assertThat(redirect.status()).isEqualTo(302);
        assertThat(redirect.header("location")).isEqualTo("/next");
        RawHttp.Response split = RawHttp.get(port, "/go?to=/x%0D%0ASet-Cookie:%20a=b");
        assertThat(split.status()).isEqualTo(400);
        assertThat(split.headers()).doesNotContainKeys("location", "set-cookie");
        assertThat(split.text()).contains("Response header location must not contain control characters or line breaks");
        RawHttp.Response raw = RawHttp.get(port, "/raw-header?value=x%0Ay");
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.headers()).doesNotContainKey("x-raw");
    }

    @Test
    void libraryMessagesThatQuoteJavaInternalsAreNotSentAndUnwritableResultsAreGeneric500s() throws Exception {
        RawHttp.Response leaky = RawHttp.get(port, "/leaky");
        assertRefused(leaky, "ArgumentException", "Bad request");

        long before = serverErrors();
        RawHttp.Response crash = RawHttp.get(port, "/unwritable");
        assertThat(crash.status()).isEqualTo(500);
        assertThat(crash.text()).isEqualTo(error("InternalServerError", "Internal Server Error"));
        assertThat(serverErrors()).isEqualTo(before + 1);
    }

    @Test
    void notFoundAndMethodNotAllowedShowControlCharactersEscaped() throws Exception {
        RawHttp.Response missing = RawHttp.get(port, "/nope%0D%0Ax%E2%80%A8");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.reason()).isEqualTo("Handler for Request not found: GET /nope\\u000d\\u000ax\\u2028");
        assertThat(missing.text()).isEqualTo(error("NotFound", "Handler for Request not found: GET /nope\\u000d\\u000ax\\u2028"));
        assertThat(new String(missing.body(), StandardCharsets.UTF_8)).doesNotContain("\u2028");
    }

    private long serverErrors() {
        return server.statistics().stream().filter(s -> s.meterName().equals("herald.http.server.errors"))
                .mapToLong(Statistic::value).findFirst().orElseThrow();
    }
}
