package io.herald.chat;

import io.herald.redis.RedisUris;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The chat's command line, parsed and validated at once.
 *
 * <p>Every flag may be written {@code --name=value}, {@code -name=value} or {@code /name=value}
 * (ServiceStack's forms); names are case-insensitive. Flags:
 * <ul>
 *   <li>{@code --port=N}: HTTP port, 0-65535 (0 picks a free port);</li>
 *   <li>{@code --redis[=host[:port] | redis://... | redis-sentinel://... | redis-cluster://...]}: use the
 *       Redis back-end (any address {@link RedisUris} accepts); a bare {@code --redis} means {@code localhost};</li>
 *   <li>{@code --background=URL}: this instance's page background;</li>
 *   <li>{@code --settings=path}: the settings file (default {@code appsettings.txt} in the working
 *       directory), written with commented defaults if absent;</li>
 *   <li>{@code --hash-password=secret}: print a hash for the {@code users} setting and exit;</li>
 *   <li>{@code --help}: print {@link #usage()} and exit.</li>
 * </ul>
 * Flags win over the settings file, which wins over {@link #DEFAULTS}; see {@link #settings(AppSettings)}.
 *
 * @param port          the port flag, or null
 * @param redis         {@code host[:port]} or a {@code redis://} / {@code rediss://} URI, or null
 * @param background    the background URL flag, or null
 * @param settingsFile  the settings file path (never null)
 * @param hashPassword  the password to hash, or null
 * @param help          whether {@code --help} was given
 */
public record ChatOptions(Integer port, String redis, String background, Path settingsFile,
                          String hashPassword, boolean help) {

    /** The settings file used when {@code --settings} is not given. */
    public static final String DEFAULT_SETTINGS_FILE = "appsettings.txt";

    /** Built-in defaults, the lowest settings layer. */
    public static final Map<String, String> DEFAULTS = Map.of(
            "port", "5000",
            "host", "0.0.0.0",
            "background", "/img/bg.svg",
            "LimitRemoteControlToAuthenticatedUsers", "False",
            "LimitToAuthenticatedUsers", "False");

    /** The settings file written on first run: every default, optional keys commented out. */
    public static final String DEFAULT_SETTINGS_TEXT = String.join("\n",
            "# Herald Chat settings: one 'key value' per line, '#' starts a comment.",
            "# Command-line flags (--port=, --redis=, --background=) override these values.",
            "",
            "# HTTP port, and the address to bind (0.0.0.0 = every interface, 127.0.0.1 = this machine only)",
            "port 5000",
            "host 0.0.0.0",
            "",
            "# Uncomment to share events between instances through Redis (host[:port] or redis://... URI)",
            "#redis localhost",
            "",
            "# Page background (a URL); give each instance its own to tell them apart",
            "background /img/bg.svg",
            "",
            "# True: only signed-in users may send /commands (remote control)",
            "LimitRemoteControlToAuthenticatedUsers False",
            "",
            "# True: only signed-in users may connect at all (anonymous streams get 401, no guests)",
            "LimitToAuthenticatedUsers False",
            "",
            "# Credentials sign-in: name:hash pairs, hashes made with --hash-password=secret",
            "#users alice:pbkdf2$...,bob:pbkdf2$...",
            "");

    public ChatOptions {
        if (settingsFile == null) {
            settingsFile = Path.of(DEFAULT_SETTINGS_FILE);
        }
    }

    /**
     * Parses the command line.
     *
     * @throws ChatOptionsException naming the flag for an unknown flag, a missing or malformed value, or a
     *                              value given to a flag that takes none
     */
    public static ChatOptions parse(String... args) {
        Integer port = null;
        String redis = null;
        String background = null;
        Path settings = null;
        String hashPassword = null;
        boolean help = false;
        for (String arg : args) {
            if (arg == null) {
                throw new ChatOptionsException("Invalid argument: null");
            }
            String body = stripPrefix(arg);
            if (body == null) {
                throw new ChatOptionsException("Unexpected argument '" + arg + "' (flags look like --port=5000; try --help)");
            }
            int eq = body.indexOf('=');
            String name = (eq < 0 ? body : body.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : body.substring(eq + 1);
            switch (name) {
                case "port" -> port = parsePort(arg, required(arg, value));
                case "redis" -> redis = value == null ? "localhost" : parseRedis(arg, value);
                case "background" -> background = required(arg, value);
                case "settings" -> settings = parsePath(arg, required(arg, value));
                case "hash-password" -> hashPassword = required(arg, value);
                case "help", "h", "?" -> {
                    if (value != null) {
                        throw new ChatOptionsException("Flag '" + arg + "' takes no value");
                    }
                    help = true;
                }
                default -> throw new ChatOptionsException("Unknown flag '" + arg + "' (try --help)");
            }
        }
        return new ChatOptions(port, redis, background, settings, hashPassword, help);
    }

    /** The {@code --help} text: one line per flag. */
    public static String usage() {
        return String.join("\n",
                "Usage: java -jar herald-chat.jar [flags]",
                "  --port=N                 HTTP port (default 5000; 0 = any free port)",
                "  --redis[=host[:port]]    share events through Redis; bare --redis means localhost;",
                "                           a redis://[user:pass@]host[:port][/db] URI also works, as do",
                "                           redis-sentinel://h1:26379,h2:26379#master and",
                "                           redis-cluster://node1:7000,node2:7001 (Redis Cluster)",
                "  --background=URL         page background of this instance (default /img/bg.svg)",
                "  --settings=PATH          settings file (default ./appsettings.txt, created if absent)",
                "  --hash-password=SECRET   print a password hash for the 'users' setting and exit",
                "  --help                   print this help and exit",
                "Flags may also be written -name=value or /name=value. Flags override the settings file.",
                "");
    }

    /** The flags given, as settings keys ({@code port}, {@code redis}, {@code background}). */
    public Map<String, String> toSettingsMap() {
        Map<String, String> map = new LinkedHashMap<>();
        if (port != null) {
            map.put("port", Integer.toString(port));
        }
        if (redis != null) {
            map.put("redis", redis);
        }
        if (background != null) {
            map.put("background", background);
        }
        return map;
    }

    /** The Redis flag, if given. */
    public Optional<String> redisOption() {
        return Optional.ofNullable(redis);
    }

    /**
     * Layers flags over {@code fileSettings} over {@link #DEFAULTS}.
     */
    public AppSettings settings(AppSettings fileSettings) {
        return AppSettings.builder()
                .add("command line", toSettingsMap())
                .add(fileSettings)
                .add("defaults", DEFAULTS)
                .build();
    }

    /**
     * Writes {@link #DEFAULT_SETTINGS_TEXT} to the settings file if it does not exist, reads it and layers
     * the flags over it.
     *
     * @throws UncheckedIOException if the file cannot be written or read
     */
    public AppSettings loadSettings() {
        writeDefaultSettingsIfAbsent(settingsFile);
        return settings(AppSettings.fromFile(settingsFile));
    }

    /**
     * Creates {@code file} with {@link #DEFAULT_SETTINGS_TEXT} unless it exists.
     *
     * @return true if the file was written
     */
    public static boolean writeDefaultSettingsIfAbsent(Path file) {
        if (Files.exists(file)) {
            return false;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, DEFAULT_SETTINGS_TEXT, StandardCharsets.UTF_8);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write default settings file " + file + ": " + e.getMessage(), e);
        }
    }

    // ---- parsing helpers -------------------------------------------------------------------------

    private static String stripPrefix(String arg) {
        if (arg.startsWith("--")) {
            return nonEmpty(arg.substring(2));
        }
        if (arg.startsWith("-") || arg.startsWith("/")) {
            return nonEmpty(arg.substring(1));
        }
        return null;
    }

    private static String nonEmpty(String s) {
        return s.isEmpty() || s.startsWith("=") ? null : s;
    }

    private static String required(String arg, String value) {
        if (value == null || value.isBlank()) {
            throw new ChatOptionsException("Flag '" + arg + "' needs a value, e.g. " + example(arg));
        }
        return value.strip();
    }

    private static String example(String arg) {
        String name = arg.replaceFirst("^(--|-|/)", "").replaceFirst("=.*$", "").toLowerCase(Locale.ROOT);
        return switch (name) {
            case "port" -> "--port=5000";
            case "background" -> "--background=/img/bg.svg";
            case "settings" -> "--settings=appsettings.txt";
            default -> "--" + name + "=value";
        };
    }

    private static int parsePort(String arg, String value) {
        int port;
        try {
            port = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ChatOptionsException("Flag '" + arg + "': port must be a number 0-65535, got '" + value + "'");
        }
        if (port < 0 || port > 65535) {
            throw new ChatOptionsException("Flag '" + arg + "': port must be 0-65535, got " + port);
        }
        return port;
    }

    private static String parseRedis(String arg, String value) {
        String v = value.strip();
        if (v.isEmpty()) {
            throw new ChatOptionsException("Flag '" + arg + "' needs a host, e.g. --redis=localhost:6379 (or bare --redis)");
        }
        if (RedisUris.isCluster(v) || v.toLowerCase(Locale.ROOT).startsWith("redis-sentinel://")) {
            try {
                RedisUris.parseAll(v);
                return v;
            } catch (IllegalArgumentException e) {
                throw new ChatOptionsException("Flag '" + RedisUris.mask(arg) + "': " + e.getMessage());
            }
        }
        if (v.contains("://")) {
            try {
                URI uri = new URI(v);
                String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("redis") && !scheme.equals("rediss")) {
                    throw new ChatOptionsException("Flag '" + arg + "': URI scheme must be redis://, rediss://, "
                            + "redis-sentinel://, redis-cluster:// or rediss-cluster://");
                }
                if (uri.getHost() == null || uri.getHost().isEmpty()) {
                    throw new ChatOptionsException("Flag '" + arg + "': URI has no host");
                }
                return v;
            } catch (URISyntaxException e) {
                throw new ChatOptionsException("Flag '" + arg + "': not a valid URI: " + e.getReason());
            }
        }
        int colon = v.lastIndexOf(':');
        String host = colon < 0 ? v : v.substring(0, colon);
        if (host.isEmpty() || !host.matches("[A-Za-z0-9._-]+")) {
            throw new ChatOptionsException("Flag '" + arg + "': bad Redis host '" + host + "'");
        }
        if (colon >= 0) {
            String p = v.substring(colon + 1);
            int port;
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new ChatOptionsException("Flag '" + arg + "': Redis port must be a number 1-65535, got '" + p + "'");
            }
            if (port < 1 || port > 65535) {
                throw new ChatOptionsException("Flag '" + arg + "': Redis port must be 1-65535, got " + port);
            }
        }
        return v;
    }

    private static Path parsePath(String arg, String value) {
        try {
            return Path.of(value);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ChatOptionsException("Flag '" + arg + "': not a valid path: " + e.getReason());
        }
    }
}
