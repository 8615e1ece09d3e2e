package dev.buildline.git;

import org.eclipse.jgit.storage.file.WindowCacheConfig;

/**
 * JGit's cache of pack file windows, which is one per JVM. Its defaults (8 KiB windows, 10 MiB in all) are sized for
 * reading a few objects; a worker writing a build context reads every blob of a tree, and with those defaults it
 * evicted and re-read windows of the pack for each one: a JFR profile of the worker's {@code ContextArchiver} on a
 * 10,000-file, 200 MB repository (a 132 MB pack) had {@code WindowCache.evict} at 27% of its Java samples. Larger
 * windows and a limit that holds the pack end that churn (its time to the tar fell by about a fifth, and git archive
 * is no longer faster: docs/benchmarks.md).
 *
 * <p>The windows are heap memory that JGit holds softly, so the collector takes them back before the heap runs out;
 * the limit only bounds how much of the heap they may grow to while a large context is written.
 */
public final class PackCache {

    /** Bytes read from a pack at a time (JGit's default is 8 KiB). */
    static final int WINDOW_BYTES = 64 * 1024;

    /** The limit installed last; 0 while JGit's defaults are in place. */
    private static long installed;

    private PackCache() {
    }

    /**
     * Configures the JVM's pack window cache to hold up to {@code limitBytes} of windows of {@value #WINDOW_BYTES}
     * bytes. Installing replaces the cache and drops every window in it, so asking again for the limit already in
     * place (a second worker in one JVM, as tests start them) leaves the cache as it is.
     */
    public static synchronized void install(long limitBytes) {
        if (limitBytes < WINDOW_BYTES) {
            throw new IllegalArgumentException("a pack cache of " + limitBytes + " bytes is smaller than one window ("
                    + WINDOW_BYTES + " bytes)");
        }
        if (limitBytes == installed) {
            return;
        }
        WindowCacheConfig config = new WindowCacheConfig();
        config.setPackedGitWindowSize(WINDOW_BYTES);
        config.setPackedGitLimit(limitBytes);
        config.install();
        installed = limitBytes;
    }
}
