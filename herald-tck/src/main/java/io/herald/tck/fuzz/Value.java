package io.herald.tck.fuzz;

/**
 * A field value as the fuzzer sends it: text (quoted in JSON, percent-encoded in forms, query strings and
 * paths) or a raw JSON fragment (written as it is in JSON bodies, sent as its text elsewhere).
 *
 * @param text the characters, or the JSON fragment
 * @param json whether {@code text} is a JSON fragment
 */
record Value(String text, boolean json) {

    static Value text(String text) {
        return new Value(text, false);
    }

    static Value json(String fragment) {
        return new Value(fragment, true);
    }

    /** Short and printable, for a case description. */
    String shown() {
        String cut = text.length() > 40 ? text.substring(0, 40) + "...(" + text.length() + ")" : text;
        StringBuilder sb = new StringBuilder(json ? "" : "'");
        for (int i = 0; i < cut.length(); i++) {
            char c = cut.charAt(i);
            if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c >= 0x2000 && c <= 0x206f || Character.isSurrogate(c)
                    || c >= 0xfff0 || c == 0xfeff) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append(json ? "" : "'").toString();
    }
}
