package dev.buildline.app.cli;

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
import dev.buildline.common.policy.BuildPolicy;
import dev.buildline.common.policy.RepositoryGrants;
import dev.buildline.coordinator.intake.RepositorySettings;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.random.RandomGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code buildline plan -f devspace.yaml [--image N] [--namespace NS] [--kube-context CTX] [--skip-push] [--tag T]}:
 * a dry run that prints, per image, one JSON line with the mode, the complete buildx argv, the {@code buildx create}
 * argv of an in-cluster builder and the extra environment (see {@link PlanJson}). The kube context comes from
 * {@code --kube-context} or the kubeconfig's current-context (KUBECONFIG or ~/.kube/config), as in DevSpace.
 * With {@code --settings FILE --repo URL}, the build policy a coordinator applies decides first: each refusal on
 * stderr, naming its YAML path and the setting that would grant it, and exit 1.
 * Exit 0 on success, 1 when the file or an image cannot be planned, 2 for a command line that cannot be run.
 */
@Command(name = "plan", sortOptions = false,
        description = "Dry run: one JSON object per image and line (mode, buildx argv, builder, environment).")
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    HelpOption help;
    @Mixin
    ConfigFileOptions config;

    @Option(names = {"-i", "--image"}, paramLabel = "N", split = ",",
            description = "Plans only these images; repeatable or comma-separated (env BUILDLINE_IMAGE).")
    @EnvVar("BUILDLINE_IMAGE")
    List<String> images = new ArrayList<>();

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "The namespace of in-cluster builders (env BUILDLINE_NAMESPACE; default: the context's).")
    @EnvVar("BUILDLINE_NAMESPACE")
    String namespace;

    @Option(names = "--kube-context", paramLabel = "CTX",
            description = "The kube context (env BUILDLINE_KUBE_CONTEXT; default: the kubeconfig's current-context).")
    @EnvVar("BUILDLINE_KUBE_CONTEXT")
    String kubeContext;

    @Option(names = "--skip-push", arity = "0..1", fallbackValue = "true", paramLabel = "BOOL",
            converter = FlagValue.class,
            description = "Builds without pushing, as devspace build --skip-push (env BUILDLINE_SKIP_PUSH).")
    @EnvVar("BUILDLINE_SKIP_PUSH")
    boolean skipPush;

    @Option(names = {"-t", "--tag"}, paramLabel = "T", split = ",",
            description = "The tags instead of the file's; repeatable or comma-separated (env BUILDLINE_TAG).")
    @EnvVar("BUILDLINE_TAG")
    List<String> tags = new ArrayList<>();

    @Option(names = "--settings", paramLabel = "FILE",
            description = "A repositories file (as BUILDLINE_REPOSITORIES_FILE): plans only what a coordinator would "
                    + "build for --repo, and names each refusal of its build policy on stderr (exit 1).")
    String settings;

    @Option(names = "--repo", paramLabel = "URL",
            description = "The repository URL whose entry of --settings applies (with BUILDLINE_ALLOWED_IMAGES and "
                    + "BUILDLINE_BUILDERS_FILE from the environment, as a coordinator reads them).")
    String repo;

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private final Path userHome;
    private final MinikubeEnv minikube;
    private final RandomGenerator random;

    /**
     * @param env where KUBECONFIG is read (the file's variables come from --var only)
     * @param minikube what answers {@code minikube docker-env} when minikube's daemon builds
     */
    public PlanCommand(PrintStream out, PrintStream err, Map<String, String> env, Path userHome, MinikubeEnv minikube,
                       RandomGenerator random) {
        this.out = out;
        this.err = err;
        this.env = env;
        this.userHome = userHome;
        this.minikube = minikube;
        this.random = random;
    }

    /** The command as {@code buildline plan} runs it: the user's home, the real minikube, random tags. */
    public static PlanCommand of(PrintStream out, PrintStream err, Map<String, String> env) {
        return new PlanCommand(out, err, env, Path.of(System.getProperty("user.home")), new MinikubeDockerEnv(),
                new SecureRandom());
    }

    static int run(List<String> args, PrintStream out, PrintStream err, Map<String, String> env, Path userHome,
                   MinikubeEnv minikube, RandomGenerator random) {
        return Launcher.execute(new PlanCommand(out, err, env, userHome, minikube, random), "buildline plan", args,
                env, out, err);
    }

    @Override
    public Integer call() {
        DevspaceFile file = config.locate();
        try {
            Optional<KubeContext> context = KubeConfigFiles.load(env, userHome).context(kubeContext);
            DevspaceConfig parsed = file.parse(config.inputs(
                    namespace != null ? namespace : context.map(KubeContext::namespace).orElse(null),
                    context.map(KubeContext::name).orElse(null)));
            if (parsed.converted()) {
                err.println("note: " + parsed.versionNote() + "; planned as converted");
            }
            ValidateCommand.printWarnings(parsed, err);
            if (refusedByPolicy(parsed)) {
                return 1;
            }
            List<ImageConfig> selected = selectImages(parsed, ConfigFileOptions.items(images));
            BuildSite site = BuildSite.of(context, namespace, skipPush);
            MinikubeEnv onceEach = cached(minikube);
            List<String> tagOverride = ConfigFileOptions.items(tags);
            List<String> lines = new ArrayList<>();
            for (ImageConfig image : selected) {
                List<String> imageTags = ImagePlans.tags(image, tagOverride, random);
                BuildPlan plan = ImagePlans.plan(image, file.configDir(), site, imageTags, onceEach);
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

    /**
     * With {@code --settings}: the coordinator's decision on the whole file, each refusal on stderr. The argv printed
     * after an allowed decision stays DevSpace's, from the file as written.
     */
    private boolean refusedByPolicy(DevspaceConfig parsed) {
        if (settings == null && repo == null) {
            return false;
        }
        if (settings == null || repo == null) {
            throw new UsageException("--settings and --repo go together: the file and the repository whose entry "
                    + "applies");
        }
        RepositorySettings repositories = PolicyFiles.repositories(settings, "--settings", env)
                .withPolicy(PolicyFiles.buildPolicy(env, false));
        RepositoryGrants grants = repositories.policy().grantsFor(repositories.forRepository(repo));
        BuildPolicy.FileDecision decision = BuildPolicy.checkAll(parsed.images().values(), grants,
                repositories.policy().builders());
        decision.refusals().forEach(refusal -> err.println(refusal.message()));
        return decision.refused();
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
