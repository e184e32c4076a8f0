package io.sluice.webui;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.sluice.rest.RestException;
import io.sluice.rest.RestResponse;
import io.sluice.rest.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The web UI: a static page that reads the REST API with GETs and relative URLs only, so it works
 * unchanged behind YARN's ResourceManager proxy ({@code /proxy/<appId>/}), which rewrites paths
 * and refuses some non-GET requests. Changing things (cancel, submit) is left to the CLI and REST.
 */
public final class WebUi {

    /** The only files served; the request names one of them, never a path. */
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "style.css", "text/css; charset=utf-8");

    private WebUi() {}

    /** Adds {@code GET /} (the page) and {@code GET /web/<asset>} to the router. */
    public static Router register(Router router) {
        byte[] index = load("index.html");
        return router
                .add(HttpMethod.GET, "/", r -> CompletableFuture.completedFuture(
                        RestResponse.bytes(HttpResponseStatus.OK, ASSETS.get("index.html"), index)))
                .add(HttpMethod.GET, "/web/:asset", r -> {
                    String name = r.pathParameter("asset");
                    String type = ASSETS.get(name);
                    if (type == null) {
                        throw new RestException(HttpResponseStatus.NOT_FOUND, "no web UI file named '" + name + "'");
                    }
                    return CompletableFuture.completedFuture(RestResponse.bytes(HttpResponseStatus.OK, type, load(name)));
                });
    }

    private static byte[] load(String name) {
        try (InputStream in = WebUi.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("web UI file " + name + " is missing from the runtime jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
