package dev.buildline.coordinator.kafka;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Kafka consumer polled on its own daemon thread until closed, the shape every coordinator consumer shares: the
 * loop runs while {@link #running()}, {@link #close()} wakes the consumer and waits for the thread, and the consumer
 * is closed on the thread that used it. A loop that stops on its own is logged with the reason.
 */
public final class ConsumerThread implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(ConsumerThread.class);
    private static final long JOIN_MILLIS = 5000;

    /** The poll loop; it returns or throws when {@link #running()} turns false. */
    @FunctionalInterface
    public interface Loop {
        void run() throws InterruptedException;
    }

    private final KafkaConsumer<?, ?> consumer;
    private final Thread thread;
    private volatile boolean running = true;

    public ConsumerThread(String name, KafkaConsumer<?, ?> consumer, Loop loop) {
        this.consumer = consumer;
        this.thread = new Thread(() -> run(name, loop), name);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean running() {
        return running;
    }

    private void run(String name, Loop loop) {
        try {
            loop.run();
        } catch (WakeupException | InterruptedException e) {
            if (running) {
                LOGGER.error("{} stopped unexpectedly", name, e);
            }
        } catch (RuntimeException e) {
            LOGGER.error("{} stopped: {}", name, e.getMessage(), e);
        } finally {
            consumer.close();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(JOIN_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
