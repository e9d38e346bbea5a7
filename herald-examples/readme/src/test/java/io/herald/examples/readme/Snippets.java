package io.herald.examples.readme;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How a README code block is found in an example source. A block is cut into pieces at lines that are just
 * {@code // ...} (the README's way of saying "code left out here"); each piece must appear in the source as
 * consecutive lines, character for character apart from one indentation added to every line of the piece
 * (a piece shown at the left margin may sit inside a method), and the pieces in the README's order.
 */
final class Snippets {

    static final String ELISION = "// ...";

    private Snippets() {
    }

    /** The fenced blocks of {@code language} in a Markdown text, each without its fences. */
    static List<String> blocks(String markdown, String language) {
        List<String> out = new ArrayList<>();
        StringBuilder current = null;
        for (String line : markdown.split("\n", -1)) {
            if (current == null) {
                if (line.strip().equals("```" + language)) {
                    current = new StringBuilder();
                }
            } else if (line.strip().equals("```")) {
                out.add(current.toString());
                current = null;
            } else {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            throw new IllegalArgumentException("A ```" + language + " block is never closed");
        }
        return out;
    }

    /** The block's pieces, split at {@code // ...} lines, each without leading or trailing blank lines. */
    static List<List<String>> pieces(String block) {
        List<List<String>> out = new ArrayList<>();
        List<String> piece = new ArrayList<>();
        for (String line : block.split("\n", -1)) {
            if (line.strip().equals(ELISION)) {
                addTrimmed(out, piece);
                piece = new ArrayList<>();
            } else {
                piece.add(line.stripTrailing());
            }
        }
        addTrimmed(out, piece);
        return out;
    }

    private static void addTrimmed(List<List<String>> out, List<String> piece) {
        int from = 0;
        int to = piece.size();
        while (from < to && piece.get(from).isEmpty()) {
            from++;
        }
        while (to > from && piece.get(to - 1).isEmpty()) {
            to--;
        }
        if (from < to) {
            out.add(List.copyOf(piece.subList(from, to)));
        }
    }

    /**
     * Whether every piece of {@code block} is in {@code source} (as the class comment says).
     *
     * @return empty if it is, else the README line where the best attempt to match stopped, for the message
     */
    static Optional<String> missingFrom(String block, String source) {
        List<String> lines = source.lines().map(String::stripTrailing).toList();
        int at = 0;
        for (List<String> piece : pieces(block)) {
            int best = 0;
            int found = -1;
            for (int start = at; start + piece.size() <= lines.size() && found < 0; start++) {
                int matched = matchedLines(piece, lines, start);
                if (matched == piece.size()) {
                    found = start;
                }
                best = Math.max(best, matched);
            }
            if (found < 0) {
                return Optional.of(piece.get(Math.min(best, piece.size() - 1)));
            }
            at = found + piece.size();
        }
        return Optional.empty();
    }

    /** How many of the piece's lines match from {@code start} on, with the indentation of its first line there. */
    private static int matchedLines(List<String> piece, List<String> lines, int start) {
        String first = lines.get(start);
        String head = piece.get(0);
        if (!first.endsWith(head) || !first.substring(0, first.length() - head.length()).isBlank()) {
            return 0;
        }
        String indent = first.substring(0, first.length() - head.length());
        int i = 1;
        while (i < piece.size()) {
            String want = piece.get(i);
            String got = lines.get(start + i);
            if (want.isEmpty() ? !got.isEmpty() : !got.equals(indent + want)) {
                break;
            }
            i++;
        }
        return i;
    }
}
