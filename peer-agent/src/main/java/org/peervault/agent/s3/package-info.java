/**
 * The S3 gateway: the S3 REST protocol (routing, SigV4, aws-chunked bodies, XML bodies and
 * errors) over {@link org.peervault.agent.objects.ObjectStore}. Nothing below this package knows
 * S3.
 */
package org.peervault.agent.s3;
