package dev.buildline.worker.incluster;

import static dev.buildline.worker.incluster.InClusterPlans.config;
import static dev.buildline.worker.incluster.InClusterPlans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.buildline.common.config.InClusterConfig;
import dev.buildline.common.plan.BuildPlan;
import dev.buildline.worker.incluster.model.BuilderSpec;
import dev.buildline.worker.incluster.model.BuildkitDeployment;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@EnableKubernetesMockClient(crud = true)
class InClusterBuilderIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String DEPLOYMENT = "devspace-team0";

    KubernetesMockServer server;
    KubernetesClient client;

    @TempDir
    Path bin;

    private final List<AutoCloseable> closeAfter = new ArrayList<>();
    private InClusterBuilder worker;

    @BeforeEach
    void setUp() {
        worker = builder("worker-a", client);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeAfter.size() - 1; i >= 0; i--) {
            closeAfter.get(i).close();
        }
    }

    @Test
    void createsMissingBuilderAndReturnsOnlyOnceItIsReady() throws Exception {
        // Given no builder in the cluster
        BuildPlan plan = plan(config(null, false, false));

        // When
        CompletableFuture<EnsuredBuilder> ensured = CompletableFuture.supplyAsync(() -> ensure(worker, plan, config(null, false, false)));
        await().atMost(Duration.ofSeconds(5)).until(() -> deployment() != null);

        // Then it waits for readiness, then returns a created builder
        assertThat(ensured).isNotDone();
        FakeDeploymentController.markReady(client, deployment());
        EnsuredBuilder builder = ensured.get(5, TimeUnit.SECONDS);
        assertThat(builder.outcome()).isEqualTo(EnsureOutcome.CREATED);
        assertThat(builder.name()).isEqualTo("devspace-team");
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("moby/buildkit:buildx-stable-1");
        assertThat(deployment().getMetadata().getAnnotations()).containsKey(BuildkitDeployment.HASH_ANNOTATION);
        assertThat(client.namespaces().withName("team").get()).as("namespace not set explicitly: never created").isNull();
        assertThat(client.leases().inNamespace("team").list().getItems()).as("lease released").isEmpty();
    }

    @Test
    void neverCreatesANamespaceEvenWhenItWasSetExplicitly() {
        // Given
        InClusterConfig explicit = new InClusterConfig("shared", "builders", false, null, null, false, false, false, List.of());
        startController();

        // When
        EnsuredBuilder builder = ensure(worker, plan(explicit), explicit);

        // Then
        assertThat(builder.outcome()).isEqualTo(EnsureOutcome.CREATED);
        assertThat(builder.namespace()).isEqualTo("builders");
        assertThat(client.namespaces().withName("builders").get()).as("namespaces are the operator's").isNull();
        assertThat(client.apps().deployments().inNamespace("builders").withName("shared0").get().getMetadata()
                .getAnnotations()).containsEntry(BuildkitDeployment.BUILDER_ANNOTATION, "builders/shared");
    }

    @Test
    void aMissingNamespaceFailsTheBuildNamingIt() {
        // Given the API server's answer to a write into a namespace that does not exist
        InClusterConfig config = new InClusterConfig("shared", "missing", false, null, null, false, false, false, List.of());
        server.expect().post().withPath("/apis/coordination.k8s.io/v1/namespaces/missing/leases")
                .andReturn(404, new StatusBuilder().withStatus("Failure").withReason("NotFound").withCode(404)
                        .withMessage("namespaces \"missing\" not found")
                        .withNewDetails().withKind("namespaces").withName("missing").endDetails().build())
                .always();

        // When / Then
        assertThatThrownBy(() -> worker.ensure(plan(config), config, TIMEOUT))
                .isInstanceOf(BuilderNamespaceMissingException.class)
                .hasMessageStartingWith("namespace missing of BuildKit builder shared does not exist; Buildline does not "
                        + "create namespaces");
        assertThat(client.namespaces().withName("missing").get()).isNull();
        assertThat(client.apps().deployments().inNamespace("missing").list().getItems()).isEmpty();
    }

    @Test
    void aDeploymentBuildlineDidNotMakeIsNeitherReplacedNorBuiltOn() {
        // Given another team's Deployment with the builder's name, with and without noRecreate
        Deployment theirs = client.apps().deployments().inNamespace("team").resource(new DeploymentBuilder(
                BuildkitDeployment.desired(spec(config("their/buildkit:1", false, false))))
                .editMetadata().withLabels(java.util.Map.of("app", DEPLOYMENT)).endMetadata().build()).create();
        FakeDeploymentController.markReady(client, theirs);
        startController();

        for (InClusterConfig config : List.of(config(null, false, false), config(null, false, true),
                config("their/buildkit:1", false, false))) {
            // When / Then
            assertThatThrownBy(() -> worker.ensure(plan(config), config, TIMEOUT))
                    .isInstanceOf(BuilderInTheWayException.class)
                    .hasMessageStartingWith("Deployment team/devspace-team0 is in the way of BuildKit builder "
                            + "devspace-team: Buildline did not make it for this builder");
        }
        assertThat(deployment().getMetadata().getUid()).isEqualTo(theirs.getMetadata().getUid());
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("their/buildkit:1");
    }

    @Test
    void aBuildlineDeploymentMadeForAnotherBuilderIsNotReplaced() {
        // Given Buildline's Deployment for a builder of another namespace, copied here under this builder's name
        Deployment other = client.apps().deployments().inNamespace("team").resource(new DeploymentBuilder(
                BuildkitDeployment.desired(spec(config("moby/buildkit:v0.12.0", false, false))))
                .editMetadata().addToAnnotations(BuildkitDeployment.BUILDER_ANNOTATION, "elsewhere/devspace-team")
                .endMetadata().build()).create();
        InClusterConfig config = config("moby/buildkit:v0.23.2", false, false);

        assertThatThrownBy(() -> worker.ensure(plan(config), config, TIMEOUT))
                .isInstanceOf(BuilderInTheWayException.class)
                .hasMessageContaining("buildline.dev/builder=team/devspace-team");
        assertThat(deployment().getMetadata().getUid()).isEqualTo(other.getMetadata().getUid());
    }

    @Test
    void reusesAReadyUnchangedBuilderWithoutAnyApiCall() throws Exception {
        // Given a builder this worker ensured once
        InClusterConfig config = config(null, false, false);
        try (FakeDeploymentController controller = new FakeDeploymentController(server.createClient())) {
            ensure(worker, plan(config), config).close();
        }
        int requestsBefore = settledRequestCount();
        int processesBefore = InClusterPlans.calls(bin).size();

        // When three more builds ensure it
        List<EnsureOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            try (EnsuredBuilder builder = ensure(worker, plan(config), config)) {
                outcomes.add(builder.outcome());
            }
        }

        // Then
        assertThat(outcomes).containsOnly(EnsureOutcome.REUSED);
        assertThat(server.getRequestCount() - requestsBefore).as("Kubernetes API requests").isZero();
        assertThat(InClusterPlans.calls(bin)).as("buildx processes").hasSize(processesBefore);
    }

    @Test
    void recreatesADriftedBuilder() {
        // Given a ready builder made with another image
        Deployment old = existingReadyBuilder(config("moby/buildkit:v0.12.0", false, false));
        startController();
        InClusterConfig config = config("moby/buildkit:v0.23.2", false, false);

        // When
        EnsuredBuilder builder = ensure(worker, plan(config), config);

        // Then
        assertThat(builder.outcome()).isEqualTo(EnsureOutcome.RECREATED);
        Deployment now = deployment();
        assertThat(now.getMetadata().getUid()).isNotEqualTo(old.getMetadata().getUid());
        assertThat(now.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("moby/buildkit:v0.23.2");
    }

    @Test
    void keepsADriftedBuilderWhenNoRecreateIsSet() {
        // Given
        Deployment old = existingReadyBuilder(config("moby/buildkit:v0.12.0", false, false));
        InClusterConfig config = config("moby/buildkit:v0.23.2", false, true);

        // When
        EnsuredBuilder builder = ensure(worker, plan(config), config);

        // Then
        assertThat(builder.outcome()).isEqualTo(EnsureOutcome.REUSED_DESPITE_DRIFT);
        assertThat(deployment().getMetadata().getUid()).isEqualTo(old.getMetadata().getUid());
        assertThat(deployment().getSpec().getTemplate().getSpec().getContainers().get(0).getImage()).isEqualTo("moby/buildkit:v0.12.0");
    }

    @Test
    void failsClearlyWhenTheBuilderIsMissingAndNoCreateIsSet() {
        InClusterConfig config = config(null, true, false);

        assertThatThrownBy(() -> worker.ensure(plan(config), config, TIMEOUT))
                .isInstanceOf(BuilderMissingException.class)
                .hasMessage("BuildKit builder devspace-team does not exist in namespace team (no Deployment devspace-team0)"
                        + " and images.backend.buildKit.inCluster.noCreate is true, so Buildline will not create it");
        assertThat(deployment()).isNull();
    }

    @Test
    void failsWithTheReasonWhenTheBuilderDoesNotBecomeReady() {
        // Given a builder whose pods cannot start
        InClusterConfig config = config(null, false, false);
        client.apps().deployments().inNamespace("team").resource(BuildkitDeployment.desired(spec(config))).create();
        client.apps().deployments().inNamespace("team").withName(DEPLOYMENT).editStatus(current -> new DeploymentBuilder(current)
                .withNewStatus().withObservedGeneration(current.getMetadata().getGeneration()).withAvailableReplicas(0)
                .addNewCondition().withType("Available").withStatus("False")
                .withMessage("Deployment does not have minimum availability.").endCondition()
                .endStatus().build());

        // When / Then
        long start = System.nanoTime();
        assertThatThrownBy(() -> worker.ensure(plan(config), config, Duration.ofMillis(700)))
                .isInstanceOfSatisfying(BuilderNotReadyException.class, e -> assertThat(e.reason())
                        .isEqualTo("0 of 1 BuildKit replicas available; Available: Deployment does not have minimum availability."))
                .hasMessageStartingWith("BuildKit builder devspace-team in namespace team was not ready after 700 ms: ");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void twoWorkersRacingMakeOneDeploymentAndBothProceed() throws Exception {
        // Given two workers with their own clients, as on two machines
        InClusterBuilder other = builder("worker-b", server.createClient());
        InClusterConfig config = config(null, false, false);
        startController();
        CountDownLatch start = new CountDownLatch(1);

        // When both ensure the same builder at once
        CompletableFuture<EnsuredBuilder> a = CompletableFuture.supplyAsync(() -> awaitThenEnsure(start, worker, config));
        CompletableFuture<EnsuredBuilder> b = CompletableFuture.supplyAsync(() -> awaitThenEnsure(start, other, config));
        start.countDown();

        // Then exactly one created it, and both got a ready builder
        List<EnsureOutcome> outcomes = List.of(a.get(15, TimeUnit.SECONDS).outcome(), b.get(15, TimeUnit.SECONDS).outcome());
        assertThat(outcomes).containsExactlyInAnyOrder(EnsureOutcome.CREATED, EnsureOutcome.REUSED);
        assertThat(client.apps().deployments().inNamespace("team").list().getItems())
                .extracting(d -> d.getMetadata().getName()).containsExactly(DEPLOYMENT);
    }

    @Test
    void neverRecreatesUnderABuildThisWorkerIsRunning() throws Exception {
        // Given a build running on the builder
        existingReadyBuilder(config("moby/buildkit:v0.12.0", false, false));
        InClusterConfig oldConfig = config("moby/buildkit:v0.12.0", false, false);
        EnsuredBuilder running = ensure(worker, plan(oldConfig), oldConfig);
        String oldUid = deployment().getMetadata().getUid();
        startController();

        // When another build wants other options
        InClusterConfig newConfig = config("moby/buildkit:v0.23.2", false, false);
        CompletableFuture<EnsuredBuilder> waiting = CompletableFuture.supplyAsync(() -> ensure(worker, plan(newConfig), newConfig));

        // Then the builder stays until the running build is done, and only then is recreated
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> oldUid.equals(deployment().getMetadata().getUid()));
        assertThat(worker.buildsOn("team", "devspace-team")).isEqualTo(1);
        running.close();
        assertThat(waiting.get(10, TimeUnit.SECONDS).outcome()).isEqualTo(EnsureOutcome.RECREATED);
        assertThat(deployment().getMetadata().getUid()).isNotEqualTo(oldUid);
    }

    @Test
    void takesOverTheLeaseOfAWorkerThatDied() {
        // Given a lease left behind by a worker that crashed while creating the builder
        ZonedDateTime now = ZonedDateTime.now();
        client.leases().inNamespace("team").resource(new LeaseBuilder()
                .withMetadata(new ObjectMetaBuilder().withName("buildline-builder-devspace-team").build())
                .withNewSpec().withHolderIdentity("worker-crashed").withLeaseDurationSeconds(1)
                .withAcquireTime(now).withRenewTime(now).endSpec().build()).create();
        InClusterConfig config = config(null, false, false);
        startController();

        // When / Then
        assertThat(ensure(worker, plan(config), config).outcome()).isEqualTo(EnsureOutcome.CREATED);
    }

    /** The mock server counts a request a moment after answering it; wait until the test controller's last one shows. */
    private int settledRequestCount() {
        int[] last = {-1};
        await().pollInterval(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5)).until(() -> {
            int now = server.getRequestCount();
            boolean settled = now == last[0];
            last[0] = now;
            return settled;
        });
        return last[0];
    }

    private EnsuredBuilder awaitThenEnsure(CountDownLatch start, InClusterBuilder builder, InClusterConfig config) {
        try {
            start.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return ensure(builder, plan(config), config);
    }

    private EnsuredBuilder ensure(InClusterBuilder builder, BuildPlan plan, InClusterConfig config) {
        EnsuredBuilder ensured = builder.ensure(plan, config, TIMEOUT);
        closeAfter.add(ensured);
        return ensured;
    }

    private Deployment existingReadyBuilder(InClusterConfig config) {
        Deployment created = client.apps().deployments().inNamespace("team").resource(BuildkitDeployment.desired(spec(config))).create();
        FakeDeploymentController.markReady(client, created);
        return deployment();
    }

    private Deployment deployment() {
        return client.apps().deployments().inNamespace("team").withName(DEPLOYMENT).get();
    }

    private BuildPlan plan(InClusterConfig config) {
        try {
            return InClusterPlans.plan(config, List.of(InClusterPlans.standInDocker(bin).toString(), "buildx"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static BuilderSpec spec(InClusterConfig config) {
        return BuilderSpec.of("backend", "devspace-team", "team", config);
    }

    private InClusterBuilder builder(String workerId, KubernetesClient kubernetes) {
        InClusterBuilder builder = new InClusterBuilder(kubernetes, workerId, Duration.ofSeconds(15));
        closeAfter.add(builder);
        return builder;
    }

    private void startController() {
        closeAfter.add(new FakeDeploymentController(server.createClient()));
    }
}
