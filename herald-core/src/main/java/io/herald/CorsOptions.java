package io.herald;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cross-origin access to the Server Events endpoints, so a page served from another origin can open a stream
 * ({@code new EventSource(url, {withCredentials: true})}) and post heartbeats. Off unless set with
 * {@link ServerEventsOptions.Builder#cors}. Preflight requests ({@code OPTIONS}) are answered on every endpoint;
 * responses to an allowed origin carry {@code Access-Control-Allow-Origin} (the origin itself, with
 * {@code Vary: Origin}), and the stream's head carries it before the first event. A request from an origin not
 * allowed gets no CORS headers, so the browser refuses it.
 *
 * <p>Immutable; built with {@link #builder()} and validated at {@link Builder#build()}.
 */
public final class CorsOptions {

    private final List<String> exact;
    private final List<Pattern> patterns;
    private final boolean anyOrigin;
    private final boolean allowCredentials;
    private final List<String> exposedHeaders;
    private final Duration maxAge;

    private CorsOptions(Builder b) {
        exact = List.copyOf(b.exact);
        patterns = List.copyOf(b.patterns);
        anyOrigin = b.anyOrigin;
        allowCredentials = b.allowCredentials;
        exposedHeaders = List.copyOf(b.exposedHeaders);
        maxAge = b.maxAge;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether requests from {@code origin} (the {@code Origin} header) are allowed. */
    public boolean allows(String origin) {
        if (origin == null || origin.isEmpty()) {
            return false;
        }
        if (anyOrigin) {
            return true;
        }
        String o = origin.toLowerCase(Locale.ROOT);
        if (exact.contains(o)) {
            return true;
        }
        for (Pattern p : patterns) {
            if (p.matcher(o).matches()) {
                return true;
            }
        }
        return false;
    }

    /** Whether cookies and HTTP authentication may be sent ({@code Access-Control-Allow-Credentials: true}). */
    public boolean allowCredentials() {
        return allowCredentials;
    }

    /** Response headers a page's script may read. */
    public List<String> exposedHeaders() {
        return exposedHeaders;
    }

    /** How long a browser may cache a preflight answer. */
    public Duration maxAge() {
        return maxAge;
    }

    /** Builder: no origin allowed, no credentials, nothing exposed, preflight cached 10 minutes. */
    public static final class Builder {
        private final List<String> exact = new ArrayList<>();
        private final List<Pattern> patterns = new ArrayList<>();
        private boolean anyOrigin;
        private boolean allowCredentials;
        private final List<String> exposedHeaders = new ArrayList<>();
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {
        }

        /**
         * Allows these origins: exact ({@code https://app.example.com}), a pattern with {@code *} standing for
         * one or more host labels or characters ({@code https://*.example.com}), or {@code *} for any origin.
         *
         * @throws IllegalArgumentException naming an origin that is not {@code scheme://host[:port]}
         */
        public Builder allowedOrigins(String... origins) {
            for (String origin : origins) {
                Objects.requireNonNull(origin, "origin");
                String o = origin.trim().toLowerCase(Locale.ROOT);
                if (o.equals("*")) {
                    anyOrigin = true;
                } else if (!o.matches("[a-z][a-z0-9+.-]*://[^/?#\\s]+")) {
                    throw new IllegalArgumentException("allowedOrigins: '" + origin
                            + "' is not an origin like https://app.example.com (scheme://host[:port], no path)");
                } else if (o.contains("*")) {
                    StringBuilder re = new StringBuilder();
                    for (String part : o.split("\\*", -1)) {
                        if (re.length() > 0) {
                            re.append("[^/?#\\s]+");
                        }
                        re.append(Pattern.quote(part));
                    }
                    patterns.add(Pattern.compile(re.toString()));
                } else {
                    exact.add(o);
                }
            }
            return this;
        }

        public Builder allowCredentials(boolean value) {
            allowCredentials = value;
            return this;
        }

        public Builder exposedHeaders(String... headers) {
            for (String h : headers) {
                if (h == null || !h.matches("[A-Za-z0-9!#$%&'*+.^_`|~-]+")) {
                    throw new IllegalArgumentException("exposedHeaders: '" + h + "' is not a header name");
                }
                exposedHeaders.add(h);
            }
            return this;
        }

        public Builder maxAge(Duration value) {
            if (value == null || value.isNegative()) {
                throw new IllegalArgumentException("maxAge must be >= 0: " + value);
            }
            maxAge = value;
            return this;
        }

        /**
         * @throws IllegalArgumentException if credentials are allowed for any origin ({@code *}): browsers refuse
         *                                  that, so name the origins
         */
        public CorsOptions build() {
            if (anyOrigin && allowCredentials) {
                throw new IllegalArgumentException("allowCredentials needs named allowedOrigins: browsers refuse"
                        + " credentials for '*'");
            }
            if (!anyOrigin && exact.isEmpty() && patterns.isEmpty()) {
                throw new IllegalArgumentException("allowedOrigins must name at least one origin (or '*')");
            }
            return new CorsOptions(this);
        }
    }
}
