package io.herald.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatOptionsTest {

    @Test
    void noFlagsMeansDefaults() {
        ChatOptions o = ChatOptions.parse();
        assertThat(o.port()).isNull();
        assertThat(o.redis()).isNull();
        assertThat(o.redisOption()).isEmpty();
        assertThat(o.background()).isNull();
        assertThat(o.settingsFile()).isEqualTo(Path.of("appsettings.txt"));
        assertThat(o.help()).isFalse();
        assertThat(o.hashPassword()).isNull();
        assertThat(o.toSettingsMap()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=1337", "-port=1337", "/port=1337", "--PORT=1337", "--port= 1337 "})
    void portInEveryForm(String arg) {
        assertThat(ChatOptions.parse(arg).port()).isEqualTo(1337);
    }

    @Test
    void portBounds() {
        assertThat(ChatOptions.parse("--port=0").port()).isZero();
        assertThat(ChatOptions.parse("--port=65535").port()).isEqualTo(65535);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--redis", "-redis", "/redis", "--Redis"})
    void bareRedisMeansLocalhost(String arg) {
        assertThat(ChatOptions.parse(arg).redis()).isEqualTo("localhost");
    }

    @Test
    void redisValues() {
        assertThat(ChatOptions.parse("--redis=cache.local").redis()).isEqualTo("cache.local");
        assertThat(ChatOptions.parse("/redis=10.0.0.5:6380").redis()).isEqualTo("10.0.0.5:6380");
        assertThat(ChatOptions.parse("--redis=redis://user:pw@host:6379/2").redis()).isEqualTo("redis://user:pw@host:6379/2");
        assertThat(ChatOptions.parse("--redis=rediss://host").redis()).isEqualTo("rediss://host");
        assertThat(ChatOptions.parse("--redis=redis-cluster://a:7000,b:7001").redis()).isEqualTo("redis-cluster://a:7000,b:7001");
        assertThat(ChatOptions.parse("--redis=redis-sentinel://s1:26379,s2:26379#main").redis())
                .isEqualTo("redis-sentinel://s1:26379,s2:26379#main");
    }

    @Test
    void otherFlags() {
        ChatOptions o = ChatOptions.parse("--background=/img/other.svg", "--settings=conf/chat.txt", "--help",
                "--hash-password=pw");
        assertThat(o.background()).isEqualTo("/img/other.svg");
        assertThat(o.settingsFile()).isEqualTo(Path.of("conf/chat.txt"));
        assertThat(o.help()).isTrue();
        assertThat(o.hashPassword()).isEqualTo("pw");
        assertThat(ChatOptions.parse("-h").help()).isTrue();
        assertThat(ChatOptions.parse("/?").help()).isTrue();
    }

    @Test
    void lastFlagWins() {
        assertThat(ChatOptions.parse("--port=1", "--port=2").port()).isEqualTo(2);
    }

    @Test
    void badPort() {
        assertThatThrownBy(() -> ChatOptions.parse("--port=abc")).isInstanceOf(ChatOptionsException.class)
                .hasMessage("Flag '--port=abc': port must be a number 0-65535, got 'abc'");
        assertThatThrownBy(() -> ChatOptions.parse("--port=70000"))
                .hasMessage("Flag '--port=70000': port must be 0-65535, got 70000");
        assertThatThrownBy(() -> ChatOptions.parse("--port=-1")).hasMessageContaining("got -1");
        assertThatThrownBy(() -> ChatOptions.parse("--port")).hasMessage("Flag '--port' needs a value, e.g. --port=5000");
        assertThatThrownBy(() -> ChatOptions.parse("--port=")).hasMessageContaining("Flag '--port=' needs a value");
    }

    @Test
    void badRedis() {
        assertThatThrownBy(() -> ChatOptions.parse("--redis=")).isInstanceOf(ChatOptionsException.class)
                .hasMessageContaining("Flag '--redis=' needs a host");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=host:abc")).hasMessageContaining("Redis port must be a number 1-65535, got 'abc'");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=host:0")).hasMessageContaining("Redis port must be 1-65535, got 0");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=:6379")).hasMessageContaining("bad Redis host ''");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=bad host")).hasMessageContaining("bad Redis host 'bad host'");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=http://host")).hasMessageContaining("redis-cluster://");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=redis-cluster://a:1,,b:2"))
                .isInstanceOf(ChatOptionsException.class).hasMessageContaining("empty host");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=redis-sentinel://h:26379"))
                .isInstanceOf(ChatOptionsException.class).hasMessageContaining("sentinelMasterId");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=redis://")).hasMessageContaining("--redis=redis://");
        assertThatThrownBy(() -> ChatOptions.parse("--redis=redis://ho st")).hasMessageContaining("not a valid URI");
    }

    @Test
    void badOtherValues() {
        assertThatThrownBy(() -> ChatOptions.parse("--background")).hasMessage("Flag '--background' needs a value, e.g. --background=/img/bg.svg");
        assertThatThrownBy(() -> ChatOptions.parse("--settings= ")).hasMessageContaining("Flag '--settings= ' needs a value");
        assertThatThrownBy(() -> ChatOptions.parse("--hash-password")).hasMessageContaining("Flag '--hash-password' needs a value");
        assertThatThrownBy(() -> ChatOptions.parse("--settings=a\0b")).hasMessageContaining("not a valid path");
        assertThatThrownBy(() -> ChatOptions.parse("--help=yes")).hasMessage("Flag '--help=yes' takes no value");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--colour=red", "-x", "/foo=bar"})
    void unknownFlags(String arg) {
        assertThatThrownBy(() -> ChatOptions.parse(arg)).isInstanceOf(ChatOptionsException.class)
                .hasMessage("Unknown flag '" + arg + "' (try --help)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"port=1337", "1337", "--", "-", "/", "--=x", ""})
    void notAFlag(String arg) {
        assertThatThrownBy(() -> ChatOptions.parse(arg)).isInstanceOf(ChatOptionsException.class)
                .hasMessageStartingWith("Unexpected argument '" + arg + "'");
    }

    @Test
    void messagesAreOneLine() {
        for (String arg : new String[] {"--port=x", "--redis=h:x", "--nope", "bare", "--port"}) {
            assertThatThrownBy(() -> ChatOptions.parse(arg)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    @Test
    void usageListsEveryFlag() {
        assertThat(ChatOptions.usage()).contains("--port=", "--redis", "--background=", "--settings=",
                "--hash-password=", "--help");
    }

    @Test
    void flagsOverrideFileOverrideDefaults() {
        AppSettings file = AppSettings.fromText("appsettings.txt", "port 6000\nbackground /file.svg\nusers a:b");
        AppSettings s = ChatOptions.parse("--port=1337", "--redis").settings(file);
        assertThat(s.getInt("port")).isEqualTo(1337);
        assertThat(s.getString("redis")).isEqualTo("localhost");
        assertThat(s.getString("background")).isEqualTo("/file.svg");
        assertThat(s.getMap("users")).containsEntry("a", "b");
        assertThat(s.getBool("LimitRemoteControlToAuthenticatedUsers")).isFalse();

        AppSettings defaultsOnly = ChatOptions.parse().settings(AppSettings.fromText("empty", ""));
        assertThat(defaultsOnly.getInt("port")).isEqualTo(5000);
        assertThat(defaultsOnly.exists("redis")).isFalse();
    }

    @Test
    void writesDefaultSettingsFileOnFirstRun(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("sub/appsettings.txt");
        AppSettings s = ChatOptions.parse("--settings=" + file, "--background=/x.svg").loadSettings();
        assertThat(Files.readString(file)).isEqualTo(ChatOptions.DEFAULT_SETTINGS_TEXT)
                .contains("port 5000", "#redis localhost", "LimitRemoteControlToAuthenticatedUsers False");
        assertThat(s.getInt("port")).isEqualTo(5000);
        assertThat(s.exists("redis")).isFalse(); // commented out
        assertThat(s.exists("users")).isFalse();
        assertThat(s.getString("background")).isEqualTo("/x.svg");
        assertThat(s.getBool("LimitRemoteControlToAuthenticatedUsers")).isFalse();

        // an existing file is left alone
        Files.writeString(file, "port 7000\n");
        assertThat(ChatOptions.writeDefaultSettingsIfAbsent(file)).isFalse();
        assertThat(ChatOptions.parse("--settings=" + file).loadSettings().getInt("port")).isEqualTo(7000);
        assertThat(Map.copyOf(ChatOptions.DEFAULTS)).containsEntry("port", "5000");
    }
}
