package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.UserSession;
import io.herald.http.EventSink;
import io.herald.http.HttpExchange;
import io.herald.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ChatSessionsTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }

        void advance(Duration d) {
            now.updateAndGet(i -> i.plus(d));
        }
    }

    /** A request that carries only a Cookie header. */
    private static HttpExchange withCookie(String ssId) {
        return new HttpExchange() {
            public String method() { return "GET"; }
            public String path() { return "/event-stream"; }
            public List<String> queryParams(String name) { return List.of(); }
            public Map<String, List<String>> queryParams() { return Map.of(); }
            public String header(String name) { return null; }
            public String cookie(String name) { return ChatSessions.COOKIE.equals(name) ? ssId : null; }
            public String remoteAddress() { return "127.0.0.1"; }
            public String baseUrl() { return "http://127.0.0.1:1"; }
            public byte[] body() { return new byte[0]; }
            public void respond(HttpResponse response) { throw new UnsupportedOperationException(); }
            public EventSink openEventStream(Map<String, String> headers) { throw new UnsupportedOperationException(); }
        };
    }

    private final ManualClock clock = new ManualClock();
    private final ChatSessions sessions = new ChatSessions(Duration.ofMinutes(10), clock);

    @Test
    void idsAreTwentyRandomAlphanumerics() {
        String a = ChatSessions.newId();
        assertThat(a).matches("[A-Za-z0-9]{20}");
        assertThat(ChatSessions.newId()).isNotEqualTo(a);
        assertThat(ChatSessions.isWellFormed(a)).isTrue();
        assertThat(ChatSessions.isWellFormed("short")).isFalse();
        assertThat(ChatSessions.isWellFormed("aaaaaaaaaaaaaaaaaaa;")).isFalse();
        assertThat(ChatSessions.isWellFormed(null)).isFalse();
    }

    @Test
    void credentialsSessionsResolveAsAuthenticatedUsers() {
        ChatSessions.Session s = sessions.signIn("bob");
        UserSession u = sessions.resolve(withCookie(s.id()));
        assertThat(u).isEqualTo(new UserSession("bob", "bob", "bob", null, s.id(), true));
    }

    @Test
    void guestsAreAnonymousWithTheirName() {
        ChatSessions.Session s = sessions.signInGuest("Alice");
        UserSession u = sessions.resolve(withCookie(s.id()));
        assertThat(u).isEqualTo(new UserSession(null, null, "Alice", null, s.id(), false));
    }

    @Test
    void unknownCookiesStayAddressableAsAnonymousSessions() {
        String id = ChatSessions.newId();
        assertThat(sessions.resolve(withCookie(id))).isEqualTo(UserSession.anonymous(id));
        assertThat(sessions.resolve(withCookie(null))).isEqualTo(UserSession.anonymous(null));
        // a malformed cookie is not passed on as a session id
        assertThat(sessions.resolve(withCookie("x\r\ny"))).isEqualTo(UserSession.anonymous(null));
    }

    @Test
    void signOutAndIdleSessionsAreForgotten() {
        ChatSessions.Session s = sessions.signIn("bob");
        sessions.signOut(s.id());
        assertThat(sessions.find(s.id())).isEmpty();

        ChatSessions.Session t = sessions.signIn("bob");
        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.find(t.id())).isPresent(); // use renews it
        clock.advance(Duration.ofMinutes(9));
        assertThat(sessions.find(t.id())).isPresent();
        clock.advance(Duration.ofMinutes(11));
        assertThat(sessions.find(t.id())).isEmpty();
    }

    @Test
    void creatingSessionsSweepsIdleOnes() {
        sessions.signIn("a");
        sessions.signIn("b");
        clock.advance(Duration.ofMinutes(11));
        sessions.signIn("c");
        assertThat(sessions.size()).isEqualTo(1);
    }

    @Test
    void rejectsABadIdleLimit() {
        assertThatThrownBy(() -> new ChatSessions(Duration.ZERO, clock)).hasMessageContaining("idleLimit must be > 0");
    }
}
