package dev.buildline.worker.incluster;

import dev.buildline.worker.incluster.model.BuilderKey;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.HttpURLConnection;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Every fabric8 call the in-cluster builder makes, and nothing else. Reads of a builder's Deployment come from one
 * informer per builder (a list, then a watch), so a builder already known to be ready costs no API round trip.
 */
final class KubernetesBuilderApi implements AutoCloseable {

    /** A Lease as far as the lock cares: who holds it, for how long, and the version to update or delete it by. */
    record LeaseRecord(String holder, int durationSeconds, String resourceVersion) {
    }

    private final KubernetesClient client;
    private final Map<BuilderKey, SharedIndexInformer<Deployment>> informers = new HashMap<>();
    private final Object changes = new Object();
    private long changeCount;

    KubernetesBuilderApi(KubernetesClient client) {
        this.client = client;
    }

    /** The informer's view of the builder's Deployment, or null; the first call per builder lists and starts a watch. */
    Deployment cached(BuilderKey key) {
        return informer(key).getStore().getByKey(key.namespace() + "/" + key.deploymentName());
    }

    /** Bumped on every informer event; pass what you saw to {@link #awaitChange} to sleep until something happens. */
    long changeCount() {
        synchronized (changes) {
            return changeCount;
        }
    }

    void awaitChange(long seen, long deadlineNanos) throws InterruptedException {
        synchronized (changes) {
            long remaining;
            while (changeCount == seen && (remaining = deadlineNanos - System.nanoTime()) > 0) {
                TimeUnit.NANOSECONDS.timedWait(changes, remaining);
            }
        }
    }

    Deployment read(BuilderKey key) {
        return call(key, "reading Deployment " + key.deploymentName(),
                () -> client.apps().deployments().inNamespace(key.namespace()).withName(key.deploymentName()).get());
    }

    /** The created Deployment, or null when another worker created it first (409). */
    Deployment create(BuilderKey key, Deployment desired) {
        return call(key, "creating Deployment " + key.deploymentName(), () -> {
            try {
                return client.apps().deployments().inNamespace(key.namespace()).resource(desired).create();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return null;
                }
                throw e;
            }
        });
    }

    /**
     * Deletes exactly the version we decided on, so that a newer Deployment (someone else's) is left alone. False when
     * it changed since it was read (a status update is enough): read it again and decide again.
     */
    boolean delete(BuilderKey key, Deployment current) {
        return call(key, "deleting Deployment " + key.deploymentName(), () -> {
            try {
                client.apps().deployments().inNamespace(key.namespace()).withName(key.deploymentName())
                        .lockResourceVersion(current.getMetadata().getResourceVersion()).delete();
                return true;
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return true;
                }
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return false;
                }
                throw e;
            }
        });
    }

    /** The new Lease's record, or null when it exists already. */
    LeaseRecord createLease(BuilderKey key, String holder, int durationSeconds) {
        Lease lease = lease(key, holder, durationSeconds, null);
        return call(key, "creating Lease " + key.leaseName(), () -> {
            try {
                return toRecord(client.leases().inNamespace(key.namespace()).resource(lease).create());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return null;
                }
                throw e;
            }
        });
    }

    LeaseRecord readLease(BuilderKey key) {
        return call(key, "reading Lease " + key.leaseName(),
                () -> toRecord(client.leases().inNamespace(key.namespace()).withName(key.leaseName()).get()));
    }

    /** Takes over a Lease whose holder stopped renewing; null when it changed meanwhile (someone else won). */
    LeaseRecord takeOverLease(BuilderKey key, String holder, int durationSeconds, String resourceVersion) {
        Lease lease = lease(key, holder, durationSeconds, resourceVersion);
        return call(key, "taking over Lease " + key.leaseName(), () -> {
            try {
                return toRecord(client.leases().inNamespace(key.namespace()).resource(lease).update());
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_CONFLICT || e.getCode() == HttpURLConnection.HTTP_NOT_FOUND) {
                    return null;
                }
                throw e;
            }
        });
    }

    void deleteLease(BuilderKey key, String resourceVersion) {
        call(key, "releasing Lease " + key.leaseName(), () -> {
            try {
                return client.leases().inNamespace(key.namespace()).withName(key.leaseName())
                        .lockResourceVersion(resourceVersion).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() == HttpURLConnection.HTTP_NOT_FOUND || e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                    return List.of();
                }
                throw e;
            }
        });
    }

    @Override
    public void close() {
        synchronized (informers) {
            informers.values().forEach(SharedIndexInformer::stop);
            informers.clear();
        }
    }

    private SharedIndexInformer<Deployment> informer(BuilderKey key) {
        synchronized (informers) {
            SharedIndexInformer<Deployment> informer = informers.get(key);
            if (informer != null && !informer.isRunning()) {
                // fabric8 re-lists after a broken watch by itself; an informer that stopped for good is replaced.
                informer.stop();
                informer = null;
            }
            if (informer == null) {
                informer = call(key, "watching Deployment " + key.deploymentName(), () -> client.apps().deployments()
                        .inNamespace(key.namespace()).withName(key.deploymentName()).inform(new ChangeSignal()));
                informers.put(key, informer);
            }
            return informer;
        }
    }

    private static Lease lease(BuilderKey key, String holder, int durationSeconds, String resourceVersion) {
        ZonedDateTime now = ZonedDateTime.now();
        return new LeaseBuilder()
                .withNewMetadata().withName(key.leaseName()).withNamespace(key.namespace())
                    .withResourceVersion(resourceVersion).endMetadata()
                .withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(durationSeconds)
                    .withAcquireTime(now).withRenewTime(now).endSpec()
                .build();
    }

    private static LeaseRecord toRecord(Lease lease) {
        if (lease == null) {
            return null;
        }
        Integer duration = lease.getSpec() == null ? null : lease.getSpec().getLeaseDurationSeconds();
        return new LeaseRecord(lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity(),
                duration == null ? 0 : duration, lease.getMetadata().getResourceVersion());
    }

    private static <T> T call(BuilderKey key, String action, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            if (namespaceMissing(key, e)) {
                throw new BuilderNamespaceMissingException(key, e);
            }
            throw new BuilderApiException(key, action, e);
        }
    }

    /** The API server's answer to a write into a namespace that does not exist: 404, details naming the namespace. */
    private static boolean namespaceMissing(BuilderKey key, KubernetesClientException e) {
        return e.getCode() == HttpURLConnection.HTTP_NOT_FOUND && e.getStatus() != null
                && e.getStatus().getDetails() != null && "namespaces".equals(e.getStatus().getDetails().getKind())
                && key.namespace().equals(e.getStatus().getDetails().getName());
    }

    private final class ChangeSignal implements ResourceEventHandler<Deployment> {

        @Override
        public void onAdd(Deployment deployment) {
            signal();
        }

        @Override
        public void onUpdate(Deployment before, Deployment after) {
            signal();
        }

        @Override
        public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            signal();
        }

        private void signal() {
            synchronized (changes) {
                changeCount++;
                changes.notifyAll();
            }
        }
    }
}
