package io.herald.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TopicMessageTest {

    private static TopicMessage roundTrip(TopicMessage m, String expectedWire) {
        assertThat(m.format()).isEqualTo(expectedWire);
        TopicMessage parsed = TopicMessage.parse(expectedWire);
        assertThat(parsed).isEqualTo(m);
        assertThat(parsed.format()).isEqualTo(expectedWire);
        return parsed;
    }

    @Test
    void notifyAllMessage() {
        TopicMessage m = roundTrip(TopicMessage.notifyAll("cmd.chat", "{\"message\":\"hi there\"}"),
                "notify.all cmd.chat {\"message\":\"hi there\"}");
        assertThat(m.kind()).isEqualTo(TopicMessage.Kind.NOTIFY_ALL);
        assertThat(m.target()).isNull();
        assertThat(m.selector()).isEqualTo("cmd.chat");
        assertThat(m.json()).isEqualTo("{\"message\":\"hi there\"}");
    }

    @Test
    void notifyAllWithoutBody() {
        TopicMessage m = roundTrip(TopicMessage.notifyAll("cmd.ping", null), "notify.all cmd.ping");
        assertThat(m.json()).isNull();
    }

    @Test
    void notifyChannel() {
        TopicMessage m = roundTrip(TopicMessage.notifyChannel("home", "cmd.onJoin", "{\"channel\":\"home\"}"),
                "notify.channel.home cmd.onJoin {\"channel\":\"home\"}");
        assertThat(m.kind()).isEqualTo(TopicMessage.Kind.NOTIFY_CHANNEL);
        assertThat(m.target()).isEqualTo("home");
        assertThat(m.channelFilter()).isNull();
    }

    @Test
    void notifyChannelKeepsAtInSelector() {
        // notify.channel takes no filter, so '@' stays part of the selector
        TopicMessage m = roundTrip(TopicMessage.notifyChannel("home", "a@b", "1"), "notify.channel.home a@b 1");
        assertThat(m.selector()).isEqualTo("a@b");
        assertThat(m.channelFilter()).isNull();
    }

    @Test
    void channelNamesWithDotsRoundTrip() {
        TopicMessage m = roundTrip(TopicMessage.notifyChannel("room.eu.west", "cmd.chat", "{}"),
                "notify.channel.room.eu.west cmd.chat {}");
        assertThat(m.target()).isEqualTo("room.eu.west");
        assertThat(m.selector()).isEqualTo("cmd.chat");
    }

    @Test
    void notifySubscriptionWithAndWithoutFilter() {
        TopicMessage filtered = roundTrip(TopicMessage.notifySubscription("abc123", "cmd.onHeartbeat", "home", "{\"a\":1}"),
                "notify.subscription.abc123 cmd.onHeartbeat@home {\"a\":1}");
        assertThat(filtered.kind()).isEqualTo(TopicMessage.Kind.NOTIFY_SUBSCRIPTION);
        assertThat(filtered.target()).isEqualTo("abc123");
        assertThat(filtered.selector()).isEqualTo("cmd.onHeartbeat");
        assertThat(filtered.channelFilter()).isEqualTo("home");

        TopicMessage plain = roundTrip(TopicMessage.notifySubscription("abc123", "cmd.x", null, "{}"),
                "notify.subscription.abc123 cmd.x {}");
        assertThat(plain.channelFilter()).isNull();
    }

    @Test
    void filterWithDotsRoundTrips() {
        TopicMessage m = roundTrip(TopicMessage.notifyUserId("u.1", "cmd.x", "room.a.b", "{\"x\":\"a b\"}"),
                "notify.userid.u.1 cmd.x@room.a.b {\"x\":\"a b\"}");
        assertThat(m.target()).isEqualTo("u.1");
        assertThat(m.channelFilter()).isEqualTo("room.a.b");
        assertThat(m.json()).isEqualTo("{\"x\":\"a b\"}");
    }

    @Test
    void notifyUserIdUserNameSession() {
        assertThat(roundTrip(TopicMessage.notifyUserId("42", "cmd.a", null, "1"), "notify.userid.42 cmd.a 1").kind())
                .isEqualTo(TopicMessage.Kind.NOTIFY_USER_ID);
        TopicMessage byName = roundTrip(TopicMessage.notifyUserName("john.smith", "cmd.a", "home", "\"x\""),
                "notify.username.john.smith cmd.a@home \"x\"");
        assertThat(byName.kind()).isEqualTo(TopicMessage.Kind.NOTIFY_USER_NAME);
        assertThat(byName.target()).isEqualTo("john.smith");
        TopicMessage bySession = roundTrip(TopicMessage.notifySession("s.e.s", "cmd.a", null, null),
                "notify.session.s.e.s cmd.a");
        assertThat(bySession.kind()).isEqualTo(TopicMessage.Kind.NOTIFY_SESSION);
        assertThat(bySession.target()).isEqualTo("s.e.s");
        assertThat(bySession.json()).isNull();
    }

    @Test
    void subscribeAndUnsubscribeCarryAJsonStringList() {
        TopicMessage sub = roundTrip(TopicMessage.subscribe("id1", List.of("home", "room.a")),
                "subscribe.id.id1 \"home,room.a\"");
        assertThat(sub.kind()).isEqualTo(TopicMessage.Kind.SUBSCRIBE);
        assertThat(sub.channels()).containsExactly("home", "room.a");
        TopicMessage unsub = roundTrip(TopicMessage.unsubscribe("id1", List.of("x")), "unsubscribe.id.id1 \"x\"");
        assertThat(unsub.kind()).isEqualTo(TopicMessage.Kind.UNSUBSCRIBE);
        assertThat(unsub.channels()).containsExactly("x");
    }

    @Test
    void channelListEscapesQuotesAndBackslashes() {
        TopicMessage m = roundTrip(TopicMessage.subscribe("id1", List.of("a\"b", "c\\d")),
                "subscribe.id.id1 \"a\\\"b,c\\\\d\"");
        assertThat(m.channels()).containsExactly("a\"b", "c\\d");
        assertThat(TopicMessage.parse("subscribe.id.x \"a\\u0062\"").channels()).containsExactly("ab");
    }

    @Test
    void emptyChannelList() {
        assertThat(roundTrip(TopicMessage.subscribe("id1", List.of()), "subscribe.id.id1 \"\"").channels()).isEmpty();
    }

    @Test
    void unregisterAndPulse() {
        TopicMessage u = roundTrip(TopicMessage.unregister("abc"), "unregister.id.abc");
        assertThat(u.kind()).isEqualTo(TopicMessage.Kind.UNREGISTER);
        assertThat(u.target()).isEqualTo("abc");
        TopicMessage p = roundTrip(TopicMessage.pulse("a.b"), "pulse.id.a.b");
        assertThat(p.kind()).isEqualTo(TopicMessage.Kind.PULSE);
        assertThat(p.target()).isEqualTo("a.b");
    }

    @Test
    void parsesWhatServiceStackSends() {
        TopicMessage m = TopicMessage.parse(
                "notify.channel.home cmd.onJoin {\"userId\":\"-1\",\"displayName\":\"user1\",\"channel\":\"home\"}");
        assertThat(m.target()).isEqualTo("home");
        assertThat(m.selector()).isEqualTo("cmd.onJoin");
        assertThat(m.json()).isEqualTo("{\"userId\":\"-1\",\"displayName\":\"user1\",\"channel\":\"home\"}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"room a", "a\tb", "a\nb", "a\rb", "", "a\u00a0b"})
    void namesThatCannotRoundTripAreRejectedWithTheValue(String bad) {
        assertThatThrownBy(() -> TopicMessage.notifyChannel(bad, "cmd.x", "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel");
        assertThatThrownBy(() -> TopicMessage.notifyUserName(bad, "cmd.x", null, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("userName");
        assertThatThrownBy(() -> TopicMessage.subscribe("id", List.of("ok", bad)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channel");
    }

    @Test
    void errorMessagesNameTheValue() {
        assertThatThrownBy(() -> TopicMessage.notifyChannel("my room", "cmd.x", "{}"))
                .hasMessage("channel must not contain whitespace or control characters: 'my room'");
        assertThatThrownBy(() -> TopicMessage.notifySession("s", "cmd x", null, "{}"))
                .hasMessageContaining("selector").hasMessageContaining("'cmd x'");
        assertThatThrownBy(() -> TopicMessage.notifySubscription("id", "cmd.x", "a b", "{}"))
                .hasMessageContaining("channelFilter").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> TopicMessage.notifySubscription("id", "cmd@x", null, "{}"))
                .hasMessageContaining("'@'").hasMessageContaining("'cmd@x'");
        assertThatThrownBy(() -> TopicMessage.subscribe("id", List.of("a,b")))
                .hasMessageContaining("','").hasMessageContaining("'a,b'");
        assertThatThrownBy(() -> TopicMessage.notifyAll(null, "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("selector must not be null");
        assertThatThrownBy(() -> TopicMessage.unregister(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("subscriptionId");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "hello", "notify", "notify.everyone cmd.x {}", "notify.all", "notify.all.extra cmd.x {}",
            "notify.channel cmd.x {}", "notify.channel. cmd.x {}", "notify.channel.home", "pulse.id",
            "pulse.id.abc extra", "unregister.id.", "subscribe.id.abc", "subscribe.id.abc home",
            "subscribe.id.abc \"a\"b\"", "subscribe.id.abc \"bad\\q\"", "subscribe.id.abc \"\\u00\"",
            "CTRL:PULSE"})
    void malformedMessagesAreRejectedWithTheText(String text) {
        assertThatThrownBy(() -> TopicMessage.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("malformed topic message")
                .hasMessageContaining("'" + text);
    }

    @Test
    void jsonBodyMayContainSpacesAndAts() {
        TopicMessage m = TopicMessage.parse("notify.session.s1 cmd.x@home {\"to\":\"a@b c\"}");
        assertThat(m.selector()).isEqualTo("cmd.x");
        assertThat(m.channelFilter()).isEqualTo("home");
        assertThat(m.json()).isEqualTo("{\"to\":\"a@b c\"}");
    }

    @Test
    void channelsListIsUnmodifiable() {
        TopicMessage m = TopicMessage.subscribe("id", new java.util.ArrayList<>(List.of("a")));
        assertThatThrownBy(() -> m.channels().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }
}
