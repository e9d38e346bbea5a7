package io.herald;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SelectorsTest {

    record CustomType(int id, String name) {
    }

    @Test
    void typedMessagesUseTheSimpleTypeName() {
        assertThat(Selectors.of(new CustomType(1, "Foo"))).isEqualTo("cmd.CustomType");
    }

    @Test
    void selectorsThatCouldBreakFramingAreRefused() {
        for (String bad : new String[] {"cmd.a b", "ch@cmd.x", "cmd.x\n", "cmd.x\r", "cmd.\u0000", "nodot", "", ".x"}) {
            assertThatThrownBy(() -> Selectors.checkSelector(bad)).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(Selectors.checkSelector("css.background-image$#top")).isEqualTo("css.background-image$#top");
    }

    @Test
    void channelRulesNameTheChannel() {
        assertThat(Selectors.channelProblem("home")).isNull();
        assertThat(Selectors.channelProblem("*")).isNull();
        assertThat(Selectors.channelProblem("a.b")).isNull();
        assertThat(Selectors.channelProblem("")).contains("''");
        assertThat(Selectors.channelProblem("a,b")).contains("'a,b'").contains("','");
        assertThat(Selectors.channelProblem("a@b")).contains("'@'");
        assertThat(Selectors.channelProblem("a b")).contains("' '");
        assertThat(Selectors.channelProblem("a\nb")).contains("\\u000a");
        assertThat(Selectors.channelProblem("x".repeat(257))).contains("longer than 256");
    }

    @Test
    void optionsAreValidatedWithTheSettingAndValue() {
        assertThatThrownBy(() -> ServerEventsOptions.builder().idleTimeout(java.time.Duration.ofSeconds(5)).build())
                .hasMessage("idleTimeout must be > heartbeatInterval: PT5S <= PT10S");
        assertThatThrownBy(() -> ServerEventsOptions.builder().streamPath("event-stream").build())
                .hasMessageContaining("streamPath").hasMessageContaining("'event-stream'");
        assertThatThrownBy(() -> ServerEventsOptions.builder().maxQueuedBytes(10).build())
                .hasMessage("maxQueuedBytes must be >= 1024: 10");
    }
}
