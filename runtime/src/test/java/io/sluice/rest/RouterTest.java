package io.sluice.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.http.HttpMethod;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RouterTest {

    private final RestHandler jobDetails = r -> CompletableFuture.completedFuture(RestResponse.ok("details"));
    private final RestHandler jobPatch = r -> CompletableFuture.completedFuture(RestResponse.ok("patch"));
    private final RestHandler overview = r -> CompletableFuture.completedFuture(RestResponse.ok("overview"));
    private final RestHandler cancel = r -> CompletableFuture.completedFuture(RestResponse.ok("cancel"));

    private final Router router = new Router()
            .add(HttpMethod.GET, "/jobs/:jobid", jobDetails)
            .add(HttpMethod.PATCH, "/jobs/:jobid", jobPatch)
            .add(HttpMethod.GET, "/jobs/overview", overview)
            .add(HttpMethod.POST, "/jobs/:jobid/vertices/:vertexid/cancel", cancel);

    @Test
    void bindsPathParameters() {
        RouteMatch.Found found = found(HttpMethod.POST, "/jobs/j1/vertices/v7/cancel");
        assertSame(cancel, found.handler());
        assertEquals(Map.of("jobid", "j1", "vertexid", "v7"), found.pathParameters());
        assertEquals("/jobs/:jobid/vertices/:vertexid/cancel", found.pattern());
    }

    @Test
    void ignoresTrailingSlashAndQueryString() {
        assertEquals(Map.of("jobid", "j1"), found(HttpMethod.GET, "/jobs/j1/").pathParameters());
        assertEquals(Map.of("jobid", "j1"), found(HttpMethod.GET, "/jobs/j1?mode=cancel&x=1").pathParameters());
        assertEquals(Map.of("jobid", "j1"), found(HttpMethod.GET, "/jobs/j1/?mode=cancel").pathParameters());
    }

    @Test
    void literalSegmentWinsOverParameter() {
        assertSame(overview, found(HttpMethod.GET, "/jobs/overview").handler());
        assertSame(jobDetails, found(HttpMethod.GET, "/jobs/overviews").handler());
        // no PATCH for the literal route, so the parameter route takes it
        assertSame(jobPatch, found(HttpMethod.PATCH, "/jobs/overview").handler());
    }

    @Test
    void decodesParametersButKeepsPlusSigns() {
        assertEquals("a b+c", found(HttpMethod.GET, "/jobs/a%20b+c").pathParameters().get("jobid"));
        // an encoded slash stays inside its segment
        assertEquals("a/b", found(HttpMethod.GET, "/jobs/a%2Fb").pathParameters().get("jobid"));
    }

    @Test
    void unknownPathIsNotFound() {
        assertInstanceOf(RouteMatch.NotFound.class, router.route(HttpMethod.GET, "/jars"));
        assertInstanceOf(RouteMatch.NotFound.class, router.route(HttpMethod.GET, "/jobs/j1/extra"));
        assertInstanceOf(RouteMatch.NotFound.class, router.route(HttpMethod.GET, "/"));
    }

    @Test
    void knownPathWithOtherMethodIsNotAllowed() {
        RouteMatch match = router.route(HttpMethod.DELETE, "/jobs/j1");
        RouteMatch.MethodNotAllowed notAllowed = assertInstanceOf(RouteMatch.MethodNotAllowed.class, match);
        assertEquals(Set.of(HttpMethod.GET, HttpMethod.PATCH), notAllowed.allowed());
    }

    @Test
    void malformedEscapeIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> router.route(HttpMethod.GET, "/jobs/%zz"));
    }

    @Test
    void refusesAmbiguousOrBrokenPatterns() {
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "/jobs/:other", jobDetails));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "jobs", jobDetails));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "/a/:x/:x", jobDetails));
        assertThrows(IllegalArgumentException.class, () -> router.add(HttpMethod.GET, "/a/:", jobDetails));
    }

    private RouteMatch.Found found(HttpMethod method, String uri) {
        return assertInstanceOf(RouteMatch.Found.class, router.route(method, uri));
    }
}
