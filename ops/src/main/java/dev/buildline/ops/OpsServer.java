package dev.buildline.ops;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.BindException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP server that serves only {@link OpsRoutes}: a worker's {@code /metrics} and {@code /health/*} (the coordinator
 * mounts the same routes on its API server).
 */
public final class OpsServer implements AutoCloseable {

    private static final Logger LOGGER = LoggerFactory.getLogger(OpsServer.class);

    private final HttpServer server;

    private OpsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * @param portSetting      the setting that chose {@code port}, named when it cannot be served
     * @param anyPortWhenTaken when {@code port} is in use, serve on a free port (said in the log) instead of failing
     */
    public static OpsServer start(Vertx vertx, OpsRoutes routes, int port, boolean anyPortWhenTaken,
                                  String portSetting) {
        Router router = Router.router(vertx);
        routes.mount(router);
        try {
            return new OpsServer(vertx.createHttpServer().requestHandler(router).listen(port, "0.0.0.0").await());
        } catch (Exception e) { // await() rethrows the bind failure itself, a checked exception
            if (!anyPortWhenTaken || port == 0 || !portTaken(e)) {
                throw new IllegalStateException("cannot serve /health and /metrics on port " + port + " ("
                        + portSetting + "): " + e.getMessage(), e);
            }
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "0.0.0.0").await();
            LOGGER.warn("port {} is in use (another worker on this host?); /health and /metrics are on port {}; set {}"
                    + " to choose one", port, server.actualPort(), portSetting);
            return new OpsServer(server);
        }
    }

    private static boolean portTaken(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof BindException || String.valueOf(e.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public void close() {
        server.close().await();
    }
}
