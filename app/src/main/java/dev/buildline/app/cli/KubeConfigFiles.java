package dev.buildline.app.cli;

import dev.buildline.common.kube.InvalidKubeConfigException;
import dev.buildline.common.kube.KubeConfig;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the kubeconfig files kubectl would read and hands their text to {@link KubeConfig#parse}. */
public final class KubeConfigFiles {

    private KubeConfigFiles() {
    }

    /** The files kubectl reads: each entry of KUBECONFIG, else {@code ~/.kube/config}. */
    public static List<Path> files(Map<String, String> env, Path userHome) {
        String list = env.get("KUBECONFIG");
        if (list == null || list.isBlank()) {
            return List.of(userHome.resolve(".kube").resolve("config"));
        }
        List<Path> files = new ArrayList<>();
        for (String entry : list.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                files.add(Path.of(entry));
            }
        }
        return files;
    }

    /** Reads and merges the {@link #files} that exist; none existing gives {@link KubeConfig#empty()}. */
    public static KubeConfig load(Map<String, String> env, Path userHome) {
        Map<String, String> documents = new LinkedHashMap<>();
        for (Path file : files(env, userHome)) {
            if (Files.isRegularFile(file)) {
                try {
                    documents.put(file.toString(), Files.readString(file));
                } catch (IOException e) {
                    throw new InvalidKubeConfigException(file.toString(), "cannot read it: " + e.getMessage(), e);
                }
            }
        }
        return KubeConfig.parse(documents);
    }
}
