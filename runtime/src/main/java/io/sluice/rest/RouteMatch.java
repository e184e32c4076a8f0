package io.sluice.rest;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;

/** What {@link Router#route} found for a request. */
public sealed interface RouteMatch {

    /** A handler is registered for this method and path. */
    record Found(RestHandler handler, String pattern, Map<String, String> pathParameters)
            implements RouteMatch {
        public Found {
            pathParameters = Map.copyOf(pathParameters);
        }
    }

    /** No pattern matches the path: 404. */
    record NotFound() implements RouteMatch {}

    /** The path is known, but not for this method: 405 with an {@code Allow} header. */
    record MethodNotAllowed(Set<HttpMethod> allowed) implements RouteMatch {
        public MethodNotAllowed {
            allowed = Set.copyOf(allowed);
        }
    }
}
