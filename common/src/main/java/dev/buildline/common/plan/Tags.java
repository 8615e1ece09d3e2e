package dev.buildline.common.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** DevSpace's tag rules: configured tags with each {@code #} replaced by a random letter, else one random 7-letter tag. */
public final class Tags {

    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    public static final int RANDOM_TAG_LENGTH = 7;

    private Tags() {
    }

    public static List<String> resolve(List<String> configured, RandomGenerator random) {
        if (configured.isEmpty()) {
            return List.of(randomLetters(RANDOM_TAG_LENGTH, random));
        }
        List<String> tags = new ArrayList<>(configured.size());
        for (String tag : configured) {
            StringBuilder resolved = new StringBuilder(tag.length());
            for (char c : tag.toCharArray()) {
                resolved.append(c == '#' ? LETTERS.charAt(random.nextInt(LETTERS.length())) : c);
            }
            tags.add(resolved.toString());
        }
        return List.copyOf(tags);
    }

    static String randomLetters(int length, RandomGenerator random) {
        StringBuilder letters = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            letters.append(LETTERS.charAt(random.nextInt(LETTERS.length())));
        }
        return letters.toString();
    }
}
