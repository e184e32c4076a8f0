package io.sluice.sandbox;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.client.api.AMRMClient;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * An ApplicationMaster that runs in a YARN container (shipped by {@link EmbeddedHadoopClusterTest}
 * as a jar): registers a web endpoint as its tracking URL, answers through the RM proxy, and
 * unregisters with SUCCEEDED when {@code /stop} is called. Hadoop comes from the container's
 * classpath (yarn.application.classpath), nothing else.
 */
public final class TestApplicationMaster {

    public static void main(String[] args) throws Exception {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set(YarnConfiguration.RM_SCHEDULER_ADDRESS, args[0]);
        String host = System.getenv("NM_HOST");
        CountDownLatch stop = new CountDownLatch(1);
        HttpServer http = HttpServer.create(new InetSocketAddress(host, 0), 0);
        http.createContext("/", exchange -> {
            String path = exchange.getRequestURI().toString();
            byte[] body = ("managed am " + path).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
            if (path.endsWith("/stop")) {
                stop.countDown();
            }
        });
        http.start();
        String trackingUrl = "http://" + host + ":" + http.getAddress().getPort() + "/";
        System.out.println("tracking URL " + trackingUrl);
        try (AMRMClient<AMRMClient.ContainerRequest> amrm = AMRMClient.createAMRMClient()) {
            amrm.init(conf);
            amrm.start();
            amrm.registerApplicationMaster(host, 0, trackingUrl);
            while (!stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                amrm.allocate(0f); // the AM heartbeat
            }
            amrm.unregisterApplicationMaster(FinalApplicationStatus.SUCCEEDED, "stopped through /stop", null);
        } finally {
            http.stop(0);
        }
        System.out.println("unregistered");
    }
}
