package io.herald.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void flatObjectsEscapeEveryControlCharacterAndSkipNulls() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("a", "x\ny\r\u0000\"\\");
        m.put("b", null);
        m.put("c", "héllo");
        assertThat(Json.writeFlat(m)).isEqualTo("{\"a\":\"x\\ny\\r\\u0000\\\"\\\\\",\"c\":\"héllo\"}");
    }

    @Test
    void parsesObjectsArraysAndScalars() {
        Object v = Json.parse(" {\"Id\":\"x\",\"subscribeChannels\":[\"A\",\"B\"],\"n\":3,\"f\":1.5,\"t\":true,\"z\":null} ");
        assertThat(v).isEqualTo(map("Id", "x", "subscribeChannels", List.of("A", "B"), "n", 3L, "f", 1.5, "t", true, "z", null));
        assertThat(Json.parse("\"a\\u0041\\n\"")).isEqualTo("aA\n");
    }

    @Test
    void malformedJsonNamesThePosition() {
        assertThatThrownBy(() -> Json.parse("{\"a\":}")).hasMessageContaining("position 5");
        assertThatThrownBy(() -> Json.parse("[1,2")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.parse("{} x")).hasMessageContaining("after the JSON value");
        assertThatThrownBy(() -> Json.parse("[".repeat(100))).hasMessageContaining("nested too deeply");
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
