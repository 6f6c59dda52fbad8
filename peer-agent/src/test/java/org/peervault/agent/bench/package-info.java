/**
 * The benchmark's tools, run by {@code deploy/local/bench.sh} from the test classpath: the seeded
 * dataset ({@link org.peervault.agent.bench.Dataset}), the machine's limits
 * ({@link org.peervault.agent.bench.MachineLimits}), the repository under concurrent agents
 * ({@link org.peervault.agent.bench.RepositoryLoad}), S3 PUT and GET
 * ({@link org.peervault.agent.bench.S3Load}) and the report with its chart
 * ({@link org.peervault.agent.bench.BenchReport}). A result is one line of {@code key=value} pairs
 * ({@link org.peervault.agent.bench.ResultLine}); timings are never asserted by tests.
 */
package org.peervault.agent.bench;
