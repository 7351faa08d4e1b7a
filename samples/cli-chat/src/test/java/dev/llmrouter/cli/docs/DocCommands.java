package dev.llmrouter.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the {@code llmrouter} command lines in a Markdown document: in fenced blocks (only the
 * {@code $ } lines when a block has a prompt, since the others are output; none in a
 * {@code ```text} block, which is all output) and in inline code
 * spans. A command is the words after {@code llmrouter} (or a path ending in {@code /llmrouter},
 * also after {@code VAR=} or {@code ExecStartPre=}) up to a shell operator or comment, with shell
 * quoting removed. Stateless.
 */
final class DocCommands {
    /** One command found: its arguments and where it is. */
    record Found(int line, String text, List<String> args) {
        @Override
        public String toString() {
            return "line " + line + ": " + text;
        }
    }

    private static final Pattern INLINE = Pattern.compile("`([^`\\n]+)`");
    private static final Pattern ASSIGNMENT = Pattern.compile("^(?:[A-Z_][A-Z0-9_]*|Exec[A-Za-z]*)=");

    private DocCommands() {
    }

    static List<Found> in(String markdown) {
        List<Found> found = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("```")) {
                int start = i + 1;
                int end = start;
                while (end < lines.length && !lines[end].startsWith("```")) {
                    end++;
                }
                // a ```text block is output, not commands
                if (!lines[i].strip().equals("```text")) {
                    block(lines, start, end, found);
                }
                i = end;
            } else {
                Matcher m = INLINE.matcher(lines[i]);
                while (m.find()) {
                    commands(m.group(1), i + 1, found);
                }
            }
        }
        return found;
    }

    private static void block(String[] lines, int start, int end, List<Found> found) {
        boolean prompt = false;
        for (int i = start; i < end; i++) {
            prompt |= lines[i].startsWith("$ ");
        }
        for (int i = start; i < end; i++) {
            String line = lines[i];
            int first = i;
            while (line.endsWith("\\") && i + 1 < end) {
                line = line.substring(0, line.length() - 1) + " " + lines[++i].strip();
            }
            if (!prompt) {
                commands(line, first + 1, found);
            } else if (line.startsWith("$ ")) {
                commands(line.substring(2), first + 1, found);
            }
        }
    }

    private static void commands(String text, int line, List<Found> found) {
        for (List<String> words : segments(text)) {
            for (int i = 0; i < words.size(); i++) {
                String w = ASSIGNMENT.matcher(words.get(i)).replaceFirst("");
                if (w.equals("llmrouter") || w.endsWith("/llmrouter")) {
                    found.add(new Found(line, text, List.copyOf(words.subList(i + 1, words.size()))));
                    break;
                }
            }
        }
    }

    /** The words of each simple command of a shell line, split at operators, without comments. */
    static List<List<String>> segments(String text) {
        List<List<String>> segments = new ArrayList<>();
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                inWord = endWord(word, inWord, words);
            } else if (c == '\'' || c == '"') {
                int close = text.indexOf(c, i + 1);
                close = close < 0 ? text.length() : close;
                word.append(text, i + 1, close);
                inWord = true;
                i = close;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
                inWord = true;
            } else if (c == '#' && !inWord) {
                break;
            } else if ("|;&()<>".indexOf(c) >= 0 || (c == '$' && i + 1 < text.length() && text.charAt(i + 1) == '(')) {
                // "2>" redirects a stream: the digit is not an argument
                if (c == '>' && inWord && word.toString().matches("\\d+")) {
                    word.setLength(0);
                    inWord = false;
                }
                endWord(word, inWord, words);
                inWord = false;
                if (!words.isEmpty()) {
                    segments.add(words);
                    words = new ArrayList<>();
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        endWord(word, inWord, words);
        if (!words.isEmpty()) {
            segments.add(words);
        }
        return segments;
    }

    private static boolean endWord(StringBuilder word, boolean inWord, List<String> words) {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
        }
        return false;
    }
}
