package dev.buildline.common.mask;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Replaces values from a repository's settings (its variables, its granted secrets) with {@code ***} in what users
 * read: build log lines, an event's error and command. As GitHub Actions masks secrets, with these choices:
 * <ul>
 * <li>a value is masked line by line: a multi-line value (a key file) is masked as each of its lines, because logs
 * are read a line at a time;</li>
 * <li>values shorter than {@link #MIN_LENGTH} characters are not masked: such a value is no secret (nobody's token
 * is {@code 1} or {@code dev}), and masking it would hide every such word in every log, including the ones that
 * explain a failure;</li>
 * <li>overlapping or adjacent occurrences of different values become one {@code ***}, so no part of either shows;</li>
 * <li>a line the worker cut short ({@link #maskCut}) also loses a trailing start of a value, so the first half of a
 * secret does not show where the line was cut.</li>
 * </ul>
 * Pure; safe to share between threads.
 */
public final class Masker {

    public static final int MIN_LENGTH = 4;
    public static final String MASK = "***";
    public static final Masker NONE = new Masker(List.of());

    private final List<String> values;

    private Masker(List<String> values) {
        this.values = values;
    }

    /** @param values the values to hide; null, short and blank ones (and blank lines of a value) are left out */
    public static Masker of(List<String> values) {
        Set<String> lines = new LinkedHashSet<>();
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String line : value.split("\r\n|\r|\n")) {
                if (line.strip().length() >= MIN_LENGTH) {
                    lines.add(line);
                }
            }
        }
        List<String> sorted = new ArrayList<>(lines);
        sorted.sort(Comparator.comparingInt(String::length).reversed());
        return new Masker(List.copyOf(sorted));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** {@code text} with every occurrence of a value replaced by {@code ***}; null stays null. */
    public String mask(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        return replace(text, covered(text, false));
    }

    /** As {@link #mask}, and a value's first {@link #MIN_LENGTH} or more characters at the very end also go. */
    public String maskCut(String text) {
        if (text == null || values.isEmpty()) {
            return text;
        }
        return replace(text, covered(text, true));
    }

    /** Each string of {@code texts} masked; null stays null. */
    public List<String> mask(List<String> texts) {
        if (texts == null || values.isEmpty()) {
            return texts;
        }
        return texts.stream().map(this::mask).toList();
    }

    /** Which characters of {@code text} belong to an occurrence of some value. */
    private boolean[] covered(String text, boolean cut) {
        boolean[] covered = new boolean[text.length()];
        for (String value : values) {
            for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
                java.util.Arrays.fill(covered, at, at + value.length(), true);
            }
            if (cut) {
                for (int length = Math.min(value.length() - 1, text.length()); length >= MIN_LENGTH; length--) {
                    if (text.endsWith(value.substring(0, length))) {
                        java.util.Arrays.fill(covered, text.length() - length, text.length(), true);
                        break;
                    }
                }
            }
        }
        return covered;
    }

    private static String replace(String text, boolean[] covered) {
        StringBuilder masked = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            if (!covered[i]) {
                masked.append(text.charAt(i));
            } else if (i == 0 || !covered[i - 1]) {
                masked.append(MASK);
            }
        }
        return masked.toString();
    }
}
