package org.peervault.repository.testidp;

import java.io.IOException;
import java.net.CookieHandler;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A person at a browser, approving a device sign-in on Keycloak's own pages: opens the
 * verification link, fills in the code if asked, signs in, replaces a temporary password when
 * Keycloak requires it, and grants consent if asked. Plain HTTP with cookies; reads the forms
 * of each page as HTML.
 */
public final class KeycloakBrowser {
  private static final Pattern FORM = Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(.*?)"
      + "</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
  private static final Pattern INPUT = Pattern.compile("<input[^>]*>", Pattern.CASE_INSENSITIVE);
  private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
  private static final Pattern VALUE = Pattern.compile("value=\"([^\"]*)\"");
  private static final Pattern ERROR = Pattern.compile("(?:kc-feedback-text|input-error|"
      + "alert-error)[^>]*>\\s*([^<]+)<", Pattern.CASE_INSENSITIVE);

  private final HttpClient http = HttpClient.newBuilder().cookieHandler(new Jar())
      .followRedirects(HttpClient.Redirect.ALWAYS).connectTimeout(Duration.ofSeconds(10)).build();

  /**
   * Approves a device sign-in.
   *
   * @param newPassword set when Keycloak asks to update the password (after a reset)
   * @return the text of the last page (Keycloak's "device login successful" page)
   * @throws IllegalStateException when a page shows an error or no known form
   */
  public String approve(String verificationUri, String userCode, String username,
      String password, String newPassword) throws IOException, InterruptedException {
    HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(verificationUri))
        .GET().build(), HttpResponse.BodyHandlers.ofString());
    String previous = "";
    for (int step = 0; step < 8; step++) {
      String html = page.body();
      Matcher form = FORM.matcher(html);
      if (!form.find()) {
        return html;
      }
      Map<String, String> fields = hiddenFields(form.group(2));
      String inputs = form.group(2);
      if (inputs.contains("name=\"device_user_code\"")) {
        fields.put("device_user_code", userCode);
      } else if (inputs.contains("name=\"username\"") && inputs.contains("name=\"password\"")) {
        fields.put("username", username);
        fields.put("password", password);
      } else if (inputs.contains("name=\"password-new\"")) {
        fields.put("password-new", newPassword);
        fields.put("password-confirm", newPassword);
      } else if (inputs.contains("name=\"accept\"")) {
        fields.put("accept", "Yes");
      } else {
        return html;
      }
      String kind = fields.keySet().toString() + inputs.contains("name=\"password\"");
      if (kind.equals(previous)) {
        Matcher error = ERROR.matcher(html);
        throw new IllegalStateException("keycloak shows the same form again: "
            + (error.find() ? error.group(1).strip() : "(no message)"));
      }
      previous = kind;
      URI action = page.uri().resolve(form.group(1).replace("&amp;", "&"));
      page = http.send(HttpRequest.newBuilder(action)
          .header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString(encode(fields))).build(),
          HttpResponse.BodyHandlers.ofString());
    }
    throw new IllegalStateException("keycloak: sign-in did not finish within 8 pages");
  }

  /**
   * For scripts (the demo): {@code KeycloakBrowser VERIFICATION_URI USER_CODE USERNAME PASSWORD
   * NEW_PASSWORD} approves one device sign-in; exit 0 when Keycloak reports success.
   */
  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: KeycloakBrowser VERIFICATION_URI USER_CODE USERNAME PASSWORD"
          + " NEW_PASSWORD");
      System.exit(2);
    }
    String last = new KeycloakBrowser().approve(args[0], args[1], args[2], args[3], args[4]);
    boolean ok = last.toLowerCase(java.util.Locale.ROOT).contains("success");
    System.out.println(ok ? "approved the sign-in of " + args[2] : "sign-in not approved");
    System.exit(ok ? 0 : 1);
  }

  private static Map<String, String> hiddenFields(String formBody) {
    Map<String, String> fields = new LinkedHashMap<>();
    Matcher input = INPUT.matcher(formBody);
    while (input.find()) {
      String tag = input.group();
      if (!tag.contains("type=\"hidden\"")) {
        continue;
      }
      Matcher name = NAME.matcher(tag);
      Matcher value = VALUE.matcher(tag);
      if (name.find()) {
        fields.put(name.group(1), value.find() ? value.group(1).replace("&amp;", "&") : "");
      }
    }
    return fields;
  }

  private static String encode(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(),
        StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /**
   * Every cookie Keycloak sets, sent back on every request. Keycloak marks its session cookies
   * Secure (browsers accept that on http://localhost); java.net.CookieManager would drop them.
   */
  private static final class Jar extends CookieHandler {
    private final Map<String, String> cookies = new ConcurrentHashMap<>();

    @Override
    public Map<String, List<String>> get(URI uri, Map<String, List<String>> headers) {
      if (cookies.isEmpty()) {
        return Map.of();
      }
      return Map.of("Cookie", List.of(cookies.entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "))));
    }

    @Override
    public void put(URI uri, Map<String, List<String>> headers) {
      headers.forEach((name, values) -> {
        if (name != null && name.equalsIgnoreCase("Set-Cookie")) {
          for (String v : values) {
            String pair = v.split(";", 2)[0];
            int eq = pair.indexOf('=');
            if (eq > 0) {
              String value = pair.substring(eq + 1);
              boolean expired = v.toLowerCase().contains("max-age=0") || value.isEmpty();
              if (expired) {
                cookies.remove(pair.substring(0, eq).strip());
              } else {
                cookies.put(pair.substring(0, eq).strip(), value);
              }
            }
          }
        }
      });
    }
  }
}
