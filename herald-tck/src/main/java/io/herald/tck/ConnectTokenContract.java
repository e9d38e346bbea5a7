package io.herald.tck;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import io.herald.ConnectTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Signed connect tokens over real HTTP, the tokens made by a standard JWT library (Auth0's java-jwt), as a
 * back-end in another language would make them: who the stream belongs to, which channels it may use, and that
 * missing, expired, tampered or foreign tokens are refused with 401 before any stream opens.
 */
public abstract class ConnectTokenContract extends ContractSupport {

    private static final String SECRET = "a-secret-of-at-least-thirty-two-bytes!";
    private static final Algorithm HS256 = Algorithm.HMAC256(SECRET);

    private void tokenServer() throws Exception {
        server(o -> o.connectTokens(ConnectTokens.hs256(SECRET)).notifyChannelOfSubscriptions(false));
    }

    private static String token(String subject, Instant expires, String... channels) {
        var b = JWT.create().withSubject(subject).withExpiresAt(expires).withClaim("name", "alice");
        if (channels.length > 0) {
            b.withArrayClaim("channels", channels);
        }
        return b.sign(HS256);
    }

    private static Instant inAMinute() {
        return Instant.now().plusSeconds(60);
    }

    @Test
    void aValidTokenOpensAStreamForItsSubject() throws Exception {
        tokenServer();
        SseTestClient c = track(SseTestClient.open(base(), "/event-stream?channels=home&token=" + token("42", inAMinute())));
        c.expectConnect();
        assertThat(c.connectValue("userId")).isEqualTo("42");
        assertThat(c.connectValue("isAuthenticated")).isEqualTo("true");
        assertThat(c.connectValue("displayName")).isEqualTo("alice");
        SseTestClient bearer = track(SseTestClient.open(base(), "/event-stream?channels=home",
                Map.of("Authorization", "Bearer " + token("43", inAMinute())), null));
        assertThat(bearer.expectConnect()).isNotNull();
        assertThat(bearer.connectValue("userId")).isEqualTo("43");
    }

    @Test
    void missingExpiredTamperedOrForeignTokensAre401AndNothingOpens() throws Exception {
        tokenServer();
        String good = token("42", inAMinute());
        String[] parts = good.split("\\.");
        String otherPayload = Base64.getUrlEncoder().withoutPadding().encodeToString(
                "{\"sub\":\"admin\",\"exp\":9999999999}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Map<String, String> cases = Map.of(
                "", "required",
                "&token=" + token("42", Instant.now().minusSeconds(5)), "expired",
                "&token=" + parts[0] + "." + otherPayload + "." + parts[2], "signature",
                "&token=" + JWT.create().withSubject("42").withExpiresAt(inAMinute())
                        .sign(Algorithm.HMAC256("another-secret-of-thirty-two-bytes!!")), "signature",
                "&token=not.a-token", "malformed");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            RawHttp.Response r = RawHttp.get(base() + "/event-stream?channels=home" + c.getKey());
            assertThat(r.status()).as(c.getKey()).isEqualTo(401);
            assertThat(r.text()).as(c.getKey()).contains(c.getValue()).doesNotContain(parts[2]);
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        assertThat(events().getAllSubscriptionInfos()).isEmpty();
    }

    @Test
    void theChannelsClaimLimitsOpeningAndLaterJoins() throws Exception {
        tokenServer();
        String limited = token("42", inAMinute(), "home", "team");
        assertThat(RawHttp.get(base() + "/event-stream?channels=home,admin&token=" + limited).status()).isEqualTo(403);
        SseTestClient c = track(SseTestClient.open(base(), "/event-stream?channels=home&token=" + limited));
        c.expectConnect();
        String id = c.subscriptionId();
        assertThat(RawHttp.post(base() + "/event-subscribers/" + id, "application/x-www-form-urlencoded",
                "subscribeChannels=admin").status()).isEqualTo(403);
        assertThat(RawHttp.post(base() + "/event-subscribers/" + id, "application/x-www-form-urlencoded",
                "subscribeChannels=team").status()).isEqualTo(200);
        assertThat(events().getSubscriptionInfo(id).channels()).containsExactly("home", "team");
    }

    @Test
    void tokensHeraldSignsAreTheStandardOnes() throws Exception {
        ConnectTokens tokens = ConnectTokens.hs256(SECRET);
        String mine = tokens.sign("7", "bob", java.util.List.of("home"), Duration.ofMinutes(1));
        var decoded = JWT.require(HS256).build().verify(mine);
        assertThat(decoded.getSubject()).isEqualTo("7");
        assertThat(decoded.getClaim("channels").asList(String.class)).containsExactly("home");
        assertThat(tokens.verify(token("8", inAMinute(), "a")).channels()).containsExactly("a");
    }
}
