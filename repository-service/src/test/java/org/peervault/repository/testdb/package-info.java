/**
 * Test databases: a real PostgreSQL for every test run, found or started wherever the build
 * runs ({@link org.peervault.repository.testdb.LocalPostgres}), and its Quarkus test resource.
 */
package org.peervault.repository.testdb;
