package io.herald.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FramesTest {

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void channelFrameCarriesPrefixAndBody() {
        assertThat(text(Frames.encode("home", "cmd.announce", "\"hi\""))).isEqualTo("data: home@cmd.announce \"hi\"\n\n");
    }

    @Test
    void nullBodyKeepsTheSpaceAfterTheSelector() {
        assertThat(text(Frames.encode(null, "cmd.toggle$#channels", ""))).isEqualTo("data: cmd.toggle$#channels \n\n");
    }

    @Test
    void lineBreaksAndNulCannotReachTheWire() {
        for (String bad : new String[] {"a\nb", "a\rb", "a\r\nb", "a\u0000b"}) {
            assertThatThrownBy(() -> Frames.encode(null, "cmd.x", bad))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("single line");
        }
    }

    @Test
    void unicodeLineSeparatorsInBodiesAreWrittenAsJsonEscapes() {
        String body = "{\"text\":\"a\u2028b\u2029c\u0085d\"}";
        assertThat(text(Frames.encode(null, "cmd.x", body)))
                .isEqualTo("data: cmd.x {\"text\":\"a\\u2028b\\u2029c\\u0085d\"}\n\n");
        assertThatThrownBy(() -> Frames.checkSingleLine("a\u2028b")).hasMessageContaining("\\u2028");
    }

    @Test
    void rawJsonLineBreaksBecomeSpacesAndNulIsRefused() {
        assertThat(Frames.collapseRawJson("{\n\"a\":1\r\n}")).isEqualTo("{ \"a\":1  }");
        assertThatThrownBy(() -> Frames.collapseRawJson("{\"a\":\"\u0000\"}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void standardFramingNamesTheEventAndKeepsTheBodyBare() {
        assertThat(text(Frames.encode(io.herald.Framing.STANDARD, "home", "cmd.chat", "{\"a\":\"b\u2029\"}")))
                .isEqualTo("event: cmd.chat\ndata: {\"a\":\"b\\u2029\"}\n\n");
        assertThat(text(Frames.encode(io.herald.Framing.STANDARD, null, "cmd.toggle", ""))).isEqualTo("event: cmd.toggle\ndata: \n\n");
        assertThat(text(Frames.retry(2500))).isEqualTo("retry: 2500\n\n");
        assertThatThrownBy(() -> Frames.named("cmd.x", "a\nb")).hasMessageContaining("single line");
    }
}
