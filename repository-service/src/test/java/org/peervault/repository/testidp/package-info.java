/**
 * A real Keycloak for the tests: the server distribution from Maven Central, started once per
 * test run with the realm of deploy/keycloak (a client secret and test users generated at
 * start), and helpers that get tokens from it the way users do.
 */
package org.peervault.repository.testidp;
