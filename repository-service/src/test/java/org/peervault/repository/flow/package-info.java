/**
 * End-to-end tests of the three flows: the real repository service (gRPC over a socket, a real
 * PostgreSQL) with real peer agents, each serving its own on-disk chunk store on its own socket.
 */
package org.peervault.repository.flow;
