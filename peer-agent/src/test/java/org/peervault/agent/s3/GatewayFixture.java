package org.peervault.agent.s3;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import org.apache.hc.client5.http.DnsResolver;
import org.peervault.agent.objects.MemObjectStore;
import org.peervault.agent.objects.ObjectStore.Principal;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A gateway over a {@link MemObjectStore} on a real socket, with AWS SDK clients signed by a known
 * access key: path-style on 127.0.0.1, and virtual-host-style on {@code bucket.localhost} (the
 * client resolves every *.localhost to 127.0.0.1).
 */
public final class GatewayFixture implements AutoCloseable {
  public static final String ACCESS_KEY = "PVTESTACCESSKEY00001";
  public static final String SECRET = "test-secret/with+chars=0123456789abcdefghij";
  public static final String OTHER_ACCESS_KEY = "PVTESTACCESSKEY00002";
  public static final String OTHER_SECRET = "another-secret-of-another-organization";
  public static final Principal PRINCIPAL = new Principal(1, 11, ACCESS_KEY);

  public final TestClock clock = new TestClock();
  public final MemObjectStore store = new MemObjectStore(clock);
  public final TestSigningKeys keys = new TestSigningKeys()
      .add(ACCESS_KEY, SECRET, PRINCIPAL)
      .add(OTHER_ACCESS_KEY, OTHER_SECRET, new Principal(2, 22, OTHER_ACCESS_KEY));
  public final S3Gateway gateway;

  public GatewayFixture() {
    gateway = new S3Gateway(store, keys, clock, new S3GatewayConfig("127.0.0.1", 0,
        "us-east-1", List.of("localhost"), 16));
    gateway.start();
  }

  public int port() {
    return gateway.port();
  }

  /** http://127.0.0.1:port */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  /** A path-style client of the test's access key. */
  public S3Client pathClient() {
    return client(ACCESS_KEY, SECRET, true);
  }

  /** A virtual-host-style client (bucket.localhost:port) of the test's access key. */
  public S3Client virtualHostClient() {
    return client(ACCESS_KEY, SECRET, false);
  }

  public S3Client client(String accessKey, String secret, boolean pathStyle) {
    return S3Client.builder()
        .endpointOverride(pathStyle ? endpoint() : URI.create("http://localhost:" + port()))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(accessKey, secret)))
        .forcePathStyle(pathStyle)
        .httpClient(Apache5HttpClient.builder().dnsResolver(new LocalhostResolver()).build())
        .build();
  }

  /** A path-style presigner of the test's access key. */
  public S3Presigner presigner() {
    return S3Presigner.builder()
        .endpointOverride(endpoint())
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ACCESS_KEY, SECRET)))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .build();
  }

  @Override
  public void close() {
    gateway.stop();
  }

  /** Resolves localhost and every name under it to 127.0.0.1. */
  private static final class LocalhostResolver implements DnsResolver {
    @Override
    public InetAddress[] resolve(String host) throws UnknownHostException {
      if (host.equals("localhost") || host.endsWith(".localhost")) {
        return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
      }
      return InetAddress.getAllByName(host);
    }

    @Override
    public String resolveCanonicalHostname(String host) {
      return host;
    }
  }
}
