package io.herald.chat;

/**
 * Request of {@code /reset}: forgets the chat history of every channel, then redirects to {@code /}.
 */
public record ClearChatHistory() {
}
