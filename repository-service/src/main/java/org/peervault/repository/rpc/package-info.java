/**
 * The gRPC face of the repository for peer agents ({@code peervault.v1.Repository}): a plain
 * grpc-java Netty server, device authentication, and services that translate protobuf to and
 * from domain calls and nothing more.
 *
 * <p>Terms:
 * <ul>
 *   <li><b>handler thread</b>: a thread of the server's executor; it has no CDI request context
 *       of its own, so every domain call goes through {@link
 *       org.peervault.repository.rpc.RpcInvoker}, which activates one.
 *   <li><b>caller</b>: the device authenticated by {@link
 *       org.peervault.repository.rpc.DeviceAuthInterceptor}, carried in the gRPC {@code Context}.
 *   <li><b>status mapping</b>: {@link org.peervault.repository.rpc.StatusMapper}, the one place
 *       domain errors become gRPC statuses; unexpected errors become INTERNAL with an incident
 *       id, their stack trace only in the log.
 * </ul>
 * Nothing outside this package imports {@code io.grpc}.
 */
package org.peervault.repository.rpc;
