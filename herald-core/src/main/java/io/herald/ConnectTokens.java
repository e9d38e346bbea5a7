package io.herald;

import io.herald.internal.BasicJsonCodec;
import io.herald.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed connect tokens: a back-end in any language authorises a browser to open a stream without sharing its
 * session with Herald. A token is a JSON Web Token signed with HMAC-SHA256 (JWS {@code alg: HS256}) from a
 * secret both sides know, passed as {@code ?token=} or {@code Authorization: Bearer}. Claims:
 * <ul>
 *   <li>{@code sub} (required): the user id; the stream belongs to this authenticated user;</li>
 *   <li>{@code exp} (required): expiry, seconds since the epoch; an expired token is refused;</li>
 *   <li>{@code name} (optional): the user name and display name;</li>
 *   <li>{@code channels} (optional): a list of the only channels this stream may listen to, when it opens and
 *       when it later asks to join more.</li>
 * </ul>
 * When set with {@link ServerEventsOptions.Builder#connectTokens}, every stream needs one: a missing, malformed,
 * tampered or expired token answers {@code 401} with the reason, and no stream opens.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConnectTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
            .getBytes(StandardCharsets.UTF_8));

    private final byte[] secret;
    private final Clock clock;

    private ConnectTokens(byte[] secret, Clock clock) {
        if (secret.length < 32) {
            throw new IllegalArgumentException("connect token secret must be at least 32 bytes (256 bits): "
                    + secret.length + " bytes");
        }
        this.secret = secret.clone();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Tokens signed with this secret (at least 32 bytes). */
    public static ConnectTokens hs256(byte[] secret) {
        return new ConnectTokens(Objects.requireNonNull(secret, "secret"), Clock.systemUTC());
    }

    /** Tokens signed with the UTF-8 bytes of this secret (at least 32 bytes). */
    public static ConnectTokens hs256(String secret) {
        return hs256(Objects.requireNonNull(secret, "secret").getBytes(StandardCharsets.UTF_8));
    }

    /** The same secret, judging expiry by {@code clock} (for tests). */
    public ConnectTokens withClock(Clock clock) {
        return new ConnectTokens(secret, clock);
    }

    /** What a valid token says. */
    public record Claims(String subject, String name, List<String> channels) {

        public Claims {
            channels = channels == null ? null : List.copyOf(channels);
        }

        /** Whether the token limits channels and {@code channel} is not among them. */
        public boolean excludes(String channel) {
            return channels != null && !channels.contains(channel);
        }
    }

    /**
     * Makes a token (for a Java back-end that hands browsers their tokens).
     *
     * @param channels the only channels it allows, or null for any
     */
    public String sign(String subject, String name, List<String> channels, Duration ttl) {
        Objects.requireNonNull(subject, "subject");
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", subject);
        claims.put("exp", clock.millis() / 1000 + ttl.toSeconds());
        if (name != null) {
            claims.put("name", name);
        }
        if (channels != null) {
            claims.put("channels", channels);
        }
        String payload = B64.encodeToString(BasicJsonCodec.INSTANCE.encode(claims).getBytes(StandardCharsets.UTF_8));
        String signed = HEADER + "." + payload;
        return signed + "." + B64.encodeToString(mac(signed));
    }

    /**
     * Checks a token.
     *
     * @throws IllegalArgumentException saying what is wrong (malformed, not HS256, bad signature, expired, no
     *                                  subject), never echoing the token
     */
    public Claims verify(String token) {
        if (token == null || token.isEmpty()) {
            throw new IllegalArgumentException("a connect token is required (?token= or Authorization: Bearer)");
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException("connect token is malformed: expected three dot-separated parts");
        }
        Map<?, ?> header = object(parts[0], "header");
        if (!"HS256".equals(header.get("alg"))) {
            throw new IllegalArgumentException("connect token must be signed with HS256, not '"
                    + Selectors.printable(String.valueOf(header.get("alg"))) + "'");
        }
        byte[] expected = mac(parts[0] + "." + parts[1]);
        byte[] given;
        try {
            given = B64D.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connect token signature is not base64url");
        }
        if (!MessageDigest.isEqual(expected, given)) {
            throw new IllegalArgumentException("connect token signature does not match");
        }
        Map<?, ?> claims = object(parts[1], "payload");
        if (!(claims.get("exp") instanceof Number exp)) {
            throw new IllegalArgumentException("connect token has no exp claim");
        }
        if (exp.longValue() * 1000 <= clock.millis()) {
            throw new IllegalArgumentException("connect token expired");
        }
        if (!(claims.get("sub") instanceof String sub) || sub.isEmpty()) {
            throw new IllegalArgumentException("connect token has no sub claim");
        }
        Selectors.checkName("connect token sub", sub);
        String name = claims.get("name") instanceof String n ? Selectors.checkName("connect token name", n) : null;
        List<String> channels = null;
        if (claims.containsKey("channels")) {
            if (!(claims.get("channels") instanceof List<?> list)) {
                throw new IllegalArgumentException("connect token channels claim must be a list of channel names");
            }
            channels = new ArrayList<>();
            for (Object c : list) {
                channels.add(Selectors.checkChannel(String.valueOf(c)));
            }
        }
        return new Claims(sub, name, channels);
    }

    private static Map<?, ?> object(String part, String what) {
        try {
            Object parsed = Json.parse(new String(B64D.decode(part), StandardCharsets.UTF_8));
            if (parsed instanceof Map<?, ?> m) {
                return m;
            }
        } catch (IllegalArgumentException e) {
            // reported below, without the token's text
        }
        throw new IllegalArgumentException("connect token " + what + " is not base64url JSON");
    }

    private byte[] mac(String signed) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has HmacSHA256", e);
        }
    }
}
