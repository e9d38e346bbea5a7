package io.herald.chat;

/**
 * Thrown when a setting is missing where one is required, or its text cannot be read as the requested
 * type. The message always names the setting, its text and where it came from, so a user can fix the
 * file or the flag without reading code.
 */
public final class AppSettingsException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String key;

    public AppSettingsException(String key, String message) {
        super(message);
        this.key = key;
    }

    public AppSettingsException(String key, String message, Throwable cause) {
        super(message, cause);
        this.key = key;
    }

    /** The setting that could not be read. */
    public String key() {
        return key;
    }
}
