package io.herald.jackson;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;

/**
 * Escapes, besides what JSON requires, every character some consumer may take for the end of a line:
 * DEL, the C1 controls (U+0080-U+009F, NEL U+0085 among them) and U+2028/U+2029, which JavaScript
 * source and Python's {@code splitlines()} treat as line breaks. The output then matches Herald's
 * built-in codec, and no JSON text Herald writes carries one raw.
 */
final class LineBreakEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    static final LineBreakEscapes INSTANCE = new LineBreakEscapes();

    private final int[] ascii;

    private LineBreakEscapes() {
        ascii = CharacterEscapes.standardAsciiEscapesForJSON();
        ascii[0x7f] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii;
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if ((ch >= 0x7f && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
