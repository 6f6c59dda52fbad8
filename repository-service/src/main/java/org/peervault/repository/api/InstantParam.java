package org.peervault.repository.api;

import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Reads time filters ({@code ?from=2026-11-20T18:00:00Z}) as ISO-8601 instants; a bad one is a 400
 * problem that shows the expected form, not the 404 JAX-RS gives unparsable query parameters.
 */
@Provider
public class InstantParam implements ParamConverterProvider {

  @Override
  @SuppressWarnings("unchecked")
  public <T> ParamConverter<T> getConverter(Class<T> type, Type genericType,
      Annotation[] annotations) {
    if (type != Instant.class) {
      return null;
    }
    return (ParamConverter<T>) new ParamConverter<Instant>() {
      @Override
      public Instant fromString(String value) {
        if (value == null || value.isBlank()) {
          return null;
        }
        try {
          return Instant.parse(value.strip());
        } catch (DateTimeParseException e) {
          throw new BadRequestException("time \"" + value.replaceAll("\\p{Cntrl}", "?")
              + "\" is not an ISO-8601 instant such as 2026-11-20T18:00:00Z");
        }
      }

      @Override
      public String toString(Instant value) {
        return value.toString();
      }
    };
  }
}
