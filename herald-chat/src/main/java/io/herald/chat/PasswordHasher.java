package io.herald.chat;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Salted PBKDF2 (HMAC-SHA256) password hashes for the chat's {@code users} setting.
 *
 * <p>A hash reads {@code pbkdf2$<iterations>$<salt>$<hash>} with URL-safe, unpadded base64 parts, so it
 * contains no {@code :} or {@code ,} and fits into the {@code users alice:<hash>,bob:<hash>} map syntax
 * of {@link AppSettings#getMap}. Create one with {@code java -jar herald-chat.jar --hash-password=secret}.
 *
 * <p>Thread-safe and stateless.
 */
public final class PasswordHasher {

    /** Iterations for new hashes: slow enough to hurt offline guessing, fast enough for a sign-in. */
    public static final int DEFAULT_ITERATIONS = 120_000;

    private static final String PREFIX = "pbkdf2";
    private static final int SALT_BYTES = 16;
    private static final int KEY_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private PasswordHasher() {
    }

    /** A new salted hash of {@code password} with {@link #DEFAULT_ITERATIONS}. */
    public static String hash(String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    /** A new salted hash with the given iteration count (at least 1). */
    public static String hash(String password, int iterations) {
        Objects.requireNonNull(password, "password");
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1: " + iterations);
        }
        byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        byte[] key = derive(password, salt, iterations);
        return PREFIX + "$" + iterations + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(key);
    }

    /**
     * Whether {@code password} matches {@code stored}. A malformed stored hash never matches (it is a
     * configuration error, reported by {@link #isWellFormed}), and the comparison takes constant time.
     */
    public static boolean verify(String password, String stored) {
        if (password == null || stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (!isWellFormed(stored)) {
            return false;
        }
        int iterations = Integer.parseInt(parts[1]);
        byte[] salt = B64D.decode(parts[2]);
        byte[] expected = B64D.decode(parts[3]);
        return MessageDigest.isEqual(expected, derive(password, salt, iterations));
    }

    /** True if {@code stored} has the {@code pbkdf2$<iterations>$<salt>$<hash>} shape this class writes. */
    public static boolean isWellFormed(String stored) {
        if (stored == null) {
            return false;
        }
        String[] parts = stored.split("\\$", -1);
        if (parts.length != 4 || !parts[0].equals(PREFIX)) {
            return false;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            return iterations >= 1 && B64D.decode(parts[2]).length > 0 && B64D.decode(parts[3]).length > 0;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            return false;
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, KEY_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
        } finally {
            spec.clearPassword();
        }
    }
}
