package org.peervault.agent.s3.sigv4;

import java.util.Optional;
import org.peervault.agent.objects.ObjectStore.Principal;

/**
 * A request whose signature verified.
 *
 * @param principal the access key's owner
 * @param payloadMode how the body is protected
 * @param payloadSha256Hex the body's declared hex SHA-256 when {@code payloadMode} is SIGNED
 * @param chunkSigner the chunk signatures' source when chunks are signed
 */
public record Authentication(Principal principal, PayloadMode payloadMode,
    Optional<String> payloadSha256Hex, Optional<ChunkSigner> chunkSigner) {}
