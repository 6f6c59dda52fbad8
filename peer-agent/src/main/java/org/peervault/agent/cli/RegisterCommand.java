package org.peervault.agent.cli;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peervault.agent.config.AgentState;
import org.peervault.agent.config.ByteSize;
import org.peervault.agent.transfer.RepositoryClient;
import org.peervault.proto.v1.RegisterDeviceRequest;
import org.peervault.proto.v1.RegisterDeviceResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code register}: enrolls this machine as a device and peer, and saves its credential. */
@Command(name = "register", description = "Register this machine with the repository as a device and peer.")
final class RegisterCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--repository", required = true, paramLabel = "HOST:PORT",
      description = "The repository service's gRPC address.")
  String repository;

  @Option(names = "--token", required = true, paramLabel = "TOKEN",
      description = "Enrollment token from the repository administrator.")
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
    String deviceName = name != null ? name : hostName();
    long quotaBytes = ByteSize.parse(quota);
    RegisterDeviceResponse registered = RepositoryClient.register(repository, RegisterDeviceRequest.newBuilder()
        .setEnrollmentToken(token)
        .setDeviceName(deviceName)
        .setPeerAddress(listen)
        .setQuotaBytes(quotaBytes)
        .setSite(site)
        .setSubnet(subnet)
        .build());
    Path dir = state.dir();
    Path storeDir = store != null ? store : dir.resolve("store");
    new AgentState(repository, registered.getDeviceId(), deviceName, registered.getDeviceToken(), listen,
        quotaBytes, storeDir).save(dir);
    System.out.printf("registered %s as device %d; peers reach it at %s; lending %s in %s%n",
        deviceName, registered.getDeviceId(), listen, ByteSize.format(quotaBytes), storeDir);
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
