package org.peervault.agent.s3.sigv4;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.peervault.agent.s3.S3Error;

/**
 * The credential of a SigV4 request, {@code AKID/yyyyMMdd/region/service/aws4_request}.
 *
 * @param accessKeyId the access key id
 * @param date the scope's date (UTC)
 * @param region e.g. us-east-1
 * @param service "s3"
 */
public record CredentialScope(String accessKeyId, LocalDate date, String region, String service) {

  /**
   * Parses a credential.
   *
   * @param malformed the error to answer with (header or query-string authentication)
   */
  static CredentialScope parse(String credential, S3Error malformed) {
    String[] parts = credential.split("/", -1);
    if (parts.length != 5 || !parts[4].equals("aws4_request") || parts[0].isEmpty()) {
      throw malformed.exception("the Credential \"" + credential
          + "\" is not of the form ACCESS_KEY_ID/YYYYMMDD/REGION/s3/aws4_request");
    }
    try {
      LocalDate date = LocalDate.parse(parts[1], SigV4.SCOPE_DATE);
      return new CredentialScope(parts[0], date, parts[2], parts[3]);
    } catch (DateTimeParseException e) {
      throw malformed.exception("the Credential's date \"" + parts[1] + "\" is not YYYYMMDD");
    }
  }

  /** The scope as signed: {@code yyyyMMdd/region/service/aws4_request}. */
  public String scope() {
    return SigV4.SCOPE_DATE.format(date) + "/" + region + "/" + service + "/aws4_request";
  }

  /** Checks the scope names this gateway's region and S3. */
  void requireRegionAndService(String expectedRegion, S3Error malformed) {
    if (!region.equals(expectedRegion)) {
      throw malformed.exception("the region '" + region + "' is wrong; expecting '"
          + expectedRegion + "'").with("Region", expectedRegion);
    }
    if (!service.equals("s3")) {
      throw malformed.exception("the service '" + service + "' is wrong; expecting 's3'");
    }
  }
}
