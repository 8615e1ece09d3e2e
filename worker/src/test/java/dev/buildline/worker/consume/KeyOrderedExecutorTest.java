package dev.buildline.worker.consume;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KeyOrderedExecutorTest {

    private final ExecutorService pool = Executors.newFixedThreadPool(4);
    private final KeyOrderedExecutor executor = new KeyOrderedExecutor(pool);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    @Test
    void runsEachKeyInSubmissionOrderAndKeysInParallel() throws InterruptedException {
        Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(40);
        for (int i = 0; i < 40; i++) {
            String key = "key-" + (i % 4);
            int index = i;
            executor.submit(key, () -> {
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                sleep(5);
                seen.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(index);
                running.decrementAndGet();
                done.countDown();
            });
        }

        assertThat(done.await(10, TimeUnit.SECONDS)).isTrue();
        for (int k = 0; k < 4; k++) {
            int first = k;
            assertThat(seen.get("key-" + k)).containsExactly(
                    java.util.stream.IntStream.range(0, 10).map(n -> first + 4 * n).boxed().toArray(Integer[]::new));
        }
        assertThat(maxRunning.get()).isGreaterThan(1);
    }

    @Test
    void aFailingTaskDoesNotStopTheKeysQueue() throws InterruptedException {
        CountDownLatch second = new CountDownLatch(1);
        executor.submit("k", () -> {
            throw new IllegalStateException("boom");
        });
        executor.submit("k", second::countDown);

        assertThat(second.await(5, TimeUnit.SECONDS)).isTrue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
