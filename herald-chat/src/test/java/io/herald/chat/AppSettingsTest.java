package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppSettingsTest {

    record Point(int x, String label) {
    }

    private static final String TEXT = String.join("\n",
            "# a comment",
            "   # an indented comment",
            "",
            "port 5000",
            "background   /img/bg.svg  ",
            "title Hello   big\tworld",
            "tabbed\tvalue",
            "flag TRUE",
            "off false",
            "empty",
            "list A, B ,C",
            "map A:1,B:2, C : x:y",
            "json {\"x\":3,\"label\":\"p\"}",
            "dup first",
            "dup second");

    private final AppSettings settings = AppSettings.fromText("test.txt", TEXT);

    @Test
    void firstWhitespaceSeparatesKeyAndValue() {
        assertThat(settings.getString("port")).isEqualTo("5000");
        assertThat(settings.getString("background")).isEqualTo("/img/bg.svg");
        assertThat(settings.getString("title")).isEqualTo("Hello   big\tworld");
        assertThat(settings.getString("tabbed")).isEqualTo("value");
        assertThat(settings.getString("empty")).isEmpty();
        assertThat(settings.getString("dup")).isEqualTo("second");
    }

    @Test
    void commentsAndBlankLinesAreIgnored() {
        assertThat(settings.getAllKeys()).containsExactlyInAnyOrder("port", "background", "title", "tabbed",
                "flag", "off", "empty", "list", "map", "json", "dup");
        assertThat(settings.exists("#")).isFalse();
        assertThat(settings.exists("a")).isFalse();
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        AppSettings s = AppSettings.fromText("crlf", "port 1\r\nredis localhost\r\n");
        assertThat(s.getInt("port")).isEqualTo(1);
        assertThat(s.getString("redis")).isEqualTo("localhost");
    }

    @Test
    void existsAndDefaults() {
        assertThat(settings.exists("port")).isTrue();
        assertThat(settings.exists("PORT")).isTrue();
        assertThat(settings.exists("empty")).isTrue();
        assertThat(settings.exists("missing")).isFalse();
        assertThat(settings.getString("missing")).isNull();
        assertThat(settings.getString("missing", "d")).isEqualTo("d");
        assertThat(settings.getInt("missing", 7)).isEqualTo(7);
        assertThat(settings.getBool("missing", true)).isTrue();
        assertThat(settings.getList("missing")).isEmpty();
        assertThat(settings.getMap("missing")).isEmpty();
        assertThat(settings.get("missing", Point.class)).isNull();
        assertThat(settings.get("missing", Point.class, new Point(1, "d"))).isEqualTo(new Point(1, "d"));
    }

    @Test
    void typedValues() {
        assertThat(settings.getInt("port")).isEqualTo(5000);
        assertThat(settings.getInt("port", 1)).isEqualTo(5000);
        assertThat(settings.getBool("flag")).isTrue();
        assertThat(settings.getBool("off")).isFalse();
        assertThat(settings.getList("list")).containsExactly("A", "B", "C");
        assertThat(settings.getList("empty")).isEmpty();
        assertThat(settings.getMap("map")).containsExactly(Map.entry("A", "1"), Map.entry("B", "2"), Map.entry("C", "x:y"));
        assertThat(settings.get("json", Point.class)).isEqualTo(new Point(3, "p"));
    }

    @Test
    void keysAreCaseInsensitive() {
        AppSettings s = AppSettings.fromText("f", "LimitRemoteControlToAuthenticatedUsers False");
        assertThat(s.getBool("limitremotecontroltoauthenticatedusers")).isFalse();
    }

    @Test
    void requiredValuesThrowWhenMissing() {
        assertThatThrownBy(() -> settings.getInt("nope")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> settings.getBool("nope")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("'nope'");
        assertThatThrownBy(() -> settings.getRequiredString("nope")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("Missing setting 'nope'");
    }

    @Test
    void malformedIntNamesKeyTextAndSource() {
        AppSettings s = AppSettings.fromText("appsettings.txt", "port abc");
        assertThatThrownBy(() -> s.getInt("port")).isInstanceOf(AppSettingsException.class)
                .hasMessage("Setting 'port' (from appsettings.txt) must be an integer, but is 'abc'")
                .extracting(e -> ((AppSettingsException) e).key()).isEqualTo("port");
        // a default never hides a malformed value
        assertThatThrownBy(() -> s.getInt("port", 5000)).hasMessageContaining("'abc'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "port 99999999999").getInt("port"))
                .hasMessageContaining("'99999999999'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "port").getInt("port"))
                .hasMessageContaining("Setting 'port'").hasMessageContaining("''");
    }

    @Test
    void malformedBool() {
        AppSettings s = AppSettings.fromText("f", "flag yes");
        assertThatThrownBy(() -> s.getBool("flag")).isInstanceOf(AppSettingsException.class)
                .hasMessage("Setting 'flag' (from f) must be true or false, but is 'yes'");
        assertThatThrownBy(() -> s.getBool("flag", false)).hasMessageContaining("'yes'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "flag 1").getBool("flag")).hasMessageContaining("'1'");
    }

    @Test
    void malformedList() {
        AppSettings s = AppSettings.fromText("f", "list A,,B");
        assertThatThrownBy(() -> s.getList("list")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("'list'").hasMessageContaining("'A,,B'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "list A,").getList("list")).hasMessageContaining("'A,'");
    }

    @Test
    void malformedMap() {
        AppSettings s = AppSettings.fromText("f", "users A:1,B");
        assertThatThrownBy(() -> s.getMap("users")).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("Setting 'users'").hasMessageContaining("'A:1,B'")
                .hasMessageContaining("bad entry 'B'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "m :1").getMap("m")).hasMessageContaining("bad entry ':1'");
        assertThatThrownBy(() -> AppSettings.fromText("f", "m A:1,,B:2").getMap("m")).hasMessageContaining("'A:1,,B:2'");
    }

    @Test
    void malformedJson() {
        AppSettings s = AppSettings.fromText("f", "json {\"x\":");
        assertThatThrownBy(() -> s.get("json", Point.class)).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("Setting 'json'").hasMessageContaining("{\"x\":")
                .hasMessageContaining("Point");
        AppSettings wrongType = AppSettings.fromText("f", "json {\"x\":\"notanumber\"}");
        assertThatThrownBy(() -> wrongType.get("json", Point.class)).isInstanceOf(AppSettingsException.class)
                .hasMessageContaining("notanumber");
        assertThatThrownBy(() -> wrongType.get("json", Point.class, new Point(0, ""))).isInstanceOf(AppSettingsException.class);
    }

    @Test
    void layersSearchInOrderAndSetShadowsAll() {
        AppSettings layered = AppSettings.builder()
                .add("command line", Map.of("port", "1337"))
                .addText("file", "port 5000\nbackground /file.svg\nredis localhost")
                .add("defaults", Map.of("port", "1", "background", "/default.svg", "extra", "x"))
                .build();
        assertThat(layered.getInt("port")).isEqualTo(1337);
        assertThat(layered.getString("background")).isEqualTo("/file.svg");
        assertThat(layered.getString("extra")).isEqualTo("x");
        assertThat(layered.getAllKeys()).containsExactlyInAnyOrder("port", "background", "redis", "extra");

        layered.set("Port", "42");
        layered.set("new", "v");
        assertThat(layered.getInt("port")).isEqualTo(42);
        assertThat(layered.getString("new")).isEqualTo("v");
        assertThat(layered.getAllKeys()).hasSize(5);

        layered.set("PORT", null); // removes the override whatever its case
        assertThat(layered.getInt("port")).isEqualTo(1337);
    }

    @Test
    void errorsNameTheLayerTheValueCameFrom() {
        AppSettings layered = AppSettings.builder()
                .add("command line", Map.of("port", "x1"))
                .addText("appsettings.txt", "port 5000")
                .build();
        assertThatThrownBy(() -> layered.getInt("port")).hasMessageContaining("(from command line)");
        layered.set("port", "y");
        assertThatThrownBy(() -> layered.getInt("port")).hasMessageContaining("(from set())");
    }

    @Test
    void readsFiles(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("appsettings.txt");
        Files.writeString(file, "port 6000\nnames a,b\n");
        AppSettings s = AppSettings.fromFile(file);
        assertThat(s.getInt("port")).isEqualTo(6000);
        assertThat(s.getList("names")).isEqualTo(List.of("a", "b"));
        assertThatThrownBy(() -> AppSettings.fromFile(dir.resolve("missing.txt")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("missing.txt");
    }
}
