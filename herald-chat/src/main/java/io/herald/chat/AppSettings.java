package io.herald.chat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Application settings read from layered key/value sources, in the spirit of ServiceStack's
 * {@code TextFileSettings} / {@code MultiAppSettings}.
 *
 * <h2>Text format</h2>
 * One setting per line: the key runs up to the first whitespace, the rest of the line (trimmed) is the
 * value. Lines whose first non-blank character is {@code #} are comments; blank lines are ignored. A key
 * given twice keeps its last value. Example:
 * <pre>
 * # Herald chat
 * port 5000
 * background /img/bg.svg
 * users alice:pbkdf2$...,bob:pbkdf2$...
 * </pre>
 *
 * <h2>Layers</h2>
 * Sources are searched in order, first match wins: values written with {@link #set} shadow every source,
 * then the sources in the order they were given (for example command-line flags, then the file, then
 * built-in defaults). Keys match case-insensitively ({@code LimitRemoteControlToAuthenticatedUsers}
 * and {@code limitremotecontroltoauthenticatedusers} are the same setting).
 *
 * <h2>Typed values</h2>
 * {@code getInt}, {@code getBool}, {@code getList} ({@code A,B,C}), {@code getMap} ({@code A:1,B:2}) and
 * {@code get(key, type)} (a JSON value read with Jackson) throw {@link AppSettingsException} naming the
 * key, the text and its source when the text does not parse; the defaulting overloads return the default
 * only when the key is absent, never to hide a malformed value.
 *
 * <p>Instances are thread-safe: sources are immutable and the writable layer is a concurrent map.
 */
public final class AppSettings {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final List<Source> sources;
    private final Map<String, String> overrides = new ConcurrentHashMap<>();

    private record Source(String name, Map<String, String> values) {
    }

    private record Found(String value, String source) {
    }

    private AppSettings(List<Source> sources) {
        this.sources = List.copyOf(sources);
    }

    /** Settings from one in-memory map (e.g. defaults, or parsed flags), named {@code name} in errors. */
    public static AppSettings of(String name, Map<String, String> values) {
        return builder().add(name, values).build();
    }

    /** Settings parsed from text in the format above, named {@code name} in errors. */
    public static AppSettings fromText(String name, String text) {
        return builder().addText(name, text).build();
    }

    /**
     * Settings read from a UTF-8 text file.
     *
     * @throws UncheckedIOException if the file cannot be read
     */
    public static AppSettings fromFile(Path file) {
        return builder().addFile(file).build();
    }

    /** A builder; sources added first take precedence over later ones. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses the text format into an ordered map (last duplicate wins). Exposed so callers can inspect a
     * file without layering it.
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String raw : text.split("\\R", -1)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int ws = indexOfWhitespace(line);
            String key = ws < 0 ? line : line.substring(0, ws);
            String value = ws < 0 ? "" : line.substring(ws + 1).strip();
            map.remove(key); // keep the position of the last occurrence
            map.put(key, value);
        }
        return map;
    }

    private static int indexOfWhitespace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    // ---- raw access ----------------------------------------------------------------------------

    /** True if any layer defines {@code key} (an empty value counts as defined). */
    public boolean exists(String key) {
        return find(key) != null;
    }

    /** Every key defined in any layer, each once (overrides first, then each source in precedence order). */
    public Set<String> getAllKeys() {
        Map<String, String> seen = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Set<String> keys = new LinkedHashSet<>();
        for (String k : overrides.keySet()) {
            if (seen.putIfAbsent(k, k) == null) {
                keys.add(k);
            }
        }
        for (Source s : sources) {
            for (String k : s.values().keySet()) {
                if (seen.putIfAbsent(k, k) == null) {
                    keys.add(k);
                }
            }
        }
        return Collections.unmodifiableSet(keys);
    }

    /**
     * Writes a value into the writable top layer, shadowing every read-only source. A null value removes
     * the override (the sources show through again).
     */
    public void set(String key, String value) {
        Objects.requireNonNull(key, "key");
        String stored = overrides.keySet().stream().filter(k -> k.equalsIgnoreCase(key)).findFirst().orElse(key);
        if (value == null) {
            overrides.remove(stored);
        } else {
            overrides.remove(stored);
            overrides.put(key, value);
        }
    }

    /** The value of {@code key}, or null when absent. */
    public String getString(String key) {
        Found f = find(key);
        return f == null ? null : f.value();
    }

    /** The value of {@code key}, or {@code defaultValue} when absent. */
    public String getString(String key, String defaultValue) {
        Found f = find(key);
        return f == null ? defaultValue : f.value();
    }

    /**
     * The value of {@code key}.
     *
     * @throws AppSettingsException if absent
     */
    public String getRequiredString(String key) {
        Found f = find(key);
        if (f == null) {
            throw new AppSettingsException(key, "Missing setting '" + key + "'");
        }
        return f.value();
    }

    // ---- typed access --------------------------------------------------------------------------

    /**
     * The value as an int.
     *
     * @throws AppSettingsException if absent or not a decimal integer
     */
    public int getInt(String key) {
        return parseInt(key, require(key));
    }

    /** The value as an int, or {@code defaultValue} when absent; a malformed value still throws. */
    public int getInt(String key, int defaultValue) {
        Found f = find(key);
        return f == null ? defaultValue : parseInt(key, f);
    }

    /**
     * The value as a boolean: {@code true} or {@code false}, case-insensitive.
     *
     * @throws AppSettingsException if absent or anything else
     */
    public boolean getBool(String key) {
        return parseBool(key, require(key));
    }

    /** The value as a boolean, or {@code defaultValue} when absent; a malformed value still throws. */
    public boolean getBool(String key, boolean defaultValue) {
        Found f = find(key);
        return f == null ? defaultValue : parseBool(key, f);
    }

    /**
     * The value split on commas, each item trimmed; an empty value is an empty list, an absent key too.
     *
     * @throws AppSettingsException if an item is empty ({@code A,,B})
     */
    public List<String> getList(String key) {
        Found f = find(key);
        return f == null ? List.of() : parseList(key, f);
    }

    /**
     * The value as a map from {@code key:value} pairs separated by commas ({@code A:1,B:2}); the first
     * {@code :} of a pair separates its key from its value. An absent key or empty value is an empty map.
     *
     * @throws AppSettingsException if a pair has no {@code :} or an empty key
     */
    public Map<String, String> getMap(String key) {
        Found f = find(key);
        if (f == null) {
            return Map.of();
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (String item : parseList(key, f)) {
            int colon = item.indexOf(':');
            if (colon <= 0) {
                throw malformed(key, f, "a map of key:value pairs (e.g. A:1,B:2); bad entry '" + item + "'");
            }
            map.put(item.substring(0, colon).strip(), item.substring(colon + 1).strip());
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * The value read as JSON into {@code type} (e.g. {@code {"id":1,"name":"x"}} into a record).
     *
     * @return null when the key is absent
     * @throws AppSettingsException if the text is not valid JSON for {@code type}
     */
    public <T> T get(String key, Class<T> type) {
        Found f = find(key);
        if (f == null) {
            return null;
        }
        try {
            return JSON.readValue(f.value(), type);
        } catch (JsonProcessingException e) {
            throw new AppSettingsException(key, "Setting '" + key + "' (from " + f.source() + ") is not valid JSON for "
                    + type.getSimpleName() + ": '" + f.value() + "': " + e.getOriginalMessage(), e);
        }
    }

    /** The JSON value, or {@code defaultValue} when absent; malformed JSON still throws. */
    public <T> T get(String key, Class<T> type, T defaultValue) {
        T value = get(key, type);
        return value == null ? defaultValue : value;
    }

    // ---- internals -----------------------------------------------------------------------------

    private Found find(String key) {
        Objects.requireNonNull(key, "key");
        for (Map.Entry<String, String> e : overrides.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return new Found(e.getValue(), "set()");
            }
        }
        for (Source s : sources) {
            String v = s.values().get(key);
            if (v != null) {
                return new Found(v, s.name());
            }
        }
        return null;
    }

    private Found require(String key) {
        Found f = find(key);
        if (f == null) {
            throw new AppSettingsException(key, "Missing setting '" + key + "'");
        }
        return f;
    }

    private static int parseInt(String key, Found f) {
        try {
            return Integer.parseInt(f.value().strip());
        } catch (NumberFormatException e) {
            throw malformed(key, f, "an integer");
        }
    }

    private static boolean parseBool(String key, Found f) {
        String v = f.value().strip().toLowerCase(Locale.ROOT);
        if (v.equals("true")) {
            return true;
        }
        if (v.equals("false")) {
            return false;
        }
        throw malformed(key, f, "true or false");
    }

    private static List<String> parseList(String key, Found f) {
        String v = f.value().strip();
        if (v.isEmpty()) {
            return List.of();
        }
        List<String> items = new ArrayList<>();
        for (String item : v.split(",", -1)) {
            String t = item.strip();
            if (t.isEmpty()) {
                throw malformed(key, f, "a comma-separated list without empty items");
            }
            items.add(t);
        }
        return List.copyOf(items);
    }

    private static AppSettingsException malformed(String key, Found f, String expected) {
        return new AppSettingsException(key, "Setting '" + key + "' (from " + f.source() + ") must be "
                + expected + ", but is '" + f.value() + "'");
    }

    /** Collects sources; the first added wins. */
    public static final class Builder {
        private final List<Source> sources = new ArrayList<>();

        private Builder() {
        }

        /** Adds a map of values (copied), named {@code name} in error messages. */
        public Builder add(String name, Map<String, String> values) {
            Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            values.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, "value of " + k)));
            sources.add(new Source(name, Collections.unmodifiableMap(copy)));
            return this;
        }

        /** Adds every setting of another instance (its current overrides and sources, flattened). */
        public Builder add(AppSettings other) {
            other.overrides.forEach((k, v) -> add("set()", Map.of(k, v)));
            other.sources.forEach(sources::add);
            return this;
        }

        /** Adds settings parsed from text in the file format. */
        public Builder addText(String name, String text) {
            return add(name, parse(text));
        }

        /**
         * Adds settings read from a UTF-8 file.
         *
         * @throws UncheckedIOException if it cannot be read
         */
        public Builder addFile(Path file) {
            try {
                return addText(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read settings file " + file + ": " + e.getMessage(), e);
            }
        }

        public AppSettings build() {
            return new AppSettings(sources);
        }
    }
}
