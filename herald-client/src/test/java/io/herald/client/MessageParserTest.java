package io.herald.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageParserTest {

    @Test
    void splitsChannelSelectorTargetCssAndBody() {
        ServerEventMessage m = MessageParser.parse(3, "3", "home@css.background-image$#top \"url(x)\"");
        assertThat(m.getEventId()).isEqualTo(3);
        assertThat(m.getChannel()).isEqualTo("home");
        assertThat(m.getSelector()).isEqualTo("css.background-image$#top");
        assertThat(m.getOp()).isEqualTo("css");
        assertThat(m.getTarget()).isEqualTo("background-image");
        assertThat(m.getCssSelector()).isEqualTo("#top");
        assertThat(m.getJson()).isEqualTo("\"url(x)\"");
        assertThat(m.getMeta()).isEmpty();
        assertThat(m.getBodyAs(String.class)).isEqualTo("url(x)");
    }

    @Test
    void emptyBodyAfterTheSpaceAndNoChannel() {
        ServerEventMessage m = MessageParser.parse(1, "1", "cmd.toggle$#channels ");
        assertThat(m.getChannel()).isNull();
        assertThat(m.getTarget()).isEqualTo("toggle");
        assertThat(m.getCssSelector()).isEqualTo("#channels");
        assertThat(m.getJson()).isEmpty();
        assertThat(m.getBodyAs(TestTypes.CustomType.class)).isNull();
    }

    @Test
    void decodesPercent20InTargetAndCss() {
        ServerEventMessage m = MessageParser.parse(1, "1", "tv.watch%20now$div%20p {}");
        assertThat(m.getTarget()).isEqualTo("watch now");
        assertThat(m.getCssSelector()).isEqualTo("div p");
    }

    @Test
    void bodyKeepsEverythingAfterTheFirstSpace() {
        ServerEventMessage m = MessageParser.parse(1, "1", "cmd.chat {\"message\":\"a b @ c.d\"}");
        assertThat(m.getJson()).isEqualTo("{\"message\":\"a b @ c.d\"}");
    }

    @Test
    void dataWithoutSpaceIsAPlainMessage() {
        ServerEventMessage m = MessageParser.parse(-1, "", "hello");
        assertThat(m.getSelector()).isNull();
        assertThat(m.getOp()).isNull();
        assertThat(m.getData()).isEqualTo("hello");
    }

    @Test
    void selectorWithoutDotIsRejectedWithTheValue() {
        assertThatThrownBy(() -> MessageParser.parse(1, "7", "home@nodot {}"))
                .isInstanceOf(ServerEventsException.class).hasMessageContaining("'nodot'").hasMessageContaining("7");
    }

    @Test
    void systemBodiesBecomeFlatMetaWithNumbersAsText() {
        ServerEventMessage m = MessageParser.parse(1, "1",
                "cmd.onConnect {\"id\":\"abc\",\"heartbeatIntervalMs\":5000,\"isAuthenticated\":true,\"nested\":{\"a\":1},\"gone\":null}");
        assertThat(m.getMeta()).containsEntry("id", "abc").containsEntry("heartbeatIntervalMs", "5000")
                .containsEntry("isAuthenticated", "true").containsEntry("nested", "{\"a\":1}").doesNotContainKey("gone");
        ServerEventConnect connect = new ServerEventConnect(m);
        assertThat(connect.getHeartbeatIntervalMs()).isEqualTo(5000);
        assertThat(connect.getIdleTimeoutMs()).as("missing -> default, not 0").isEqualTo(30_000);
        assertThat(connect.isAuthenticated()).isTrue();
        assertThatThrownBy(() -> connect.setHeartbeatIntervalMs(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("heartbeatIntervalMs").hasMessageContaining("0");
    }

    @Test
    void invalidSystemJsonIsRejected() {
        assertThatThrownBy(() -> MessageParser.parse(1, "1", "cmd.onHeartbeat [oops"))
                .isInstanceOf(ServerEventsException.class).hasMessageContaining("cmd.onHeartbeat");
    }

    @Test
    void commandGettersReadTheFlatStrings() {
        ServerEventCommand c = new ServerEventJoin(MessageParser.parse(2, "2",
                "A@cmd.onJoin {\"userId\":\"-1\",\"displayName\":\"user1\",\"channels\":\"A,B\",\"createdAt\":\"1718000000000\",\"profileUrl\":\"p\",\"isAuthenticated\":\"false\"}"));
        assertThat(c.getChannel()).isEqualTo("A");
        assertThat(c.getUserId()).isEqualTo("-1");
        assertThat(c.getDisplayName()).isEqualTo("user1");
        assertThat(c.getChannels()).containsExactly("A", "B");
        assertThat(c.getCreatedAt()).isEqualTo(1718000000000L);
        assertThat(c.getProfileUrl()).isEqualTo("p");
        assertThat(c.isAuthenticated()).isFalse();
    }

    @Test
    void badBodyForATypeNamesSelectorAndType() {
        ServerEventMessage m = MessageParser.parse(1, "1", "cmd.x {\"id\":\"notanumber\"}");
        assertThatThrownBy(() -> m.getBodyAs(TestTypes.CustomType.class)).isInstanceOf(ServerEventsException.class)
                .hasMessageContaining("cmd.x").hasMessageContaining("CustomType");
    }
}
