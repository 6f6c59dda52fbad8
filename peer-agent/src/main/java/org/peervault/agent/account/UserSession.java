package org.peervault.agent.account;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The signed-in user of a state directory, for repository calls: a gRPC client interceptor that
 * sends {@value #HEADER} with a current access token, refreshing (and saving) it when it is about
 * to expire. Thread-safe.
 */
public final class UserSession {
  /** The metadata key the repository reads the user's token from. */
  public static final String HEADER = "x-peervault-user";
  private static final Metadata.Key<String> KEY = Metadata.Key.of(HEADER,
      Metadata.ASCII_STRING_MARSHALLER);
  private static final Duration REFRESH_BEFORE = Duration.ofSeconds(30);

  private final Path stateDir;
  private UserTokens tokens;

  private UserSession(Path stateDir, UserTokens tokens) {
    this.stateDir = stateDir;
    this.tokens = tokens;
  }

  /** Interceptors for calls on behalf of the user signed in at {@code stateDir}; none if nobody. */
  public static ClientInterceptor[] interceptors(Path stateDir) {
    return UserTokens.load(stateDir)
        .map(t -> new ClientInterceptor[] {bearer(new UserSession(stateDir, t)::accessToken)})
        .orElse(new ClientInterceptor[0]);
  }

  /** An interceptor sending {@code x-peervault-user: Bearer <token>} with each call. */
  public static ClientInterceptor bearer(Supplier<String> accessToken) {
    return new ClientInterceptor() {
      @Override
      public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method,
          CallOptions options, Channel next) {
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method,
            options)) {
          @Override
          public void start(Listener<R> listener, Metadata headers) {
            headers.put(KEY, "Bearer " + accessToken.get());
            super.start(listener, headers);
          }
        };
      }
    };
  }

  /** A current access token; refreshes it first when it expires within 30 seconds. */
  synchronized String accessToken() {
    Instant soon = Instant.now().plus(REFRESH_BEFORE);
    if (tokens.accessExpiresAt().isBefore(soon)) {
      if (tokens.refreshToken().isEmpty() || tokens.refreshExpiresAt().isBefore(soon)) {
        throw new LoginException("login: the session of " + tokens.username() + " ended; run"
            + " `peer-agent login` again");
      }
      tokens = OidcClient.discover(tokens.issuer(), tokens.clientId()).refresh(tokens);
      try {
        tokens.save(stateDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the refreshed sign-in in " + stateDir, e);
      }
    }
    return tokens.accessToken();
  }
}
