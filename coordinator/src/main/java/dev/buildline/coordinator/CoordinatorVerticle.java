package dev.buildline.coordinator;

import dev.buildline.coordinator.http.HttpApi;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;

/** Serves the coordinator's HTTP API on the configured address and port. */
public final class CoordinatorVerticle extends VerticleBase {

    private final HttpApi api;
    private final String host;
    private final int port;
    private HttpServer server;

    /** @param host the address to listen on: 127.0.0.1 for this machine alone, 0.0.0.0 for every interface */
    public CoordinatorVerticle(HttpApi api, String host, int port) {
        this.api = api;
        this.host = host;
        this.port = port;
    }

    @Override
    public Future<?> start() {
        return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
                .requestHandler(api.router(vertx))
                .listen()
                .onSuccess(listening -> server = listening);
    }

    /** The port actually bound (differs from the setting when that is 0). */
    public int actualPort() {
        return server.actualPort();
    }
}
