package io.herald.internal;

import java.security.SecureRandom;

/** Subscription ids: 20 characters of {@code [A-Za-z0-9]} drawn uniformly from {@link SecureRandom}. */
public final class Ids {

    private static final char[] ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    public static final int LENGTH = 20;

    private Ids() {
    }

    /** A new random subscription id. */
    public static String newSubscriptionId() {
        char[] out = new char[LENGTH];
        byte[] buf = new byte[32];
        int n = 0;
        while (n < LENGTH) {
            RANDOM.nextBytes(buf);
            for (int i = 0; i < buf.length && n < LENGTH; i++) {
                int v = buf[i] & 0xff;
                if (v < 248) { // 248 = 4 * 62: keeps the draw uniform
                    out[n++] = ALPHABET[v % 62];
                }
            }
        }
        return new String(out);
    }

    /** True if {@code id} has the shape of a subscription id. Cheap check before any look-up. */
    public static boolean isWellFormed(String id) {
        if (id == null || id.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = id.charAt(i);
            if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }
}
