package dev.buildline.coordinator.intake;

import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.load.ConfigLoader;
import dev.buildline.common.config.load.GitFacts;
import dev.buildline.common.config.load.GitImports;
import dev.buildline.common.config.load.LoadRequest;
import dev.buildline.common.config.load.RepoFiles;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Loaded devspace.yaml files by blob id, so a push that leaves devspace.yaml as it was does not load (parse) it again.
 *
 * <p>A load depends on more than the file's text and the repository's settings (the key): on what it read from the
 * commit: other files (imports, {@code .env}), git facts ({@code DEVSPACE_GIT_*}, {@code $(git ...)}),
 * DEVSPACE_RANDOM (seeded by the repository and commit) and DEVSPACE_TIMESTAMP (the commit's time). Each of those
 * reads is recorded with its answer, and a cached config is used for another commit only when that commit answers
 * every one of them the same; a file that reads none of them is loaded once. A load that read another repository
 * (git imports) or failed is not kept. Bounded: at most {@code maxEntries} configs and {@code maxTextChars} of their
 * files' text; the least recently used goes first.
 */
final class ConfigCache {

    static final int DEFAULT_ENTRIES = 256;
    /** The bound that matters for memory: a loaded config takes several times its text (not measured exactly). */
    static final long DEFAULT_TEXT_CHARS = 2L * 1024 * 1024;
    private static final Set<String> SEEDED_BY_COMMIT = Set.of("DEVSPACE_RANDOM", "devspace.random");
    private static final Set<String> COMMIT_TIME = Set.of("DEVSPACE_TIMESTAMP", "devspace.timestamp");

    /** What loads a file on a miss: {@link ConfigLoader#loadTraced} (a test counts the calls). */
    interface Loads {
        ConfigLoader.Traced load(LoadRequest request);
    }

    /** Everything a load depends on besides what it reads from the commit. */
    private record Key(String textId, String configPath, String directoryName, Map<String, String> vars,
                       List<String> profiles, Map<String, String> env, String namespace, String kubeContext) {

        static Key of(String textId, LoadRequest request) {
            return new Key(textId, request.configPath(), request.directoryName(), request.vars(), request.profiles(),
                    request.env(), request.namespace(), request.kubeContext());
        }
    }

    /** One read of the commit, asked again of another commit's request: true when it answers the same. */
    private interface Check {
        boolean holds(LoadRequest request);
    }

    private record Entry(DevspaceConfig config, List<Check> checks, long weight) {

        boolean holdsFor(LoadRequest request) {
            for (Check check : checks) {
                if (!check.holds(request)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final Loads loads;
    private final int maxEntries;
    private final long maxTextChars;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long textChars;

    ConfigCache(Loads loads, int maxEntries, long maxTextChars) {
        this.loads = loads;
        this.maxEntries = maxEntries;
        this.maxTextChars = maxTextChars;
    }

    ConfigCache(ConfigLoader loader) {
        this(loader::loadTraced, DEFAULT_ENTRIES, DEFAULT_TEXT_CHARS);
    }

    /**
     * The config {@code request} loads to.
     *
     * @param textId what identifies the file's text: its git blob id, or a digest of a text given in an event
     * @throws dev.buildline.common.config.InvalidConfigException as {@link ConfigLoader#load} does
     */
    DevspaceConfig load(String textId, LoadRequest request) {
        Key key = Key.of(textId, request);
        Entry cached;
        synchronized (this) {
            cached = entries.get(key);
        }
        if (cached != null && cached.holdsFor(request)) {
            return cached.config();
        }
        Recorder recorder = new Recorder(request);
        ConfigLoader.Traced traced = loads.load(recorder.request());
        if (!recorder.foreign) {
            List<Check> checks = recorder.checks;
            if (traced.predefinedUsed().stream().anyMatch(SEEDED_BY_COMMIT::contains)) {
                String identity = request.identity();
                checks.add(other -> other.identity().equals(identity));
            }
            if (traced.predefinedUsed().stream().anyMatch(COMMIT_TIME::contains)) {
                long timestamp = request.timestamp();
                checks.add(other -> other.timestamp() == timestamp);
            }
            put(key, new Entry(traced.config(), List.copyOf(checks), request.text().length()));
        }
        return traced.config();
    }

    /** How many configs are kept. */
    synchronized int size() {
        return entries.size();
    }

    private synchronized void put(Key key, Entry entry) {
        if (entry.weight() > maxTextChars) {
            return;
        }
        Entry replaced = entries.put(key, entry);
        textChars += entry.weight() - (replaced == null ? 0 : replaced.weight());
        Iterator<Entry> eldest = entries.values().iterator();
        while (entries.size() > maxEntries || textChars > maxTextChars) {
            textChars -= eldest.next().weight();
            eldest.remove();
        }
    }

    /** The request as the loader sees it (one load, one thread), with every read of the commit recorded. */
    private static final class Recorder {
        private final LoadRequest original;
        private final List<Check> checks = new ArrayList<>();
        private boolean foreign;

        Recorder(LoadRequest original) {
            this.original = original;
        }

        LoadRequest request() {
            RepoFiles files = path -> {
                Optional<String> text = original.files().read(path);
                checks.add(other -> other.files().read(path).equals(text));
                return text;
            };
            GitImports gitImports = (url, revision) -> {
                foreign = true; // another repository's files at a revision: not worth tracking
                return original.gitImports().at(url, revision);
            };
            return original.answeredBy(files, new RecordingFacts(), gitImports);
        }

        /** Git facts, each answer (or refusal) recorded. */
        private final class RecordingFacts implements GitFacts {
            @Override
            public CommitInfo commit() {
                return ask(GitFacts::commit);
            }

            @Override
            public String branch() {
                return ask(GitFacts::branch);
            }

            @Override
            public String abbreviate(int minLength) {
                return ask(facts -> facts.abbreviate(minLength));
            }

            @Override
            public Optional<String> describe(boolean allTags, int abbrev, boolean longFormat) {
                return ask(facts -> facts.describe(allTags, abbrev, longFormat));
            }

            private <T> T ask(Function<GitFacts, T> question) {
                Answer answer = Answer.of(original.git(), question);
                checks.add(other -> Answer.of(other.git(), question).equals(answer));
                @SuppressWarnings("unchecked")
                T value = (T) answer.valueOrThrow();
                return value;
            }
        }
    }

    /** A git fact's answer, or the refusal ({@link GitFacts.UnavailableException}) in its place. */
    private record Answer(Object value, RuntimeException refusal) {

        static Answer of(GitFacts facts, Function<GitFacts, ?> question) {
            try {
                return new Answer(question.apply(facts), null);
            } catch (GitFacts.UnavailableException e) {
                return new Answer(null, e);
            }
        }

        Object valueOrThrow() {
            if (refusal != null) {
                throw refusal;
            }
            return value;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Answer other && Objects.equals(value, other.value)
                    && Objects.equals(refusal == null ? null : refusal.getMessage(),
                    other.refusal == null ? null : other.refusal.getMessage());
        }

        @Override
        public int hashCode() {
            return Objects.hash(value, refusal == null ? null : refusal.getMessage());
        }
    }
}
