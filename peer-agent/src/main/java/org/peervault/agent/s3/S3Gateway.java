package org.peervault.agent.s3;

import java.time.Clock;
import java.util.logging.Logger;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.peervault.agent.objects.ObjectStore;

/**
 * The S3 REST endpoint: a Jetty HTTP/1.1 server whose one handler speaks S3 over an
 * {@link ObjectStore}, checking SigV4 with keys from {@link SigningKeys}. Request and response
 * bodies stream; Jetty answers "Expect: 100-continue" when the body is first read, so a request
 * refused before (bad signature, missing bucket) never sends its body.
 *
 * <p>Keys are taken as sent: the URI compliance is relaxed so that keys with "//", "..", or
 * encoded slashes reach the gateway unchanged.
 */
public final class S3Gateway implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(S3Gateway.class.getName());
  private static final int MAX_HEADER_BYTES = 16 * 1024;
  private static final long IDLE_TIMEOUT_MILLIS = 120_000;

  private final S3GatewayConfig config;
  private final Server server;
  private final ServerConnector connector;

  public S3Gateway(ObjectStore store, SigningKeys keys, Clock clock, S3GatewayConfig config) {
    this.config = config;
    QueuedThreadPool threads = new QueuedThreadPool(config.maxThreads(), 4);
    threads.setName("s3-gateway");
    threads.setDaemon(true);
    server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    http.setSendServerVersion(false);
    http.setSendDateHeader(true);
    http.setRequestHeaderSize(MAX_HEADER_BYTES);
    http.setUriCompliance(UriCompliance.UNSAFE);
    // Signatures cover header values byte for byte: Jetty's header cache would otherwise hand
    // back a cached spelling ("charset=utf-8" for "charset=UTF-8").
    http.setHeaderCacheSize(0);
    http.setHeaderCacheCaseSensitive(true);
    connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(config.host());
    connector.setPort(config.port());
    connector.setIdleTimeout(IDLE_TIMEOUT_MILLIS);
    server.addConnector(connector);
    server.setHandler(new S3Handler(store, keys, clock, config));
    server.setStopTimeout(5_000);
  }

  /** Starts listening. */
  public void start() {
    try {
      server.start();
    } catch (Exception e) {
      throw new IllegalStateException("s3 gateway: cannot listen on " + config.host() + ":"
          + config.port() + ": " + e.getMessage() + " (is the port in use?)", e);
    }
    LOG.info(() -> "s3 gateway listening host=" + config.host() + " port=" + port()
        + " region=" + config.region() + " virtual-host-domains=" + config.baseDomains()
        + " max-threads=" + config.maxThreads());
  }

  /** The port listened on (the chosen one when the config said 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** Stops listening and waits up to 5 s for requests in progress. */
  public void stop() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("s3 gateway: stopping failed: " + e.getMessage(), e);
    }
    LOG.info("s3 gateway stopped");
  }

  /** Blocks until the server stops. */
  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() {
    stop();
  }
}
