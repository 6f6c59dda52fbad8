package org.peervault.agent.cli;

import com.google.protobuf.ByteString;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceKeys;
import org.peervault.agent.transfer.EnrollmentToken;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.EnrollRequest;
import org.peervault.proto.v1.EnrollResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code enroll}: makes this device's key pair and a certificate request, has the repository CA sign
 * it with a one-time enrollment token, and saves the identity (key owner-only) and the agent state.
 */
@Command(name = "enroll", description = "Enroll this machine with the repository as a device and peer.")
final class EnrollCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--server", required = true, paramLabel = "HOST:PORT",
      description = "The repository service's gRPC address.")
  String server;

  @Option(names = "--token", required = true, paramLabel = "TOKEN",
      description = "One-time enrollment token from the administrator (SECRET.CA-FINGERPRINT).")
  String token;

  @Option(names = "--name", paramLabel = "NAME", description = "This machine's name (default: the host name).")
  String name;

  @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7443",
      description = "Where this agent serves chunks to its peers (default: ${DEFAULT-VALUE}).")
  String listen;

  @Option(names = "--quota", paramLabel = "SIZE", defaultValue = "10GiB",
      description = "Disk lent to peers' backups (default: ${DEFAULT-VALUE}).")
  String quota;

  @Option(names = "--store", paramLabel = "DIR", description = "Where peers' chunks are kept (default: <state dir>/store).")
  Path store;

  @Option(names = "--site", defaultValue = "", description = "Failure-domain label: building or office.")
  String site;

  @Option(names = "--subnet", defaultValue = "", description = "Failure-domain label: network segment.")
  String subnet;

  @Override
  public Integer call() throws Exception {
    EnrollmentToken parsed = EnrollmentToken.parse(token);
    String deviceName = name != null ? name : hostName();
    long quotaBytes = ByteSize.parse(quota);
    KeyPair keys = DeviceKeys.newKeyPair();
    EnrollResponse enrolled = RepositoryClient.enroll(server, parsed.caFingerprint(), EnrollRequest.newBuilder()
        .setEnrollmentToken(parsed.secret())
        .setCsr(ByteString.copyFrom(DeviceKeys.csr(keys, deviceName)))
        .setDeviceName(deviceName)
        .setPeerAddress(listen)
        .setQuotaBytes(quotaBytes)
        .setSite(site)
        .setSubnet(subnet)
        .build());
    X509Certificate certificate = DeviceKeys.certificate(enrolled.getCertificate().toByteArray());
    X509Certificate ca = DeviceKeys.certificate(enrolled.getCaCertificate().toByteArray());
    if (!MessageDigest.isEqual(DeviceKeys.fingerprint(ca), parsed.caFingerprint())) {
      throw new IllegalArgumentException("enroll: the repository returned a CA certificate other than the one"
          + " the token names; ask the administrator for a new token");
    }
    if (!DeviceKeys.matches(certificate, keys)) {
      throw new IllegalArgumentException("enroll: the repository returned a certificate for another key");
    }
    Path dir = state.dir();
    Path storeDir = store != null ? store : dir.resolve("store");
    IdentityFiles.save(dir, new IdentityFiles.Stored(keys.getPrivate(), certificate, ca,
        DeviceKeys.grantKey(enrolled.getGrantPublicKey().toByteArray())));
    new AgentState(dir, server, enrolled.getDeviceId(), enrolled.getOrganizationId(), deviceName,
        enrolled.getDeviceGroup(), listen, quotaBytes, storeDir).save();
    System.out.printf("enrolled %s as device %d of organization %d%s; certificate valid until %s;"
            + " peers reach it at %s; lending %s in %s%n",
        deviceName, enrolled.getDeviceId(), enrolled.getOrganizationId(),
        enrolled.getDeviceGroup().isEmpty() ? "" : " (group " + enrolled.getDeviceGroup() + ")",
        certificate.getNotAfter().toInstant(), listen, ByteSize.format(quotaBytes), storeDir);
    return ExitCode.OK;
  }

  static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
