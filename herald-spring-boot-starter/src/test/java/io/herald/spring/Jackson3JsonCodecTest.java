package io.herald.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.json.JsonMapper;

/** The JSON codec over an app's Jackson 3 mapper: Herald's contract on top of the app's settings. */
class Jackson3JsonCodecTest {

    record Chat(String channel, String message, String note, boolean isPrivate, long id) {
    }

    record Query(String[] channels, Integer take, Boolean verbose) {
    }

    enum Mood { HAPPY, SAD }

    record WithMood(Mood mood) {
    }

    private final JsonMapper appMapper = JsonMapper.builder().enable(tools.jackson.databind.SerializationFeature.INDENT_OUTPUT)
            .build();
    private final Jackson3JsonCodec codec = new Jackson3JsonCodec(appMapper);

    @Test
    void writesOneLineWithoutNullsKeepingDefaultsEvenWhenTheAppIndents() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", 1);
        map.put("gone", null);
        String json = codec.encode(new Chat("home", "hi\nthere\r", null, false, 0));
        assertThat(json).doesNotContain("\n").doesNotContain("\r").doesNotContain("note")
                .contains("\"isPrivate\":false").contains("\"id\":0").contains("\"message\":\"hi\\nthere\\r\"");
        assertThat(codec.encode(map)).isEqualTo("{\"a\":1}");
        assertThat(codec.encode("text")).isEqualTo("\"text\"");
        assertThat(codec.encode(null)).isEqualTo("null");
        assertThat(appMapper.writeValueAsString(map)).as("the app's own mapper is left as it was").contains("\n");
    }

    @Test
    void escapesEveryCharacterAReaderCouldTakeForALineEnd() {
        String nasty = "a\u2028b\u2029c\u0085d\u0080e\u009fg\u007fh";
        String json = codec.encode(Map.of("t", nasty));
        assertThat(json).isEqualTo("{\"t\":\"a\\u2028b\\u2029c\\u0085d\\u0080e\\u009fg\\u007fh\"}");
        assertThat(json.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f)).isTrue();
        assertThat(codec.encode(Map.of("t", "héllo ☃"))).isEqualTo("{\"t\":\"héllo ☃\"}");
        assertThat(codec.decode(json, Map.class)).containsEntry("t", nasty);
    }

    @Test
    void usesTheAppsModulesAndNaming() {
        Jackson3JsonCodec snake = new Jackson3JsonCodec(JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE).build());
        assertThat(snake.encode(new Chat("c", "m", null, true, 7))).contains("\"is_private\":true");
        assertThat(codec.encode(Map.of("day", LocalDate.of(2026, 11, 30)))).isEqualTo("{\"day\":\"2026-11-30\"}");
    }

    @Test
    void readsPropertyNamesAndEnumsIgnoringCaseAndSkipsUnknownOnes() {
        Query q = codec.decode("{\"Channels\":[\"a\",\"b\"],\"TAKE\":5,\"extra\":1}", Query.class);
        assertThat(q.channels()).containsExactly("a", "b");
        assertThat(q.take()).isEqualTo(5);
        assertThat(codec.decode("{\"mood\":\"happy\"}", WithMood.class).mood()).isEqualTo(Mood.HAPPY);
        Query empty = codec.decode("{\"take\":\"\",\"verbose\":\"\"}", Query.class); // an untouched form field
        assertThat(empty.take()).isZero();
        assertThat(empty.verbose()).isFalse();
        assertThat(codec.decode("null", Query.class)).isNull();
    }

    @Test
    void refusesWhatDoesNotFitInPlainWordsNamingTheField() {
        assertThatThrownBy(() -> codec.decode("{\"take\":\"abc\"}", Query.class))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'take' must be a whole number, got 'abc'");
        assertThatThrownBy(() -> codec.decode("{\"channels\":{\"x\":1}}", Query.class))
                .hasMessage("'channels' must be a list, got an object");
        assertThatThrownBy(() -> codec.decode("{\"take\":99999999999}", Query.class))
                .hasMessageContaining("'take' must be a whole number from");
        assertThatThrownBy(() -> codec.decode("{\"mood\":\"angry\"}", WithMood.class))
                .hasMessage("'mood' must be one of HAPPY, SAD, got 'angry'");
        assertThatThrownBy(() -> codec.decode("{\"take\":", Query.class))
                .hasMessageStartingWith("Invalid JSON at line 1").hasMessageEndingWith("unexpected end of input");
        assertThatThrownBy(() -> codec.decode("[1]", Query.class)).hasMessage("expected a JSON object, got a list");
        for (String bad : List.of("{\"take\":\"abc\"}", "{\"channels\":{\"x\":1}}", "[1]", "{\"mood\":\"angry\"}")) {
            Class<?> type = bad.contains("mood") ? WithMood.class : Query.class;
            assertThatThrownBy(() -> codec.decode(bad, type))
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("java.").doesNotContain("Query")
                            .doesNotContain("tools.jackson"));
        }
    }
}
