package org.peervault.repository.flow;

import java.nio.file.Path;
import java.util.List;
import org.peervault.agent.backup.Backup;
import org.peervault.agent.backup.BackupReport;
import org.peervault.agent.backup.BackupSettings;
import org.peervault.agent.chunk.ChunkerParams;
import org.peervault.agent.config.IdentityFiles;
import org.peervault.agent.transfer.DeviceIdentity;
import org.peervault.agent.transfer.PeerChannels;
import org.peervault.agent.transfer.RepositoryClient;

/**
 * An agent backing up in a JVM of its own, so a test can kill it with SIGKILL midway.
 * Arguments: repository host:port, identity directory (as IdentityFiles writes it), device id,
 * organization id, directory, upload limit in bytes per second.
 */
public final class BackupMain {
  private BackupMain() {}

  public static void main(String[] args) throws Exception {
    IdentityFiles.Stored stored = IdentityFiles.load(Path.of(args[1]));
    DeviceIdentity identity = new DeviceIdentity(Long.parseLong(args[2]), Long.parseLong(args[3]), stored.key(),
        stored.certificate(), stored.caCertificate());
    try (RepositoryClient repository = RepositoryClient.connect(args[0], identity);
        PeerChannels peers = new PeerChannels(identity)) {
      // Small batches, one in flight: chunks are confirmed every few MiB, so a kill lands after some.
      BackupSettings settings = new BackupSettings("laptop", ChunkerParams.defaults(), 2 << 20, 1, 2,
          Long.parseLong(args[5]), false);
      BackupReport report = new Backup(repository, peers, settings).run(List.of(Path.of(args[4])));
      System.out.println("committed snapshot " + report.snapshotId());
    }
  }
}
