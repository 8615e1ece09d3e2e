package dev.buildline.coordinator;

import dev.buildline.coordinator.http.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** Serves the coordinator's HTTP API on the configured port. */
public final class CoordinatorVerticle extends VerticleBase {

    private final HttpApi api;
    private final int port;
    private HttpServer server;

    public CoordinatorVerticle(HttpApi api, int port) {
        this.api = api;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost("0.0.0.0").setPort(port))
                .requestHandler(api.router(vertx))
                .listen()
                .onSuccess(listening -> server = listening);
    }

    /** The port actually bound (differs from the setting when that is 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
