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
    void unicodeLineBreaksAndEveryControlCharacterAreRefusedInSelectorsChannelsAndNames() {
        for (char c : new char[] {'\u0085', '\u2028', '\u2029', '\u0080', '\u009f', '\u007f', '\u0001'}) {
            String hex = String.format("\\u%04x", (int) c);
            assertThatThrownBy(() -> Selectors.checkSelector("cmd.inj" + c + "event:forged"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(hex);
            assertThat(Selectors.channelProblem("inj" + c)).contains(hex).doesNotContain(String.valueOf(c));
            assertThatThrownBy(() -> Selectors.checkName("userId", "u" + c))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userId").hasMessageContaining(hex);
        }
        assertThat(Selectors.checkSelector("cmd.caf\u00e9")).isEqualTo("cmd.caf\u00e9");
        assertThat(Selectors.channelProblem("\u65e5\u672c")).isNull();
        assertThatThrownBy(() -> Selectors.checkName("userName", null)).hasMessage("userName is required");
        assertThatThrownBy(() -> Selectors.checkName("sessionId", "")).hasMessage("sessionId is required");
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
