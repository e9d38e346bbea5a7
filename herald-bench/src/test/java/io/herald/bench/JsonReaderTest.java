package io.herald.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {

    @Test
    void readsWhatJsonWrites() {
        String line = new Json().put("scenario", "fan\"out\n").put("n", 3).put("x", 1.5).put("nan", Double.NaN)
                .raw("steps", "[" + new Json().put("rate", 10) + "," + new Json().put("rate", 20) + "]").toString();
        Map<String, Object> m = JsonReader.object(line);
        assertThat(m.get("scenario")).isEqualTo("fan\"out\n");
        assertThat(m.get("n")).isEqualTo(3.0);
        assertThat(m.get("x")).isEqualTo(1.5);
        assertThat(m).containsEntry("nan", null);
        assertThat((List<?>) m.get("steps")).hasSize(2);
    }

    @Test
    void brokenTextIsRefusedWithTheOffset() {
        assertThatThrownBy(() -> JsonReader.object("{\"a\":1,}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("offset 7");
        assertThatThrownBy(() -> JsonReader.object("[1]")).hasMessageContaining("not a JSON object");
    }
}
