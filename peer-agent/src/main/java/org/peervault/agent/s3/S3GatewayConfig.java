package org.peervault.agent.s3;

import java.util.List;
import java.util.Locale;

/**
 * How the S3 gateway listens and whom it says it is.
 *
 * @param host the address to listen on, e.g. "127.0.0.1"
 * @param port the TCP port, 0 for any free one
 * @param region the region clients sign for and buckets report (S3's default: us-east-1)
 * @param baseDomains host names under which virtual-host-style requests name their bucket as the
 *     first label ({@code bucket.localhost:9000} with base domain {@code localhost}); a request
 *     to any other host is path-style
 * @param maxThreads the most requests served at once
 */
public record S3GatewayConfig(String host, int port, String region, List<String> baseDomains,
    int maxThreads) {

  /** The region of a gateway whose operator named none. */
  public static final String DEFAULT_REGION = "us-east-1";

  public S3GatewayConfig {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("s3 gateway: port " + port + " is not 0..65535");
    }
    if (region == null || region.isBlank()) {
      throw new IllegalArgumentException("s3 gateway: name a region (e.g. " + DEFAULT_REGION
          + ")");
    }
    if (maxThreads < 4) {
      throw new IllegalArgumentException("s3 gateway: maxThreads " + maxThreads
          + " is below 4");
    }
    baseDomains = baseDomains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
  }

  /** A gateway on {@code host:port} in the default region, virtual hosts under "localhost". */
  public static S3GatewayConfig of(String host, int port) {
    return new S3GatewayConfig(host, port, DEFAULT_REGION, List.of("localhost"), 64);
  }
}
