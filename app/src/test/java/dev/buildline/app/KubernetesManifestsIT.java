package dev.buildline.app;

import dev.buildline.runtime.kafka.KafkaSettings;
import static org.assertj.core.api.Assertions.assertThat;

import dev.buildline.app.cli.UsageException;
import dev.buildline.common.config.BuildKitConfig;
import dev.buildline.common.config.ImageConfig;
import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.messages.Topics;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.common.plan.BuildSite;
import dev.buildline.common.plan.BuildxPlanner;
import dev.buildline.common.plan.ContextLayout;
import dev.buildline.worker.incluster.FakeDeploymentController;
import dev.buildline.worker.incluster.InClusterBuilder;
import dev.buildline.worker.incluster.model.BuilderSpec;
import dev.buildline.worker.incluster.model.BuildkitDeployment;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * k8s/ as {@code kustomize build} renders it (Debian's kustomize, scripts/deploy-tools.sh), parsed with fabric8 and
 * held against the code it deploys: ports and probes against the settings the launcher reads, every variable against
 * what it reads, the termination grace against the drain grace, the image's uid, and the worker's Role against the
 * Kubernetes requests its fabric8 code makes (recorded on fabric8's mock server, the only API server here).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesManifestsIT {

    /**
     * What buildx's kubernetes driver itself asks of the API for a builder Buildline ensured (it reads the Deployment,
     * lists its pods and dials buildkitd through exec); the rest of the Role must be what the worker's fabric8 code
     * was seen to use.
     */
    private static final Set<String> BUILDX_DRIVER = Set.of("apps/deployments:get", "/pods:get", "/pods:list",
            "/pods/exec:get", "/pods/exec:create", "/pods/portforward:get", "/pods/portforward:create");
    private static final AtomicInteger RUNS = new AtomicInteger();
    private static final String WORKER_AGENT = "buildline-worker-under-test";
    private static final Pattern API_PATH = Pattern.compile("^/(?:api|apis/([^/]+))/v[^/]+/(.*?)(?:\\?(.*))?$");

    static KubernetesMockServer server;
    static KubernetesClient client;

    @BeforeAll
    static void tools() throws Exception {
        Deployments.requireTools();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void deploymentsRunAsTheImagesUserWithNothingWritableButTheirVolumes(String overlay) throws Exception {
        List<HasMetadata> objects = render("k8s/overlays/" + overlay);
        String uid = dockerfileUid();
        Map<String, String> settings = settingsOf(objects);

        for (Deployment deployment : all(objects, Deployment.class)) {
            PodSpec pod = deployment.getSpec().getTemplate().getSpec();
            String name = deployment.getMetadata().getName();
            assertThat(pod.getSecurityContext().getRunAsNonRoot()).as(name).isTrue();
            assertThat(String.valueOf(pod.getSecurityContext().getRunAsUser())).as(name + " runs as the image's user")
                    .isEqualTo(uid);
            for (Container container : pod.getContainers()) {
                assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).as(name).isFalse();
                assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).as(name).isTrue();
                assertThat(container.getSecurityContext().getCapabilities().getDrop()).as(name).containsExactly("ALL");
                assertThat(container.getSecurityContext().getCapabilities().getAdd()).as(name).isNullOrEmpty();
                assertThat(container.getSecurityContext().getPrivileged()).as(name).isNotEqualTo(Boolean.TRUE);
                // where the JVM (/tmp), buildx and the kubeconfig ($HOME) and git mirrors (BUILDLINE_DATA) write
                assertThat(container.getVolumeMounts()).as(name).extracting(VolumeMount::getMountPath)
                        .contains("/tmp", "/home/buildline", settings.get("BUILDLINE_DATA"));
                assertThat(container.getResources().getRequests()).as(name).containsKeys("cpu", "memory");
                assertThat(container.getResources().getLimits()).as(name).containsKey("memory");
                assertThat(container.getImage()).as(name + ": kustomize sets registry and tag")
                        .matches(".+/buildline-" + component(deployment) + ":[^:]+");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void probesAndPortsAreTheOnesTheProcessesServe(String overlay) throws Exception {
        List<HasMetadata> objects = render("k8s/overlays/" + overlay);
        Map<String, String> settings = settingsOf(objects);
        Deployment coordinator = one(objects, Deployment.class, "buildline-coordinator");
        Deployment worker = one(objects, Deployment.class, "buildline-worker");

        int httpPort = Settings.coordinator(coordinatorOptions(settings).httpPort(), settings,
                KafkaSettings.plaintext("kafka:9092"), Path.of("/var/lib/buildline")).httpPort();
        int opsPort = Settings.workerHttpPort(settings);
        assertProbes(coordinator, httpPort);
        assertProbes(worker, opsPort);

        Service service = one(objects, Service.class, "buildline");
        assertThat(service.getSpec().getSelector()).isEqualTo(podLabels(coordinator));
        assertThat(port(container(coordinator), service.getSpec().getPorts().get(0).getTargetPort())).isEqualTo(httpPort);

        long drainGrace = Settings.worker(workerOptions(settings).workers(), settings,
                KafkaSettings.plaintext("kafka:9092"), Path.of("/var/lib/buildline")).drainGrace().toSeconds();
        assertThat(worker.getSpec().getTemplate().getSpec().getTerminationGracePeriodSeconds())
                .as("the kubelet waits longer than the worker drains").isGreaterThan(drainGrace);

        for (Deployment deployment : List.of(coordinator, worker)) {
            assertThat(all(objects, PodDisruptionBudget.class)).as("a PodDisruptionBudget for " + deployment)
                    .anySatisfy(pdb -> assertThat(podLabels(deployment))
                            .containsAllEntriesOf(pdb.getSpec().getSelector().getMatchLabels()));
            NetworkPolicy policy = all(objects, NetworkPolicy.class).stream().filter(p -> podLabels(deployment)
                    .entrySet().containsAll(p.getSpec().getPodSelector().getMatchLabels().entrySet())).findFirst()
                    .orElseThrow(() -> new AssertionError("no NetworkPolicy selects " + deployment.getMetadata().getName()));
            assertThat(policy.getSpec().getIngress()).flatExtracting(rule -> rule.getPorts())
                    .extracting(p -> port(container(deployment), p.getPort()))
                    .containsExactly(deployment == coordinator ? httpPort : opsPort);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyVariableIsOneTheProcessesReadAndSecretsAreReferences(String overlay) throws Exception {
        List<HasMetadata> objects = render("k8s/overlays/" + overlay);
        Set<String> coordinatorReads = reads(settingsOf(objects), true);
        Set<String> workerReads = reads(settingsOf(objects), false);

        Set<String> configured = new TreeSet<>(one(objects, ConfigMap.class, "buildline").getData().keySet());
        assertThat(configured).as("ConfigMap keys neither process reads")
                .allMatch(key -> coordinatorReads.contains(key) || workerReads.contains(key));
        for (Deployment deployment : all(objects, Deployment.class)) {
            Set<String> reads = deployment.getMetadata().getName().endsWith("coordinator") ? coordinatorReads : workerReads;
            for (EnvVar env : container(deployment).getEnv()) {
                if (env.getName().startsWith("BUILDLINE_")) {
                    assertThat(reads).as(deployment.getMetadata().getName() + " sets " + env.getName()
                            + ", which it does not read").contains(env.getName());
                }
                assertThat(env.getValue() == null || !env.getName().matches(".*(SECRET|TOKEN|PASSWORD|KEY).*"))
                        .as(env.getName() + " must come from a Secret, not a literal").isTrue();
                if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                    assertThat(env.getValueFrom().getSecretKeyRef().getName()).isEqualTo("buildline");
                    assertThat(env.getValueFrom().getSecretKeyRef().getKey()).isEqualTo(env.getName());
                }
            }
        }
        List<Secret> secrets = all(objects, Secret.class);
        if (overlay.equals("production")) {
            assertThat(secrets).as("production renders no Secret: it is created from your secret store").isEmpty();
        } else {
            assertThat(secrets).singleElement().satisfies(secret -> assertThat(secret.getData())
                    .containsKeys("BUILDLINE_WEBHOOK_SECRET", "BUILDLINE_API_TOKEN"));
        }
        // the coordinator does not start without them, so a pod without them must not start either
        for (String required : List.of("BUILDLINE_WEBHOOK_SECRET", "BUILDLINE_API_TOKEN")) {
            EnvVar reference = container(one(objects, Deployment.class, "buildline-coordinator")).getEnv().stream()
                    .filter(env -> env.getName().equals(required)).findFirst().orElseThrow();
            assertThat(reference.getValueFrom().getSecretKeyRef().getOptional()).as(required + " optional").isNotEqualTo(true);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theWorkersRoleHoldsExactlyWhatItsCodeAndBuildxUse(String overlay) throws Exception {
        List<HasMetadata> objects = render("k8s/overlays/" + overlay);
        Deployment worker = one(objects, Deployment.class, "buildline-worker");
        String account = worker.getSpec().getTemplate().getSpec().getServiceAccountName();
        RoleBinding binding = all(objects, RoleBinding.class).stream()
                .filter(b -> b.getSubjects().stream().anyMatch(s -> s.getName().equals(account))).findFirst()
                .orElseThrow(() -> new AssertionError("nothing binds " + account));
        Role role = one(objects, Role.class, binding.getRoleRef().getName());
        assertThat(all(objects, ClusterRole.class)).as("namespaced only").isEmpty();
        assertThat(one(objects, Deployment.class, "buildline-coordinator").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken()).as("the coordinator needs no API token").isFalse();

        Set<String> used = new TreeSet<>(usedByTheWorker(false));
        used.addAll(BUILDX_DRIVER);
        assertThat(grants(role.getRules())).isEqualTo(used);
    }

    @Test
    void theExplicitNamespacesComponentGrantsWhatBuildersInOtherNamespacesUse() throws Exception {
        List<HasMetadata> objects = render("k8s/components/explicit-builder-namespaces");
        ClusterRole role = one(objects, ClusterRole.class, "buildline-worker-builder-namespaces");
        Set<String> used = new TreeSet<>(usedByTheWorker(true));
        used.addAll(BUILDX_DRIVER);
        assertThat(grants(role.getRules())).isEqualTo(used);
        // bound per builder namespace: exec into pods is never granted cluster-wide, and no namespace is created
        assertThat(objects).noneMatch(o -> o.getKind().equals("ClusterRoleBinding"));
        assertThat(all(objects, RoleBinding.class)).singleElement().satisfies(binding -> {
            assertThat(binding.getMetadata().getNamespace()).isNotBlank();
            assertThat(binding.getRoleRef().getName()).isEqualTo(role.getMetadata().getName());
        });
        assertThat(used).noneMatch(grant -> grant.startsWith("/namespaces:"));
    }

    @Test
    void theStrimziComponentDeclaresEveryTopicReplicatedThreeTimes() throws Exception {
        Path dir = Deployments.ROOT.resolve("app/target/kustomize-strimzi");
        Files.createDirectories(dir);
        Path k8s = dir.relativize(Deployments.ROOT.resolve("k8s"));
        Files.writeString(dir.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [%s/overlays/production]
                components: [%s/components/strimzi-topics]
                """.formatted(k8s, k8s));
        List<HasMetadata> objects = render(Deployments.ROOT.relativize(dir).toString());

        List<GenericKubernetesResource> topics = objects.stream().filter(o -> o.getKind().equals("KafkaTopic"))
                .map(GenericKubernetesResource.class::cast).toList();
        Topics names = Topics.defaults();
        assertThat(topics).extracting(t -> (String) t.get("spec", "topicName")).containsExactlyInAnyOrder(names.all());
        for (GenericKubernetesResource topic : topics) {
            assertThat(topic.getApiVersion()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(((Number) topic.get("spec", "replicas")).intValue()).isEqualTo(3);
            assertThat(((Number) topic.get("spec", "config", "min.insync.replicas")).intValue()).isEqualTo(2);
            assertThat(((Number) topic.get("spec", "partitions")).intValue())
                    .isEqualTo(Settings.topicPartitions(Map.of()));
        }
    }

    @Test
    void productionExposesOnlyWebhooksThroughItsIngress() throws Exception {
        List<HasMetadata> objects = render("k8s/overlays/production");
        Ingress ingress = one(objects, Ingress.class, "buildline-webhooks");
        var paths = ingress.getSpec().getRules().get(0).getHttp().getPaths();
        assertThat(paths).extracting(p -> p.getPath()).containsExactly("/webhooks");
        assertThat(paths.get(0).getBackend().getService().getName()).isEqualTo("buildline");
        assertThat(one(objects, Service.class, "buildline").getSpec().getPorts())
                .extracting(p -> p.getName()).contains(paths.get(0).getBackend().getService().getPort().getName());
        assertThat(ingress.getSpec().getTls()).isNotEmpty();
    }

    /**
     * Runs the worker's in-cluster builder through what it does to a builder and its Lease (create one, take over a
     * dead worker's Lease, recreate a drifted Deployment) and returns every {@code group/resource:verb} its client
     * asked the API server for.
     */
    private Set<String> usedByTheWorker(boolean explicitNamespace) throws Exception {
        // a namespace of its own per run: the mock server keeps what earlier runs made
        String namespace = (explicitNamespace ? "builders-" : "team-") + RUNS.incrementAndGet();
        InClusterConfig drifted = new InClusterConfig(explicitNamespace ? "shared" : null,
                explicitNamespace ? namespace : null, false, "moby/buildkit:v0.12.0", null, false, false, false, List.of());
        InClusterConfig wanted = new InClusterConfig(drifted.name(), drifted.namespace(), false, "moby/buildkit:v0.23.2",
                null, false, false, false, List.of());
        BuildPlan plan = plan(wanted, explicitNamespace ? "team" : namespace);
        // a ready builder with another image, and the Lease of a worker that died while holding it
        client.apps().deployments().inNamespace(namespace).resource(BuildkitDeployment.desired(
                BuilderSpec.of("backend", plan.builderName(), namespace, drifted))).create();
        ZonedDateTime then = ZonedDateTime.now().minusMinutes(5);
        client.leases().inNamespace(namespace).resource(new LeaseBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("buildline-builder-" + plan.builderName()).build())
                .withNewSpec().withHolderIdentity("worker-crashed").withLeaseDurationSeconds(1)
                .withAcquireTime(then).withRenewTime(then).endSpec().build()).create();
        while (server.takeRequest(200, TimeUnit.MILLISECONDS) != null) {
            // what came before the worker's requests
        }
        Set<String> used = new TreeSet<>();
        Config workerConfig = new ConfigBuilder(Config.empty()).withMasterUrl(client.getMasterUrl().toString())
                .withTrustCerts(true).withNamespace(namespace).withUserAgent(WORKER_AGENT).build();
        try (KubernetesClient workers = server.createClient(b -> b.withConfig(workerConfig));
             FakeDeploymentController controller = new FakeDeploymentController(server.createClient());
             InClusterBuilder builder = new InClusterBuilder(workers, "worker-a", Duration.ofSeconds(15))) {
            builder.ensure(plan, wanted, Duration.ofSeconds(30)).close();
        }
        RecordedRequest request;
        while ((request = server.takeRequest(2, TimeUnit.SECONDS)) != null) {
            if (WORKER_AGENT.equals(request.getHeader("User-Agent"))) {
                used.add(grant(request.getMethod().toString(), request.getPath()));
            }
        }
        return used;
    }

    private static BuildPlan plan(InClusterConfig inCluster, String currentNamespace) throws Exception {
        Path docker = Files.createTempFile("buildline-docker-", ".sh");
        Files.writeString(docker, "#!/bin/sh\nexit 0\n");
        docker.toFile().setExecutable(true);
        ImageConfig image = new ImageConfig("backend", "acme/backend", List.of("v1"), null, null, null, null, null,
                false, null, new BuildKitConfig(List.of(docker.toString(), "buildx"), null, null, inCluster));
        return BuildxPlanner.plan(image, new BuildSite("prod", currentNamespace, false, false, Map.of()), List.of("v1"),
                ContextLayout.of("", "./", "./Dockerfile"));
    }

    /** {@code group/resource[/subresource]:verb} of one request, as RBAC names it. */
    private static String grant(String method, String path) {
        Matcher m = API_PATH.matcher(path);
        if (!m.matches()) {
            throw new AssertionError("not a Kubernetes API path: " + path);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String[] parts = m.group(2).split("/");
        int at = parts.length >= 3 && parts[0].equals("namespaces") ? 2 : 0;
        String resource = parts[at] + (parts.length > at + 2 ? "/" + parts[at + 2] : "");
        boolean named = parts.length > at + 1;
        String query = m.group(3) == null ? "" : m.group(3);
        String verb = switch (method) {
            case "GET" -> query.contains("watch=true") ? "watch" : named ? "get" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> named ? "delete" : "deletecollection";
            default -> throw new AssertionError("unexpected method " + method + " " + path);
        };
        return group + "/" + resource + ":" + verb;
    }

    private static Set<String> grants(List<PolicyRule> rules) {
        Set<String> grants = new TreeSet<>();
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        grants.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return grants;
    }

    /** {@code buildline coordinator}'s options in a pod with environment {@code env} (the image's CMD has none). */
    private static Main.Coordinator coordinatorOptions(Map<String, String> env) {
        return (Main.Coordinator) new Main(env, System.out).options("coordinator");
    }

    private static Main.Worker workerOptions(Map<String, String> env) {
        return (Main.Worker) new Main(env, System.out).options("worker");
    }

    /** The names of the variables a process reads while it takes its settings from {@code env}. */
    private static Set<String> reads(Map<String, String> env, boolean coordinator) {
        Set<String> read = new HashSet<>();
        Map<String, String> recording = new HashMap<>(env) {
            @Override
            public String get(Object key) {
                read.add((String) key);
                return super.get(key);
            }

            @Override
            public String getOrDefault(Object key, String fallback) {
                read.add((String) key);
                return super.getOrDefault(key, fallback);
            }
        };
        Settings.kafka(recording);
        Settings.topics(recording);
        Settings.topicPartitions(recording);
        Settings.topicReplication(recording);
        if (coordinator) {
            // the command's options (--http-port, --data) read their variables as Main reads them
            Settings.coordinator(coordinatorOptions(recording).httpPort(), recording,
                    KafkaSettings.plaintext("kafka:9092"), Path.of("/var/lib/buildline"));
            Settings.ops(recording);
        } else {
            Settings.worker(workerOptions(recording).workers(), recording, KafkaSettings.plaintext("kafka:9092"),
                    Path.of("/var/lib/buildline"));
            Settings.workerHttpPort(recording);
            try {
                WorkerKube.load(recording);
            } catch (UsageException e) {
                // a context the manifests name is not in this machine's kubeconfig; the setting was read all the same
            }
        }
        return read;
    }

    /** The ConfigMap's data plus every Secret-referenced variable, with placeholder values: a pod's environment. */
    private static Map<String, String> settingsOf(List<HasMetadata> objects) {
        Map<String, String> env = new HashMap<>(one(objects, ConfigMap.class, "buildline").getData());
        for (Deployment deployment : all(objects, Deployment.class)) {
            for (EnvVar var : container(deployment).getEnv()) {
                env.putIfAbsent(var.getName(), var.getValue() != null ? var.getValue()
                        : "placeholder-from-the-secret-" + var.getName());
            }
        }
        return env;
    }

    private static void assertProbes(Deployment deployment, int port) {
        Container container = container(deployment);
        assertThat(container.getPorts()).extracting(ContainerPort::getContainerPort).containsExactly(port);
        Probe ready = container.getReadinessProbe();
        Probe live = container.getLivenessProbe();
        assertThat(ready.getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(live.getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(port(container, ready.getHttpGet().getPort())).isEqualTo(port);
        assertThat(port(container, live.getHttpGet().getPort())).isEqualTo(port);
    }

    /** A port given by number or by the container's port name. */
    private static int port(Container container, IntOrString port) {
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        return container.getPorts().stream().filter(p -> port.getStrVal().equals(p.getName())).findFirst()
                .map(ContainerPort::getContainerPort)
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port named " + port.getStrVal()));
    }

    private static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    private static Map<String, String> podLabels(Deployment deployment) {
        return deployment.getSpec().getTemplate().getMetadata().getLabels();
    }

    private static String component(Deployment deployment) {
        return podLabels(deployment).get("app.kubernetes.io/component");
    }

    /** The Dockerfile's fixed uid (ARG UID=...). */
    private static String dockerfileUid() throws Exception {
        Matcher m = Pattern.compile("(?m)^ARG UID=(\\d+)$").matcher(Files.readString(Deployments.ROOT.resolve("Dockerfile")));
        assertThat(m.find()).as("Dockerfile sets ARG UID").isTrue();
        return m.group(1);
    }

    private static List<HasMetadata> render(String dir) throws Exception {
        Deployments.Result rendered = Deployments.run(List.of("kustomize", "build", dir), Map.of(), Duration.ofMinutes(2));
        assertThat(rendered.exitCode()).as("kustomize build " + dir + ":\n" + rendered.output()).isZero();
        try (KubernetesClient parser = new KubernetesClientBuilder().withConfig(Config.empty()).build()) {
            return parser.load(new ByteArrayInputStream(rendered.output().getBytes(StandardCharsets.UTF_8))).items();
        }
    }

    private static <T extends HasMetadata> List<T> all(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name + " in "
                        + objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }
}
