package io.herald.spring;

import tools.jackson.core.SerializableString;
import tools.jackson.core.io.CharacterEscapes;
import tools.jackson.core.io.SerializedString;

/**
 * Jackson 3 escapes for what JSON allows raw but some readers take for a line end: DEL, the C1 controls
 * (U+0080 to U+009F, NEL U+0085 among them) and U+2028 / U+2029. Herald's frames are line-based, and
 * JavaScript and Python's {@code splitlines()} break lines there, so none of them may reach the wire raw.
 */
final class LineEndEscapes extends CharacterEscapes {

    private static final long serialVersionUID = 1L;

    static final LineEndEscapes INSTANCE = new LineEndEscapes();

    private final int[] ascii;

    private LineEndEscapes() {
        ascii = CharacterEscapes.standardAsciiEscapesForJSON();
        ascii[0x7f] = CharacterEscapes.ESCAPE_CUSTOM;
    }

    @Override
    public int[] getEscapeCodesForAscii() {
        return ascii.clone();
    }

    @Override
    public SerializableString getEscapeSequence(int ch) {
        if (ch >= 0x7f && ch <= 0x9f || ch == 0x2028 || ch == 0x2029) {
            return new SerializedString(String.format("\\u%04x", ch));
        }
        return null;
    }
}
