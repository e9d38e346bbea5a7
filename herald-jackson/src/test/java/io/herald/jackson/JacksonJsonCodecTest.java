package io.herald.jackson;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.herald.JsonCodec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JacksonJsonCodecTest {

    private final JacksonJsonCodec codec = new JacksonJsonCodec();

    public static final class ChatMessage {
        public long id;
        public String channel;
        public String fromUserId;
        public String message;
        public boolean isPrivate;
        public String selector; // left null on purpose
    }

    public record UpdateEventSubscriber(String id, String[] subscribeChannels, List<String> unsubscribeChannels) {
    }

    public static final class GetEventSubscribers {
        private String[] channels;
        private int limit;
        private boolean verbose;

        public String[] getChannels() {
            return channels;
        }

        public void setChannels(String[] channels) {
            this.channels = channels;
        }

        public int getLimit() {
            return limit;
        }

        public void setLimit(int limit) {
            this.limit = limit;
        }

        public boolean isVerbose() {
            return verbose;
        }

        public void setVerbose(boolean verbose) {
            this.verbose = verbose;
        }
    }

    public static final class Empty {
    }

    public record Tags(Set<String> tags, List<Integer> numbers) {
    }

    @Test
    void isTheDefaultCodecThroughServiceLoader() {
        assertThat(JsonCodec.defaultCodec()).isInstanceOf(JacksonJsonCodec.class);
    }

    @Test
    void writesCamelCaseCompactWithoutNullsKeepingDefaults() {
        ChatMessage m = new ChatMessage();
        m.id = 0;
        m.channel = "home";
        m.fromUserId = "-1";
        m.message = "héllo ☃ \"quoted\"\nnext\r";
        assertThat(codec.encode(m)).isEqualTo(
                "{\"id\":0,\"channel\":\"home\",\"fromUserId\":\"-1\",\"message\":\"héllo ☃ \\\"quoted\\\"\\nnext\\r\",\"isPrivate\":false}");
    }

    @Test
    void leavesOutNullMapValuesAndWritesEmptyBeansAsEmptyObjects() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("a", "1");
        map.put("b", null);
        assertThat(codec.encode(map)).isEqualTo("{\"a\":\"1\"}");
        assertThat(codec.encode(new Empty())).isEqualTo("{}");
        assertThat(codec.encode(null)).isEqualTo("null");
        assertThat(codec.encode("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
    }

    @Test
    void outputNeverContainsRawLineBreaks() {
        String json = codec.encode(Map.of("text", "a\nb\rc\u0000d\u2028e"));
        assertThat(json).doesNotContain("\n").doesNotContain("\r");
    }

    @Test
    void writesRecords() {
        assertThat(codec.encode(new UpdateEventSubscriber("x", new String[] {"a"}, null)))
                .isEqualTo("{\"id\":\"x\",\"subscribeChannels\":[\"a\"]}");
    }

    @Test
    void readsPascalCaseAndCamelCaseIntoRecords() {
        UpdateEventSubscriber pascal = codec.decode(
                "{\"Id\":\"abc\",\"SubscribeChannels\":[\"a\",\"b\"],\"UnsubscribeChannels\":[\"c\"],\"Other\":1}",
                UpdateEventSubscriber.class);
        assertThat(pascal.id()).isEqualTo("abc");
        assertThat(pascal.subscribeChannels()).containsExactly("a", "b");
        assertThat(pascal.unsubscribeChannels()).containsExactly("c");

        UpdateEventSubscriber camel = codec.decode("{\"id\":\"abc\",\"subscribeChannels\":[\"a\"]}",
                UpdateEventSubscriber.class);
        assertThat(camel.id()).isEqualTo("abc");
        assertThat(camel.subscribeChannels()).containsExactly("a");
        assertThat(camel.unsubscribeChannels()).isNull();
    }

    @Test
    void acceptsCommaSeparatedStringsForStringArraysAndLists() {
        UpdateEventSubscriber r = codec.decode(
                "{\"id\":\"abc\",\"subscribeChannels\":\"a,b\",\"unsubscribeChannels\":\"c\"}",
                UpdateEventSubscriber.class);
        assertThat(r.subscribeChannels()).containsExactly("a", "b");
        assertThat(r.unsubscribeChannels()).containsExactly("c");

        GetEventSubscribers bean = codec.decode("{\"CHANNELS\":\"x,y,z\",\"limit\":\"5\",\"verbose\":\"true\"}",
                GetEventSubscribers.class);
        assertThat(bean.getChannels()).containsExactly("x", "y", "z");
        assertThat(bean.getLimit()).isEqualTo(5);
        assertThat(bean.isVerbose()).isTrue();

        Tags tags = codec.decode("{\"tags\":\"p,q\"}", Tags.class);
        assertThat(tags.tags()).containsExactlyInAnyOrder("p", "q");
    }

    @Test
    void emptyStringsReadAsEmptyListsAndDefaults() {
        GetEventSubscribers bean = codec.decode("{\"channels\":\"\",\"limit\":\"\"}", GetEventSubscribers.class);
        assertThat(bean.getChannels()).isEmpty();
        assertThat(bean.getLimit()).isZero();
    }

    public record Nested(String from, Integer take, Long afterId, int count, boolean flag, List<String> channels,
                         Inner inner, Level level) {
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

    /** The message of the IllegalArgumentException that decoding {@code json} into {@code type} throws. */
    private String refusal(String json, Class<?> type) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> codec.decode(json, type));
        assertThat(t).as(json).isInstanceOf(IllegalArgumentException.class);
        return t.getMessage();
    }

    @Test
    void wrongShapesNameTheFieldInPlainWords() {
        assertThat(refusal("[]", Nested.class)).isEqualTo("expected a JSON object, got a list");
        assertThat(refusal("5", Nested.class)).isEqualTo("expected a JSON object, got 5");
        assertThat(refusal("\"x\"", Nested.class)).isEqualTo("expected a JSON object, got 'x'");
        assertThat(refusal("true", Nested.class)).isEqualTo("expected a JSON object, got true");
        assertThat(refusal("", Nested.class)).isEqualTo("expected a JSON object, got nothing");
        assertThat(refusal("{\"from\":[1]}", Nested.class)).isEqualTo("'from' must be a string, got a list");
        assertThat(refusal("{\"from\":{\"a\":1}}", Nested.class)).isEqualTo("'from' must be a string, got an object");
        assertThat(refusal("{\"take\":\"abc\"}", Nested.class)).isEqualTo("'take' must be a whole number, got 'abc'");
        assertThat(refusal("{\"afterId\":\"1x\"}", Nested.class)).isEqualTo("'afterId' must be a whole number, got '1x'");
        assertThat(refusal("{\"count\":[]}", Nested.class)).isEqualTo("'count' must be a whole number, got a list");
        assertThat(refusal("{\"flag\":\"maybe\"}", Nested.class)).isEqualTo("'flag' must be true or false, got 'maybe'");
        assertThat(refusal("{\"channels\":[{}]}", Nested.class)).isEqualTo("'channels[0]' must be a string, got an object");
        assertThat(refusal("{\"channels\":{\"a\":1}}", Nested.class)).isEqualTo("'channels' must be a list, got an object");
        assertThat(refusal("{\"inner\":\"x\"}", Nested.class)).isEqualTo("'inner' must be a JSON object, got 'x'");
        assertThat(refusal("{\"inner\":{\"id\":\"abc\"}}", Nested.class)).isEqualTo("'inner.id' must be a whole number, got 'abc'");
        assertThat(refusal("{\"level\":\"mid\"}", Nested.class)).isEqualTo("'level' must be one of LOW, HIGH, got 'mid'");
        assertThat(refusal("{\"take\":99999999999}", Nested.class))
                .isEqualTo("'take' must be a whole number from -2147483648 to 2147483647");
    }

    @Test
    void syntaxErrorsGiveTheLineAndColumnOnly() {
        assertThat(refusal("{\"from\":", Nested.class)).isEqualTo("Invalid JSON at line 1, column 9: unexpected end of input");
        assertThat(refusal("{\"from\": x}", Nested.class)).isEqualTo("Invalid JSON at line 1, column 10");
        assertThat(refusal("[".repeat(2000), Object.class)).isEqualTo("JSON nested too deeply or too large");
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

    @Test
    void noMessageNamesAJavaTypeOrAJacksonToken() {
        String[] inputs = {"[]", "{\"from\":[1]}", "{\"take\":\"x\"}", "{\"inner\":5}", "{\"level\":7}", "{", "nul",
            "{\"channels\":[[]]}", "{\"count\":1e999}", "{\"afterId\":1.5e300}", "\"\\ud800\""};
        for (String in : inputs) {
            Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> codec.decode(in, Nested.class));
            assertThat(t).as(in).isInstanceOf(IllegalArgumentException.class);
            assertThat(t.getMessage()).as(in).doesNotContain("java.", "io.herald", "Token", "`", "Nested", "Exception",
                    "com.fasterxml", "START_", "Source");
        }
    }

    @Test
    void aNullLiteralDecodesAsNull() {
        assertThat(codec.decode("null", Nested.class)).isNull();
    }

    @Test
    void lineBreakingCharactersAreEscapedInOutput() {
        assertThat(codec.encode("a\u2028b\u2029c\u0085d\u007fe\u009ff\u00e9"))
                .isEqualTo("\"a\\u2028b\\u2029c\\u0085d\\u007fe\\u009ff\u00e9\"");
        assertThat(codec.encode(Map.of("k\u2028", "v"))).isEqualTo("{\"k\\u2028\":\"v\"}");
    }

    @Test
    void decodesIntoMaps() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = codec.decode("{\"a\":1,\"b\":[\"x\"]}", Map.class);
        assertThat(map).containsEntry("a", 1).containsEntry("b", List.of("x"));
    }
}
