package org.peervault.agent.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.peervault.agent.account.AgentTasksClient;
import org.peervault.agent.account.LoginException;
import org.peervault.agent.account.OidcClient;
import org.peervault.agent.account.UserTokens;
import org.peervault.agent.config.AgentState;
import org.peervault.proto.v1.ClaimDeviceResponse;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code login --issuer URL}: signs the user in by the OAuth 2.0 device authorization grant and
 * keeps the tokens in the state directory (mode 0600); then claims this device for the user.
 */
@Command(name = "login", description = {"Sign in as a user (OIDC device authorization grant):"
    + " open the link shown, enter the code, sign in.",
    "Afterwards `restore --device ID` can restore the files of any device you own, and this"
    + " device becomes yours."})
final class LoginCommand implements Callable<Integer> {
  @Mixin StateOptions state;

  @Option(names = "--issuer", paramLabel = "URL", required = true,
      description = "The identity provider's realm URL, e.g. https://sso.example.com/realms/peervault.")
  String issuer;

  @Option(names = "--client-id", paramLabel = "ID", defaultValue = "peervault-cli",
      description = "The public OIDC client of the agent (default: ${DEFAULT-VALUE}).")
  String clientId;

  @Option(names = "--no-claim", description = "Do not make the signed-in user this device's owner.")
  boolean noClaim;

  @Option(names = "--logout", description = "Forget the signed-in user instead.")
  boolean logout;

  @Override
  public Integer call() throws Exception {
    Path dir = state.dir();
    if (logout) {
      System.out.println(UserTokens.delete(dir) ? "signed out" : "nobody was signed in");
      return ExitCode.OK;
    }
    UserTokens tokens;
    try {
      OidcClient oidc = OidcClient.discover(issuer, clientId);
      OidcClient.DeviceCode code = oidc.start();
      System.out.println("To sign in, open " + code.verificationUri() + " and enter the code "
          + code.userCode());
      if (code.verificationUriComplete() != null) {
        System.out.println("(or open " + code.verificationUriComplete() + ")");
      }
      System.out.println("Waiting for the sign-in ...");
      tokens = oidc.await(code);
      tokens.save(dir);
    } catch (LoginException e) {
      System.err.println("peer-agent login: " + e.getMessage());
      return ExitCode.AUTHENTICATION;
    }
    System.out.println("signed in as " + tokens.username() + " (tokens kept in "
        + dir.resolve(UserTokens.FILE) + ", mode 0600)");
    if (noClaim || !Files.exists(dir.resolve("agent.properties"))) {
      return ExitCode.OK;
    }
    try (AgentSession session = AgentSession.open(AgentState.load(dir))) {
      ClaimDeviceResponse claimed = new AgentTasksClient(session.repository()).claimDevice();
      System.out.println("device " + claimed.getDeviceId() + " now belongs to "
          + claimed.getOwnerUsername());
    }
    return ExitCode.OK;
  }
}
