package io.sluice.rest;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Maps method and path to a {@link RestHandler}.
 *
 * <p>Patterns are split at '/'; a segment {@code :name} matches any one segment and binds it as
 * a path parameter, any other segment must match exactly. Trailing slashes, empty segments and
 * the query string are ignored. When several patterns match, the one with a literal segment
 * where the other has a parameter (looking left to right) wins, so {@code /jobs/overview} is
 * preferred over {@code /jobs/:jobid}.
 */
public final class Router {

    private final List<Route> routes = new CopyOnWriteArrayList<>();

    /** Registers a handler; a second handler for the same method and pattern shape is refused. */
    public Router add(HttpMethod method, String pattern, RestHandler handler) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(handler, "handler");
        Route route = Route.parse(method, pattern, handler);
        for (Route existing : routes) {
            if (existing.method.equals(method) && existing.shape().equals(route.shape())) {
                throw new IllegalArgumentException("a handler for " + method + " " + pattern
                        + " is already registered (as " + existing.pattern + ")");
            }
        }
        routes.add(route);
        return this;
    }

    /**
     * Finds the handler for a request URI (path plus optional query string).
     *
     * @throws IllegalArgumentException if the path contains malformed percent-escapes
     */
    public RouteMatch route(HttpMethod method, String uri) {
        List<String> segments = splitPath(new QueryStringDecoder(uri).rawPath(), true);
        Route best = null;
        Set<HttpMethod> allowed = new LinkedHashSet<>();
        for (Route route : routes) {
            if (!route.matches(segments)) {
                continue;
            }
            allowed.add(route.method);
            if (route.method.equals(method) && (best == null || route.moreSpecificThan(best))) {
                best = route;
            }
        }
        if (best != null) {
            return new RouteMatch.Found(best.handler, best.pattern, best.bind(segments));
        }
        return allowed.isEmpty() ? new RouteMatch.NotFound() : new RouteMatch.MethodNotAllowed(allowed);
    }

    private static List<String> splitPath(String path, boolean decode) {
        List<String> segments = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (!segment.isEmpty()) {
                // '+' is a literal plus in a path (unlike in a query string), so protect it
                segments.add(decode ? URLDecoder.decode(segment.replace("+", "%2B"), UTF_8) : segment);
            }
        }
        return segments;
    }

    private record Route(HttpMethod method, String pattern, List<String> segments, RestHandler handler) {

        static Route parse(HttpMethod method, String pattern, RestHandler handler) {
            if (pattern == null || !pattern.startsWith("/")) {
                throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
            }
            List<String> segments = splitPath(pattern, false);
            Set<String> names = new HashSet<>();
            for (String segment : segments) {
                if (isParameter(segment) && (segment.length() == 1 || !names.add(segment.substring(1)))) {
                    throw new IllegalArgumentException("route pattern " + pattern
                            + " has an empty or repeated path parameter name: " + segment);
                }
            }
            return new Route(method, pattern, List.copyOf(segments), handler);
        }

        static boolean isParameter(String segment) {
            return segment.startsWith(":");
        }

        /** The pattern with parameter names erased: /jobs/:a and /jobs/:b are the same route. */
        String shape() {
            StringBuilder shape = new StringBuilder();
            for (String segment : segments) {
                shape.append('/').append(isParameter(segment) ? ":" : segment);
            }
            return shape.toString();
        }

        boolean matches(List<String> path) {
            if (path.size() != segments.size()) {
                return false;
            }
            for (int i = 0; i < segments.size(); i++) {
                String segment = segments.get(i);
                if (!isParameter(segment) && !segment.equals(path.get(i))) {
                    return false;
                }
            }
            return true;
        }

        /** Both routes match the same path, so they have equally many segments. */
        boolean moreSpecificThan(Route other) {
            for (int i = 0; i < segments.size(); i++) {
                boolean mine = isParameter(segments.get(i));
                boolean theirs = isParameter(other.segments.get(i));
                if (mine != theirs) {
                    return !mine;
                }
            }
            return false;
        }

        Map<String, String> bind(List<String> path) {
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < segments.size(); i++) {
                if (isParameter(segments.get(i))) {
                    parameters.put(segments.get(i).substring(1), path.get(i));
                }
            }
            return parameters;
        }
    }
}
