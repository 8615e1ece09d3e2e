package dev.buildline.coordinator.plan;

import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.messages.BuildIds;
import dev.buildline.common.plan.ContextLayout;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * Which images a change touches: an image is a candidate when it is new, when its own config changed, or when a path
 * in its context directory or its Dockerfile changed. Without a trustworthy list of changed paths every image is a
 * candidate, and the inputs identity (git's tree and blob ids) decides later whether it is really rebuilt.
 * A pure function of the two configs and the path list.
 */
public final class ChangePlanner {

    private ChangePlanner() {
    }

    /**
     * @param before       devspace.yaml before the change, or null when unknown
     * @param after        devspace.yaml after the change
     * @param changedPaths repository-relative paths the change touched, or null when unknown
     * @param configDir    directory of devspace.yaml in the repository ("" for the root)
     */
    public static List<ImageChange> plan(DevspaceConfig before, DevspaceConfig after, Collection<String> changedPaths,
                                         String configDir) {
        PathIndex paths = changedPaths == null ? null : new PathIndex(changedPaths);
        List<ImageChange> changes = new ArrayList<>();
        for (ImageConfig image : after.images().values()) {
            ImageConfig previous = before == null ? null : before.images().get(image.name());
            if (before != null && previous == null) {
                changes.add(new ImageChange(image, ChangeReason.NEW_IMAGE));
            } else if (previous != null && previous != image // an unchanged file loads to the same config (cached)
                    && !BuildIds.configHash(previous).equals(BuildIds.configHash(image))) {
                changes.add(new ImageChange(image, ChangeReason.CONFIG_CHANGED));
            } else if (before == null || paths == null) {
                changes.add(new ImageChange(image, ChangeReason.CHANGES_UNKNOWN));
            } else {
                ContextLayout layout = ContextLayout.of(configDir, image.context(), image.dockerfile());
                if (paths.touches(layout.contextDir()) || paths.contains(layout.dockerfilePath())) {
                    changes.add(new ImageChange(image, ChangeReason.CONTEXT_CHANGED));
                }
            }
        }
        return changes;
    }

    /** Changed paths with every directory above them, so "did anything under dir change" is one lookup. */
    static final class PathIndex {
        private final Set<String> files;
        private final Set<String> directories = new java.util.HashSet<>();

        PathIndex(Collection<String> paths) {
            this.files = Set.copyOf(paths);
            for (String path : paths) {
                int slash = path.lastIndexOf('/');
                while (slash > 0) {
                    if (!directories.add(path.substring(0, slash))) {
                        break;
                    }
                    slash = path.lastIndexOf('/', slash - 1);
                }
            }
        }

        boolean touches(String directory) {
            return directory.isEmpty() ? !files.isEmpty() : directories.contains(directory) || files.contains(directory);
        }

        boolean contains(String file) {
            return files.contains(file);
        }
    }
}
