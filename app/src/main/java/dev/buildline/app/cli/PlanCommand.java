package dev.buildline.app.cli;

import dev.buildline.app.cli.CliOptions.Option;
import dev.buildline.app.cli.CliOptions.UsageException;
import dev.buildline.common.config.DevspaceConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InvalidConfigException;
import dev.buildline.common.kube.InvalidKubeConfigException;
import dev.buildline.common.kube.KubeContext;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.plan.ContextLayout.PathEscapesRepositoryException;
import dev.buildline.common.plan.ImagePlans;
import dev.buildline.common.plan.ImagePlans.MinikubeEnv;
import dev.buildline.common.plan.PlanJson;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code buildline plan -f devspace.yaml [--image N] [--namespace NS] [--kube-context CTX] [--skip-push] [--tag T]}:
 * a dry run that prints, per image, one JSON line with the mode, the complete buildx argv, the {@code buildx create}
 * argv of an in-cluster builder and the extra environment (see {@link PlanJson}). The kube context comes from
 * {@code --kube-context} or the kubeconfig's current-context (KUBECONFIG or ~/.kube/config), as in DevSpace.
 * Exit 0 on success, 1 when the file or an image cannot be planned, 2 for a command line that cannot be run.
 */
public final class PlanCommand {

    static final Option IMAGE = new Option("image", "i", "BUILDLINE_IMAGE", true);
    static final Option NAMESPACE = new Option("namespace", "n", "BUILDLINE_NAMESPACE", true);
    static final Option KUBE_CONTEXT = new Option("kube-context", null, "BUILDLINE_KUBE_CONTEXT", true);
    static final Option SKIP_PUSH = new Option("skip-push", null, "BUILDLINE_SKIP_PUSH", false);
    static final Option TAG = new Option("tag", "t", "BUILDLINE_TAG", true);
    private static final List<Option> OPTIONS = List.of(ValidateCommand.FILE, IMAGE, NAMESPACE, KUBE_CONTEXT,
            SKIP_PUSH, TAG, ValidateCommand.VAR, ValidateCommand.PROFILE);

    private PlanCommand() {
    }

    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return run(args, out, err, System.getenv(), Path.of(System.getProperty("user.home")),
                new MinikubeDockerEnv(), new SecureRandom());
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env, Path userHome,
                   MinikubeEnv minikube, RandomGenerator random) {
        CliOptions options;
        try {
            options = CliOptions.parse(args, OPTIONS, env);
            options.flag(SKIP_PUSH);
            ValidateCommand.inputs(options, null, null).varMap();
        } catch (UsageException e) {
            err.println("plan: " + e.getMessage());
            err.println("usage: buildline plan -f devspace.yaml [--image N] [--namespace NS] [--kube-context CTX] "
                    + "[--skip-push] [--tag T] [--var NAME=VALUE] [--profile P]");
            return ValidateCommand.USAGE;
        }
        DevspaceFile file = DevspaceFile.locate(options.value(ValidateCommand.FILE, DevspaceFile.DEFAULT_PATH));
        try {
            Optional<KubeContext> context = KubeConfigFiles.load(env, userHome).context(options.value(KUBE_CONTEXT, null));
            DevspaceConfig config = file.parse(ValidateCommand.inputs(options,
                    options.value(NAMESPACE, context.map(KubeContext::namespace).orElse(null)),
                    context.map(KubeContext::name).orElse(null)));
            if (config.converted()) {
                err.println("note: " + config.versionNote() + "; planned as converted");
            }
            ValidateCommand.printWarnings(config, err);
            List<ImageConfig> images = selectImages(config, options.values(IMAGE));
            BuildSite site = BuildSite.of(context, options.value(NAMESPACE, null), options.flag(SKIP_PUSH));
            MinikubeEnv onceEach = cached(minikube);
            List<String> lines = new ArrayList<>();
            for (ImageConfig image : images) {
                List<String> tags = ImagePlans.tags(image, options.values(TAG), random);
                BuildPlan plan = ImagePlans.plan(image, file.configDir(), site, tags, onceEach);
                lines.add(PlanJson.line(plan));
            }
            lines.forEach(out::println);
            return 0;
        } catch (InvalidConfigException e) {
            e.problems().forEach(err::println);
        } catch (DevspaceFile.UnreadableException | InvalidKubeConfigException | PathEscapesRepositoryException
                 | MinikubeDockerEnv.FailedException | UnknownImageException e) {
            err.println(e.getMessage());
        }
        return 1;
    }

    private static List<ImageConfig> selectImages(DevspaceConfig config, List<String> names) {
        if (names.isEmpty()) {
            return List.copyOf(config.images().values());
        }
        List<ImageConfig> selected = new ArrayList<>();
        for (String name : names) {
            selected.add(config.image(name).orElseThrow(() -> new UnknownImageException(name, config)));
        }
        return selected;
    }

    /** minikube docker-env runs at most once per profile and run. */
    private static MinikubeEnv cached(MinikubeEnv minikube) {
        Map<String, Map<String, String>> byProfile = new HashMap<>();
        return profile -> byProfile.computeIfAbsent(profile, minikube::forProfile);
    }

    /** {@code --image} names an image devspace.yaml does not define. */
    static final class UnknownImageException extends RuntimeException {
        UnknownImageException(String name, DevspaceConfig config) {
            super(config.notBuilt().containsKey(name) ? "--image " + name + ": not built: " + config.notBuilt().get(name)
                    : "--image " + name + ": no such image under images (defined: "
                    + (config.images().isEmpty() ? "none" : String.join(", ", config.images().keySet())) + ")");
        }
    }
}
