package io.herald.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BasicJsonCodecTest {

    private final BasicJsonCodec codec = BasicJsonCodec.INSTANCE;

    public record Nested(String from, Integer take, Long afterId, int count, boolean flag, List<String> channels,
                         String[] tags, Set<Integer> numbers, Inner inner, Level level) {
    }

    public record Inner(int id, String name) {
    }

    public enum Level { LOW, HIGH }

    public record Checked(String name) {
        public Checked {
            if (name != null && name.isEmpty()) {
                throw new IllegalArgumentException("'name' must not be empty");
            }
            if ("npe".equals(name)) {
                throw new NullPointerException("internal detail");
            }
        }
    }

    public static final class Bean {
        private int limit;
        public String name;

        public int getLimit() {
            return limit;
        }

        public void setLimit(int limit) {
            this.limit = limit;
        }
    }

    private String refusal(String json, Class<?> type) {
        Throwable t = catchThrowable(() -> codec.decode(json, type));
        assertThat(t).as(json).isInstanceOf(IllegalArgumentException.class);
        return t.getMessage();
    }

    @Test
    void readsRecordsWithGenericListsCommaListsAndStringNumbers() {
        Nested n = codec.decode("{\"FROM\":\"a\",\"take\":\"5\",\"afterId\":7,\"count\":\"\",\"flag\":\"TRUE\","
                + "\"channels\":\"x,y\",\"tags\":[\"t\"],\"numbers\":[1,\"2\"],\"inner\":{\"id\":3},\"level\":\"high\"}", Nested.class);
        assertThat(n.from()).isEqualTo("a");
        assertThat(n.take()).isEqualTo(5);
        assertThat(n.afterId()).isEqualTo(7L);
        assertThat(n.count()).isZero();
        assertThat(n.flag()).isTrue();
        assertThat(n.channels()).containsExactly("x", "y");
        assertThat(n.tags()).containsExactly("t");
        assertThat(n.numbers()).containsExactly(1, 2);
        assertThat(n.inner()).isEqualTo(new Inner(3, null));
        assertThat(n.level()).isEqualTo(Level.HIGH);

        Bean b = codec.decode("{\"Limit\":\"4\",\"name\":\"n\"}", Bean.class);
        assertThat(b.getLimit()).isEqualTo(4);
        assertThat(b.name).isEqualTo("n");
        assertThat(codec.decode("null", Nested.class)).isNull();
        assertThat(codec.decode("{\"a\":[1]}", Map.class)).isEqualTo(Map.of("a", List.of(1L)));
    }

    @Test
    void wrongShapesNameTheFieldInPlainWords() {
        assertThat(refusal("[]", Nested.class)).isEqualTo("expected a JSON object, got a list");
        assertThat(refusal("5", Nested.class)).isEqualTo("expected a JSON object, got 5");
        assertThat(refusal("\"x\"", Nested.class)).isEqualTo("expected a JSON object, got 'x'");
        assertThat(refusal("true", Nested.class)).isEqualTo("expected a JSON object, got true");
        assertThat(refusal("{\"from\":[1]}", Nested.class)).isEqualTo("'from' must be a string, got a list");
        assertThat(refusal("{\"from\":{\"a\":1}}", Nested.class)).isEqualTo("'from' must be a string, got an object");
        assertThat(refusal("{\"take\":\"abc\"}", Nested.class)).isEqualTo("'take' must be a whole number, got 'abc'");
        assertThat(refusal("{\"take\":1.5}", Nested.class)).isEqualTo("'take' must be a whole number, got 1.5");
        assertThat(refusal("{\"afterId\":\"1x\"}", Nested.class)).isEqualTo("'afterId' must be a whole number, got '1x'");
        assertThat(refusal("{\"count\":[]}", Nested.class)).isEqualTo("'count' must be a whole number, got a list");
        assertThat(refusal("{\"flag\":\"maybe\"}", Nested.class)).isEqualTo("'flag' must be true or false, got 'maybe'");
        assertThat(refusal("{\"channels\":[{}]}", Nested.class)).isEqualTo("'channels[0]' must be a string, got an object");
        assertThat(refusal("{\"channels\":{\"a\":1}}", Nested.class)).isEqualTo("'channels' must be a list, got an object");
        assertThat(refusal("{\"numbers\":[\"x\"]}", Nested.class)).isEqualTo("'numbers[0]' must be a whole number, got 'x'");
        assertThat(refusal("{\"inner\":\"x\"}", Nested.class)).isEqualTo("'inner' must be a JSON object, got 'x'");
        assertThat(refusal("{\"inner\":{\"id\":\"abc\"}}", Nested.class)).isEqualTo("'inner.id' must be a whole number, got 'abc'");
        assertThat(refusal("{\"level\":\"mid\"}", Nested.class)).isEqualTo("'level' must be one of LOW, HIGH, got 'mid'");
        assertThat(refusal("{\"take\":99999999999}", Nested.class))
                .isEqualTo("'take' must be a whole number from -2147483648 to 2147483647, got 99999999999");
        assertThat(refusal("{\"limit\":\"x\"}", Bean.class)).isEqualTo("'limit' must be a whole number, got 'x'");
    }

    @Test
    void syntaxErrorsGiveThePosition() {
        assertThat(refusal("{\"from\":", Nested.class)).isEqualTo("Invalid JSON at position 8: unexpected end");
        assertThat(refusal("{\"from\":\u2028}", Nested.class)).isEqualTo("Invalid JSON at position 8: unexpected character '\\u2028'");
    }

    @Test
    void aTypesOwnCheckSpeaksForItselfAndOtherFailuresStayGeneric() {
        assertThat(refusal("{\"name\":\"\"}", Checked.class)).isEqualTo("'name' must not be empty");
        assertThat(refusal("{\"name\":\"npe\"}", Checked.class)).isEqualTo("the request has a missing or invalid value");
    }

    @Test
    void valuesInMessagesAreCutAndControlCharactersShownEscaped() {
        assertThat(refusal("{\"take\":\"1\\n2\\u2028\"}", Nested.class))
                .isEqualTo("'take' must be a whole number, got '1\\u000a2\\u2028'");
        assertThat(refusal("{\"take\":\"" + "9".repeat(30) + "x".repeat(30) + "\"}", Nested.class))
                .isEqualTo("'take' must be a whole number, got '" + "9".repeat(30) + "x".repeat(10) + "...'");
    }
}
