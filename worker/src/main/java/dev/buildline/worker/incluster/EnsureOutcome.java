package dev.buildline.worker.incluster;

/** What ensuring a builder had to do, for the build log. */
public enum EnsureOutcome {
    /** It existed, matched and was ready. */
    REUSED,
    /** It existed but its options differ, and {@code noRecreate} keeps it as it is. */
    REUSED_DESPITE_DRIFT,
    /** It did not exist; this worker created it. */
    CREATED,
    /** Its options changed; this worker deleted and created it. */
    RECREATED
}
