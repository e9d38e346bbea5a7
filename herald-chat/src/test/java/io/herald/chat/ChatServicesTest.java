package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.chat.FakeServerEvents.Sent;
import io.herald.http.HttpError;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChatServicesTest {

    private FakeServerEvents events;
    private MemoryChatHistory history;
    private ChatServices services;

    @BeforeEach
    void setUp() {
        events = new FakeServerEvents();
        history = new MemoryChatHistory();
        services = new ChatServices(events.api, history, false);
        events.addSubscription("subAlice", "-1", "alice", false, "home");
        events.addSubscription("subBob1", "7", "bob", true, "home");
        events.addSubscription("subBob2", "7", "bob", true, "home", "other"); // a second tab
    }

    private static HttpError httpError(Throwable t) {
        assertThat(t).isInstanceOf(HttpError.class);
        return (HttpError) t;
    }

    @Test
    void publicChatGoesToTheChannelAndHistory() {
        ChatMessage m = services.postChat(new PostChatToChannel("subAlice", null, "home", "<b>hi</b> & 'you'", null));
        assertThat(m.getId()).isEqualTo(1);
        assertThat(m.getChannel()).isEqualTo("home");
        assertThat(m.getFromUserId()).isEqualTo("-1");
        assertThat(m.getFromName()).isEqualTo("alice");
        assertThat(m.getMessage()).isEqualTo("&lt;b&gt;hi&lt;/b&gt; &amp; &#39;you&#39;");
        assertThat(m.isPrivate()).isFalse();
        assertThat(m.getUserAuthId()).isNull();
        assertThat(events.sent).containsExactly(new Sent("channel", "home", "cmd.chat", m));
        assertThat(history.getHistory(List.of("home"), null, null)).containsExactly(m);

        ChatMessage second = services.postChat(new PostChatToChannel("subBob1", "", "home", "again", "cmd.shout"));
        assertThat(second.getId()).isEqualTo(2);
        assertThat(second.getUserAuthId()).isEqualTo("7");
        assertThat(events.sent.get(1).selector()).isEqualTo("cmd.shout");
    }

    @Test
    void privateMessageGoesToTheUserAndEchoesOnceToTheSender() {
        ChatMessage m = services.postChat(new PostChatToChannel("subAlice", "7", "home", "psst", null));
        assertThat(m.isPrivate()).isTrue();
        assertThat(events.sent).hasSize(2);
        assertThat(events.sent.get(0)).isEqualTo(new Sent("userId", "7", "cmd.chat", m));
        Sent echo = events.sent.get(1);
        assertThat(echo.kind()).isEqualTo("subscription");
        assertThat(echo.target()).isEqualTo("subAlice");
        assertThat(((ChatMessage) echo.message()).getMessage()).isEqualTo("@bob: psst");
        assertThat(((ChatMessage) echo.message()).getId()).isEqualTo(m.getId());
        assertThat(history.getHistory(List.of("home"), null, null)).isEmpty();
    }

    @Test
    void privateMessageToMyselfIsNotEchoed() {
        services.postChat(new PostChatToChannel("subBob1", "7", "home", "note to self", null));
        assertThat(events.sent).extracting(Sent::kind).containsExactly("userId");
    }

    @Test
    void privateMessageToAnAbsentUserIs404() {
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("subAlice", "99", "home", "hi", null)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(404))
                .hasMessage("User 99 is not connected");
        assertThat(events.sent).isEmpty();
    }

    @Test
    void unknownSenderIs404() {
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("nope", null, "home", "hi", null)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(404))
                .hasMessage("Subscription nope does not exist");
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel(null, null, "home", "hi", null)))
                .hasMessage("Subscription null does not exist");
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("a\r\nb", null, "home", "hi", null)))
                .hasMessage("Subscription a\\u000d\\u000ab does not exist");
        assertThat(events.sent).isEmpty();
    }

    @Test
    void badChatRequestsAre400() {
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("subAlice", null, "", "hi", null)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("'channel'");
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("subAlice", null, "a@b", "hi", null)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("a@b");
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("subAlice", null, "home", " ", null)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("'message'");
        assertThatThrownBy(() -> services.postChat(new PostChatToChannel("subAlice", null, "home", "hi", "cmd chat")))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("cmd chat");
        assertThat(events.sent).isEmpty();
        assertThat(history.getHistory(List.of("home"), null, null)).isEmpty();
    }

    @Test
    void rawGoesToTheChannelOrUserAsAString() {
        services.postRaw(new PostRawToChannel("subAlice", null, "home", "#673ab7", "css.background$#top"), false);
        services.postRaw(new PostRawToChannel("subAlice", "7", "home", "<hi>", "cmd.announce"), false);
        services.postRaw(new PostRawToChannel("subAlice", null, "home", null, "cmd.toggle$#channels"), false);
        assertThat(events.sent).containsExactly(
                new Sent("channel", "home", "css.background$#top", "#673ab7"),
                new Sent("userId", "7", "cmd.announce", "&lt;hi&gt;"),
                new Sent("channel", "home", "cmd.toggle$#channels", null));
    }

    @Test
    void rawIsLimitedToAuthenticatedUsersWhenConfigured() {
        ChatServices limited = new ChatServices(events.api, history,
                AppSettings.fromText("f", "LimitRemoteControlToAuthenticatedUsers True"));
        PostRawToChannel req = new PostRawToChannel("subAlice", null, "home", "x", "cmd.announce");
        assertThatThrownBy(() -> limited.postRaw(req, false))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(403))
                .hasMessage("You must be authenticated to use remote control.");
        assertThat(events.sent).isEmpty();
        limited.postRaw(req, true);
        assertThat(events.sent).hasSize(1);
    }

    @Test
    void badRawRequests() {
        assertThatThrownBy(() -> services.postRaw(new PostRawToChannel("nope", null, "home", "x", "cmd.a"), false))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(404)).hasMessage("Subscription nope does not exist");
        assertThatThrownBy(() -> services.postRaw(new PostRawToChannel("subAlice", null, "home", "x", null), false))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("'selector' is required");
        assertThatThrownBy(() -> services.postRaw(new PostRawToChannel("subAlice", null, "home", "x", "nodot"), false))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("nodot");
        assertThatThrownBy(() -> services.postRaw(new PostRawToChannel("subAlice", null, "home", "x", "cmd.a\nb"), false))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400));
        assertThat(events.sent).isEmpty();
    }

    @Test
    void objectsGoWithTheirDefaultOrGivenSelector() {
        var custom = new PostObjectToChannel.CustomType(1, "foo");
        var setter = new PostObjectToChannel.SetterType(2, "bar");
        services.postObject(new PostObjectToChannel(null, "home", null, custom, setter));
        services.postObject(new PostObjectToChannel("7", "home", "test.quxSetter", null, setter));
        assertThat(events.sent).containsExactly(
                new Sent("channel", "home", "cmd.CustomType", custom),
                new Sent("channel", "home", "cmd.SetterType", setter),
                new Sent("userId", "7", "test.quxSetter", setter));
    }

    @Test
    void historyIsReadThroughTheService() {
        services.postChat(new PostChatToChannel("subAlice", null, "home", "1", null));
        services.postChat(new PostChatToChannel("subAlice", null, "other", "2", null));
        services.postChat(new PostChatToChannel("subAlice", null, "home", "3", null));
        assertThat(services.getChatHistory(new GetChatHistory(List.of("home", "other"), 1L, null)).results())
                .extracting(ChatMessage::getMessage).containsExactly("2", "3");
        assertThat(services.getChatHistory(new GetChatHistory(null, null, null)).results()).isEmpty();
        assertThatThrownBy(() -> services.getChatHistory(new GetChatHistory(List.of("home"), null, -5)))
                .satisfies(t -> assertThat(httpError(t).status()).isEqualTo(400)).hasMessageContaining("-5");
        services.clearChatHistory();
        assertThat(services.getChatHistory(new GetChatHistory(List.of("home"), null, null)).results()).isEmpty();
    }

    @Test
    void resetForgetsSubscriptions() {
        services.resetServerEvents(new ResetServerEvents());
        assertThat(events.resets).hasValue(1);
        assertThat(events.subs).isEmpty();
    }

    @Test
    void htmlEncode() {
        assertThat(ChatServices.htmlEncode("a<b>&\"'c")).isEqualTo("a&lt;b&gt;&amp;&quot;&#39;c");
        assertThat(ChatServices.htmlEncode("")).isEmpty();
    }
}
