package io.herald.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JavaType;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * A small JSON client bound to a base URI, for calling the application's services next to a Server
 * Events stream. A {@link ServerEventsClient}'s instance ({@link ServerEventsClient#getServiceClient()})
 * shares the stream's {@link java.net.CookieHandler}, so a session cookie set by, for example,
 * {@code POST /auth} is sent on the stream, heartbeat and unregister requests too.
 *
 * <p>Requests send {@code Accept: application/json}; bodies are written with Jackson (camelCase, nulls
 * left out) and responses read case-insensitively with unknown properties ignored. A non-2xx answer
 * raises {@link WebServiceException}. Thread-safe.
 */
public final class JsonServiceClient {

    private final URI baseUri;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final Consumer<HttpRequest.Builder> requestFilter;

    /**
     * A standalone client with its own HTTP client and cookie store.
     *
     * @param baseUri absolute http(s) URI that relative paths are resolved against
     * @throws IllegalArgumentException if {@code baseUri} is not an absolute http or https URI
     */
    public JsonServiceClient(URI baseUri) {
        this(Urls.checkBaseUri(baseUri), HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(10)).version(HttpClient.Version.HTTP_1_1).build(),
                Duration.ofSeconds(30), b -> { });
    }

    JsonServiceClient(URI baseUri, HttpClient http, Duration requestTimeout, Consumer<HttpRequest.Builder> requestFilter) {
        this.baseUri = baseUri;
        this.http = http;
        this.requestTimeout = requestTimeout;
        this.requestFilter = requestFilter;
    }

    /** The base URI that relative paths are resolved against. */
    public URI getBaseUri() {
        return baseUri;
    }

    /**
     * POSTs {@code body} as JSON to {@code path} and reads the answer as {@code responseType}.
     *
     * @param path relative to the base URI (a leading {@code /} is allowed), or an absolute URL
     * @param body any Jackson-serialisable object, or a {@code String} sent as is, or null for no body
     * @param responseType type to read the response into; {@code Void.class} or {@code String.class} for raw
     * @throws WebServiceException on a non-2xx status
     * @throws ServerEventsException on a network error or an unreadable response
     */
    public <T> T post(String path, Object body, Class<T> responseType) {
        return join(postAsync(path, body, responseType));
    }

    /** GETs {@code path} and reads the answer as {@code responseType}. Same errors as {@link #post}. */
    public <T> T get(String path, Class<T> responseType) {
        return join(getAsync(path, responseType));
    }

    /** GETs {@code path} and reads the answer as a generic type, e.g. {@code new TypeReference<List<Foo>>(){}}. */
    public <T> T get(String path, TypeReference<T> responseType) {
        return join(send("GET", path, null, Json.MAPPER.constructType(responseType)));
    }

    /** Asynchronous {@link #post}; the future fails with the same exceptions. */
    public <T> CompletableFuture<T> postAsync(String path, Object body, Class<T> responseType) {
        return send("POST", path, body, Json.MAPPER.constructType(responseType));
    }

    /** Asynchronous {@link #get(String, Class)}. */
    public <T> CompletableFuture<T> getAsync(String path, Class<T> responseType) {
        return send("GET", path, null, Json.MAPPER.constructType(responseType));
    }

    URI resolve(String path) {
        Objects.requireNonNull(path, "path");
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return URI.create(Urls.combine(baseUri.toString(), path));
    }

    <T> CompletableFuture<T> send(String method, String path, Object body, JavaType responseType) {
        URI uri = resolve(path);
        HttpRequest.BodyPublisher publisher;
        if (body == null) {
            publisher = HttpRequest.BodyPublishers.noBody();
        } else {
            publisher = HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body));
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri).timeout(requestTimeout)
                .header("Accept", "application/json").method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        requestFilter.accept(builder);
        return http.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString())
                .handle((response, error) -> {
                    if (error != null) {
                        Throwable cause = error instanceof CompletionException && error.getCause() != null
                                ? error.getCause() : error;
                        throw new CompletionException(new ServerEventsException(method + " " + uri + " failed: " + cause, cause));
                    }
                    if (response.statusCode() / 100 != 2) {
                        throw new CompletionException(new WebServiceException(method, uri, response.statusCode(), response.body()));
                    }
                    return read(response.body(), responseType, method, uri);
                });
    }

    @SuppressWarnings("unchecked")
    private static <T> T read(String text, JavaType type, String method, URI uri) {
        Class<?> raw = type.getRawClass();
        if (raw == Void.class || raw == void.class) {
            return null;
        }
        if (raw == String.class) {
            return (T) text;
        }
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Json.MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new CompletionException(new ServerEventsException(method + " " + uri + ": cannot read response as "
                    + type + ": " + e.getOriginalMessage(), e));
        }
    }

    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                re.addSuppressed(new ServerEventsException("called from here"));
                throw re;
            }
            throw e;
        }
    }
}
