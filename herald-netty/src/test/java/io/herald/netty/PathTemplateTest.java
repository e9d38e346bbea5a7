package io.herald.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PathTemplateTest {

    @Test
    void matchesLiteralsIgnoringCaseAndCapturesVariables() {
        PathTemplate t = new PathTemplate("/channels/{channel}/chat");
        assertThat(t.match(List.of("channels", "home", "chat"))).isEqualTo(Map.of("channel", "home"));
        assertThat(t.match(List.of("CHANNELS", "Home", "Chat"))).isEqualTo(Map.of("channel", "Home"));
        assertThat(t.match(List.of("channels", "home"))).isNull();
        assertThat(t.match(List.of("channels", "home", "chat", "x"))).isNull();
        assertThat(t.match(List.of("channel", "home", "chat"))).isNull();
    }

    @Test
    void literalOnlyTemplatesGiveNoVariables() {
        assertThat(new PathTemplate("/api/GetEventSubscribers").match(List.of("api", "geteventsubscribers"))).isEmpty();
        assertThat(new PathTemplate("/").match(List.of())).isEmpty();
        assertThat(new PathTemplate("/").match(List.of("x"))).isNull();
    }

    @Test
    void greedyTailTakesTheRest() {
        PathTemplate t = new PathTemplate("/files/{path*}");
        assertThat(t.match(List.of("files", "a", "b.txt"))).isEqualTo(Map.of("path", "a/b.txt"));
        assertThat(t.match(List.of("files"))).isEqualTo(Map.of("path", ""));
        assertThat(t.match(List.of("other"))).isNull();
    }

    @Test
    void rejectsInvalidTemplatesNamingThem() {
        assertThatThrownBy(() -> new PathTemplate("channels")).hasMessageContaining("must start with '/'")
                .hasMessageContaining("channels");
        assertThatThrownBy(() -> new PathTemplate("/a/{b*}/c")).hasMessageContaining("only at the end");
        assertThatThrownBy(() -> new PathTemplate("/a/x{b}")).hasMessageContaining("'x{b}'");
        assertThatThrownBy(() -> new PathTemplate("/a/{}")).hasMessageContaining("invalid variable");
    }
}
