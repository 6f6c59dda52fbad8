package org.peervault.agent.s3;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;
import org.peervault.agent.objects.ObjectStore;
import org.peervault.agent.objects.ObjectStore.Bucket;
import org.w3c.dom.Element;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning. */
final class BucketOperations {
  private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");

  private final ObjectStore store;
  private final S3GatewayConfig config;

  BucketOperations(ObjectStore store, S3GatewayConfig config) {
    this.store = store;
    this.config = config;
  }

  void listBuckets(S3Exchange exchange) throws IOException {
    XmlWriter xml = XmlWriter.document("ListAllMyBucketsResult");
    owner(xml, exchange);
    xml.start("Buckets");
    for (Bucket bucket : store.listBuckets(exchange.principal())) {
      xml.start("Bucket").element("Name", bucket.name())
          .element("CreationDate", bucket.createdAt())
          .element("BucketRegion", config.region()).end();
    }
    xml.end();
    exchange.sendXml(200, xml);
  }

  void createBucket(S3Exchange exchange) throws IOException {
    S3Request request = exchange.request();
    String name = request.bucket();
    requireValidName(name);
    Optional<String> constraint = locationConstraint(exchange);
    if (constraint.isPresent() && !constraint.get().equals(config.region())
        && !(constraint.get().isEmpty() && config.region().equals("us-east-1"))) {
      throw S3Error.INVALID_LOCATION_CONSTRAINT.exception("this gateway serves region "
          + config.region() + ", not " + constraint.get()
          + ": create the bucket without a LocationConstraint or with " + config.region());
    }
    store.createBucket(exchange.principal(), name);
    exchange.header("Location", "/" + name);
    exchange.sendEmpty(200);
  }

  void headBucket(S3Exchange exchange) throws IOException {
    requireBucket(exchange);
    exchange.header("x-amz-bucket-region", config.region());
    exchange.sendEmpty(200);
  }

  void deleteBucket(S3Exchange exchange) throws IOException {
    store.deleteBucket(exchange.principal(), exchange.request().bucket());
    exchange.sendEmpty(204);
  }

  void location(S3Exchange exchange) throws IOException {
    requireBucket(exchange);
    // S3 answers an empty constraint for us-east-1.
    XmlWriter xml = XmlWriter.document("LocationConstraint");
    if (!config.region().equals("us-east-1")) {
      xml.text(config.region());
    }
    exchange.sendXml(200, xml);
  }

  void versioning(S3Exchange exchange) throws IOException {
    requireBucket(exchange);
    exchange.sendXml(200, XmlWriter.document("VersioningConfiguration"));
  }

  /** The bucket's description; NoSuchBucket when it does not exist. */
  Bucket requireBucket(S3Exchange exchange) {
    return requireBucket(store, exchange);
  }

  static Bucket requireBucket(ObjectStore store, S3Exchange exchange) {
    String name = exchange.request().bucket();
    return store.bucket(exchange.principal(), name).orElseThrow(() ->
        S3Error.NO_SUCH_BUCKET.exception("The specified bucket " + name + " does not exist")
            .with("BucketName", name));
  }

  static void owner(XmlWriter xml, S3Exchange exchange) {
    party(xml, "Owner", exchange);
  }

  /** An Owner or Initiator element naming the caller. */
  static void party(XmlWriter xml, String element, S3Exchange exchange) {
    xml.start(element).element("ID", Long.toString(exchange.principal().userId()))
        .element("DisplayName", exchange.principal().accessKeyId()).end();
  }

  /** S3's DNS rules for bucket names. */
  static void requireValidName(String name) {
    if (!BUCKET_NAME.matcher(name).matches() || name.contains("..")
        || IP_ADDRESS.matcher(name).matches() || name.startsWith("xn--")
        || name.endsWith("-s3alias") || name.contains(".-") || name.contains("-.")) {
      throw S3Error.INVALID_BUCKET_NAME.exception("The specified bucket \"" + name + "\" is "
          + "not valid: use 3 to 63 lower-case letters, digits, dots and hyphens, starting and "
          + "ending with a letter or digit").with("BucketName", name);
    }
  }

  private static Optional<String> locationConstraint(S3Exchange exchange) throws IOException {
    byte[] body = XmlRequests.read(exchange.body().stream());
    if (body.length == 0) {
      return Optional.empty();
    }
    Element root = XmlRequests.parse(body, "CreateBucketConfiguration");
    return XmlRequests.childText(root, "LocationConstraint").map(String::strip);
  }
}
