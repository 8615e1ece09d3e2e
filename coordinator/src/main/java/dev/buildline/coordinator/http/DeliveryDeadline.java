package dev.buildline.coordinator.http;

import dev.buildline.coordinator.intake.Retryable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;

/**
 * One deadline for all of a webhook delivery (git, then every Kafka send), under the 10 s a git host waits: when it
 * passes, the answer is a 503 and the host redelivers. What was started goes on; a redelivery that finds its builds
 * published is answered 200 with them.
 */
final class DeliveryDeadline {

    /** GitHub and GitLab give up after 10 s; this leaves room for the network between them and Buildline. */
    static final Duration WEBHOOK = Duration.ofSeconds(8);

    private DeliveryDeadline() {
    }

    static <T> Future<T> within(Vertx vertx, Duration deadline, Future<T> work) {
        Promise<T> answer = Promise.promise();
        long timer = vertx.setTimer(deadline.toMillis(), fired -> answer.tryFail(new Retryable.DeadlineExceededException(
                "the delivery was not handled within " + deadline.toSeconds() + " s (git or Kafka is slow); redeliver it")));
        work.onComplete(done -> {
            vertx.cancelTimer(timer);
            if (done.succeeded()) {
                answer.tryComplete(done.result());
            } else {
                answer.tryFail(done.cause());
            }
        });
        return answer.future();
    }
}
