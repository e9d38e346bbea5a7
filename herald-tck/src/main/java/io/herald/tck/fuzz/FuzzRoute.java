package io.herald.tck.fuzz;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One route of the application under test, as the fuzzer should attack it: method, path (with
 * {@code {name}} variables, each filled like a field of the same name) and the fields of its request DTO
 * with what kind of value each expects. The fuzzer starts from a valid value of each kind (so requests
 * reach the service logic, not just the binder) and replaces one or more with hostile ones.
 *
 * <pre>{@code
 * FuzzRoute.of("POST", "/channels/{channel}/chat")
 *         .field("from", FuzzRoute.Kind.SUBSCRIPTION_ID)
 *         .field("message", FuzzRoute.Kind.TEXT)
 *         .field("selector", FuzzRoute.Kind.SELECTOR)
 * }</pre>
 *
 * <p>Immutable; {@link #field} returns a copy.
 *
 * @param method the HTTP method to use for the valid form of the request
 * @param path   the path template, e.g. {@code /channels/{channel}/chat}
 * @param fields field name to kind, path variables included, in order
 */
public record FuzzRoute(String method, String path, Map<String, Kind> fields) {

    /** What a field holds, which decides its valid value and the hostile ones tried. */
    public enum Kind {
        /** The id of a live subscription the fuzzer owns (its {@code cmd.onConnect} id). */
        SUBSCRIPTION_ID,
        /** An id that must never be a live subscription (used where a live one would end a stream). */
        FOREIGN_ID,
        /** A channel name. */
        CHANNEL,
        /** A comma-separated list of channels. */
        CHANNELS,
        /** A selector such as {@code cmd.chat}. */
        SELECTOR,
        /** A user id (a recipient). */
        USER_ID,
        /** Free text (a message, a name). */
        TEXT,
        /** A whole number. */
        NUMBER,
        /** A nested JSON object of an {@code id} number and a {@code name} string. */
        OBJECT
    }

    public FuzzRoute {
        Objects.requireNonNull(method, "method");
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/': " + path);
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A route with no fields yet. */
    public static FuzzRoute of(String method, String path) {
        return new FuzzRoute(method, path, Map.of());
    }

    /** This route plus one field (or path variable) of the given kind. */
    public FuzzRoute field(String name, Kind kind) {
        Map<String, Kind> copy = new LinkedHashMap<>(fields);
        copy.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(kind, "kind"));
        return new FuzzRoute(method, path, copy);
    }

    /** Whether {@code name} is a path variable of the template. */
    boolean isPathVariable(String name) {
        return path.contains("{" + name + "}");
    }
}
