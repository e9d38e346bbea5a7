package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.herald.ServerEvents;
import io.herald.ServerEventsFeature;
import io.herald.tck.RawHttp;
import io.herald.tck.SseTestClient;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The starter with Spring Security (form login, two users): the signed-in user is the subscription's user,
 * anonymous visitors are anonymous, Herald's own POSTs need no CSRF token while the app's still do, and
 * {@code herald.limit-to-authenticated-users} refuses anonymous streams with 401.
 */
class SecurityAppIT {

    private static BootApp app;

    @BeforeAll
    static void start() {
        app = BootApp.start(TestApps.Secured.class);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void aFormLoginUserStreamsAsThemselves() throws Exception {
        String alice = FormLogin.signIn(app.baseUrl(), "alice", "wonderland");
        try (SseTestClient c = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home",
                FormLogin.header(alice), null)) {
            assertThat(c.status()).isEqualTo(200);
            c.expectConnect();
            assertThat(c.connectValue("isAuthenticated")).isEqualTo("true");
            assertThat(c.connectValue("userId")).isEqualTo("alice");
            assertThat(c.connectValue("displayName")).isEqualTo("alice");
            c.nextCommand("onJoin");

            // herald.js and ServiceStack's clients POST heartbeats without a CSRF token: Herald's paths are exempt
            assertThat(RawHttp.post(c.connectValue("heartbeatUrl")).status()).isEqualTo(200);
            c.nextCommand("onHeartbeat");
            // ... and nothing else is: the app's own POST still needs its token
            assertThat(RawHttp.post(app.baseUrl() + "/send/home", "application/x-www-form-urlencoded", "text=x")
                    .status()).isEqualTo(403);

            app.bean(ServerEvents.class).notifyUserId("alice", "cmd.hello", "only for alice");
            assertThat(c.nextCommand("hello").data()).isEqualTo("cmd.hello \"only for alice\"");
        }
    }

    @Test
    void aPrivateMessageReachesOnlyItsUser() throws Exception {
        String alice = FormLogin.signIn(app.baseUrl(), "alice", "wonderland");
        String bob = FormLogin.signIn(app.baseUrl(), "bob", "builder");
        try (SseTestClient a = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home", FormLogin.header(alice), null);
             SseTestClient b = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home", FormLogin.header(bob), null)) {
            a.expectConnect();
            b.expectConnect();
            assertThat(b.connectValue("userId")).isEqualTo("bob");
            app.bean(ServerEvents.class).notifyUserName("bob", "cmd.whisper", "psst");
            assertThat(b.nextCommand("whisper").data()).isEqualTo("cmd.whisper \"psst\"");
            a.assertNoMatching(e -> e.data() != null && e.data().contains("whisper"), Duration.ofMillis(500));
        }
    }

    @Test
    void visitorsWhoDidNotSignInAreAnonymous() throws Exception {
        try (SseTestClient c = SseTestClient.open(app.baseUrl(), "/event-stream?channels=home")) {
            c.expectConnect();
            assertThat(c.connectValue("isAuthenticated")).isEqualTo("false");
            assertThat(c.connectValue("userId")).matches("-[0-9]+");
        }
        assertThat(app.bean(ServerEventsFeature.class).options().sessionResolver())
                .isInstanceOf(SpringSecuritySessionResolver.class);
    }

    @Test
    void limitToAuthenticatedUsersRefusesAnonymousStreamsWith401() throws Exception {
        try (BootApp limited = BootApp.start(TestApps.Secured.class, "herald.limit-to-authenticated-users=true")) {
            try (SseTestClient anonymous = SseTestClient.open(limited.baseUrl(), "/event-stream?channels=home")) {
                assertThat(anonymous.status()).isEqualTo(401);
            }
            String bob = FormLogin.signIn(limited.baseUrl(), "bob", "builder");
            try (SseTestClient c = SseTestClient.open(limited.baseUrl(), "/event-stream?channels=home",
                    FormLogin.header(bob), null)) {
                assertThat(c.status()).isEqualTo(200);
                c.expectConnect();
                assertThat(c.connectValue("userId")).isEqualTo("bob");
            }
        }
    }
}
